package dev.kart.core;

import dev.kart.KartException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** Renders a {@link BuildReport} as luigi renders its execution summary: counts per state, grouped by family. */
final class SummaryText {
    private static final int EXAMPLES_PER_FAMILY = 3;
    // a client library's or a task's message can be a page long (a script, a query, a document); the
    // summary keeps one line of it, task info and kart run -v the whole
    private static final int FOREIGN_MESSAGE_CHARS = 200;
    private static final int QUOTED_START_CHARS = 32;

    private SummaryText() {
    }

    /**
     * @param report a build's report
     * @param paths shows a task info file's path
     * @return the summary, without a line break at the end
     */
    static String of(BuildReport<?> report, Function<Path, String> paths) {
        List<TaskOutcome> outcomes = report.outcomes();
        StringBuilder out = new StringBuilder("===== kart execution summary =====\n");
        out.append("Scheduled ").append(outcomes.size()).append(plural(outcomes.size(), " task", " tasks"))
                .append(" of which:\n");
        section(out, outcomes, o -> o.state() == TaskState.DONE, "ran successfully");
        section(out, outcomes, o -> o.state() == TaskState.ALREADY_COMPLETE && !o.foundCompleteAtRun(), "were already complete");
        section(out, outcomes, o -> o.state() == TaskState.ALREADY_COMPLETE && o.foundCompleteAtRun(),
                "were complete when their turn came (run by another node)");
        List<TaskOutcome> failed = outcomes.stream().filter(o -> o.state() == TaskState.FAILED).toList();
        if (!failed.isEmpty()) {
            out.append("* ").append(failed.size()).append(" failed:\n");
            for (TaskOutcome failure : failed) {
                out.append("    - ").append(failure.label()).append(" after ").append(failure.attempts())
                        .append(plural(failure.attempts(), " attempt", " attempts")).append(": ")
                        .append(failure.failure().map(SummaryText::failureLine).orElse("unknown error")).append('\n');
                failure.taskInfo().ifPresent(file -> out.append("      task info, with every attempt's stack trace: ")
                        .append(paths.apply(file)).append('\n'));
            }
        }
        section(out, outcomes, o -> o.state() == TaskState.UPSTREAM_FAILED, "were not run because an upstream task failed");
        section(out, outcomes, o -> o.state() == TaskState.INTERRUPTED,
                "were interrupted while running or waiting for a lock (leases released, nothing published)");
        section(out, outcomes, o -> !o.state().isFinal(), "were not run because the build was interrupted");
        long retried = outcomes.stream().filter(o -> o.attempts() > 1).count();
        if (retried > 0) {
            out.append("* ").append(retried).append(retried == 1 ? " was" : " were")
                    .append(" retried (counted above by final state)\n");
        }
        if (report.succeeded()) {
            out.append("This build succeeded in ").append(seconds(report)).append('.');
        } else if (report.interrupted()) {
            out.append("This build was interrupted after ").append(seconds(report)).append("; run it again to finish it.");
        } else {
            out.append("This build failed in ").append(seconds(report)).append(": ").append(failed.size())
                    .append(plural(failed.size(), " task", " tasks")).append(" failed for good.");
        }
        return out.append("\n===== end of summary =====").toString();
    }

    /**
     * @param error a failed task's error
     * @return one line: for kart's own errors ({@link KartException}), the class and message, which
     *     name the thing at fault, then the deepest cause that has a message when the message does not
     *     quote it already;
     *     for any other error, the deepest cause's class and message, which is what a user has to
     *     fix, then the error's own message when it adds something
     */
    static String failureLine(Throwable error) {
        Throwable root = rootCause(error);
        if (error instanceof KartException) {
            String message = firstLine(error.getMessage(), Integer.MAX_VALUE);
            String text = error.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
            // the cause with words, deepest first: one without a message (a closed channel) adds only its class
            Throwable cause = error.getCause() == null ? null : deepestWithMessage(error.getCause()).orElse(root);
            if (cause == null || quotesAnyCause(message, error.getCause())) {
                return text;
            }
            String causeMessage = firstLine(cause.getMessage(), FOREIGN_MESSAGE_CHARS);
            return text + ": " + cause.getClass().getSimpleName() + (causeMessage.isEmpty() ? "" : ": " + causeMessage);
        }
        String rootMessage = firstLine(root.getMessage(), FOREIGN_MESSAGE_CHARS);
        String rootText = root.getClass().getSimpleName() + (rootMessage.isEmpty() ? "" : ": " + rootMessage);
        String message = firstLine(error.getMessage(), FOREIGN_MESSAGE_CHARS);
        // new RuntimeException(cause) takes the cause's text as its message: said once
        boolean addsSomething = root != error && !message.isEmpty() && !saysAlready(message, root);
        return rootText + (addsSomething ? " (" + message + ")" : "");
    }

    /**
     * Whether a message quotes a cause already, as kart's messages do with what a library said: its
     * start is enough, since kart keeps only the first words of a library's long messages.
     */
    private static boolean saysAlready(String message, Throwable cause) {
        String causeMessage = firstLine(cause.getMessage(), Integer.MAX_VALUE);
        // without a closing full stop, which a quote in the middle of kart's sentence drops
        String quoted = causeMessage.isEmpty() ? cause.getClass().getSimpleName()
                : causeMessage.substring(0, Math.min(causeMessage.length(), QUOTED_START_CHARS)).replaceAll("[.!]+$", "");
        return message.contains(quoted);
    }

    /**
     * Whether kart's message quotes any error of the chain already, a suppressed one included: Jedis
     * keeps the socket's "Connection refused" as a suppressed error of its "Failed to connect to
     * host:port.", and kart's lock messages quote the socket's words (kart-lock-redis RedisFailures).
     */
    private static boolean quotesAnyCause(String message, Throwable cause) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable current = cause; current != null && seen.add(current); current = current.getCause()) {
            if (saysAlready(message, current)) {
                return true;
            }
            for (Throwable suppressed : current.getSuppressed()) {
                if (saysAlready(message, suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<Throwable> deepestWithMessage(Throwable error) {
        Throwable found = null;
        Throwable current = error;
        for (int depth = 0; current != null && depth < 100; depth++) {
            if (!firstLine(current.getMessage(), Integer.MAX_VALUE).isEmpty()) {
                found = current;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return Optional.ofNullable(found);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 100; depth++) {
            root = root.getCause();
        }
        return root;
    }

    private static String firstLine(String message, int maxChars) {
        String line = message == null ? "" : message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                .orElse("");
        return line.length() <= maxChars ? line : line.substring(0, maxChars) + "...";
    }

    private static void section(StringBuilder out, List<TaskOutcome> outcomes, Predicate<TaskOutcome> filter, String what) {
        Map<String, List<TaskOutcome>> byFamily = new LinkedHashMap<>();
        for (TaskOutcome outcome : outcomes) {
            if (filter.test(outcome)) {
                byFamily.computeIfAbsent(outcome.task().getClass().getName(), k -> new ArrayList<>()).add(outcome);
            }
        }
        int total = byFamily.values().stream().mapToInt(List::size).sum();
        if (total == 0) {
            return;
        }
        out.append("* ").append(total).append(' ').append(total == 1 ? singular(what) : what).append(":\n");
        byFamily.forEach((family, members) -> {
            if (members.size() <= EXAMPLES_PER_FAMILY) {
                members.forEach(member -> out.append("    - ").append(member.label()).append('\n'));
            } else {
                out.append("    - ").append(members.size()).append(' ').append(family).append(", such as ")
                        .append(members.get(0).label()).append('\n');
            }
        });
    }

    private static String singular(String plural) {
        return plural.replaceFirst("^were ", "was ").replace("their turn", "its turn");
    }

    private static String plural(long count, String one, String many) {
        return count == 1 ? one : many;
    }

    private static String seconds(BuildReport<?> report) {
        return String.format(java.util.Locale.ROOT, "%.2f s", report.elapsed().toNanos() / 1e9);
    }
}
