package dev.kart.cli;

import dev.kart.cli.text.OccupantText;
import dev.kart.cli.text.TextTable;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.cache.Publication;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.NodeIdentity;
import dev.kart.core.internal.info.TaskHistory;
import dev.kart.core.internal.info.TaskInfo;
import dev.kart.internal.text.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code kart info}'s text: one task's state and outputs, who ran it, and every node's records and attempts. */
final class InfoText {
    private static final String INDENT = "  ";
    private static final String[] NODES_HEADER = {"NODE", "RECORD", "STATE", "ATTEMPTS", "COLLISIONS", "LOCK WAIT",
        "RUN LEASE TOKENS"};
    private static final String[] ATTEMPTS_HEADER = {"NODE", "#", "START", "DURATION", "OUTCOME", "COLLISIONS",
        "LOCK WAIT", "ERROR"};
    /** Log lines shown per record without {@code -v}: the last ones, where a failure's story ends. */
    static final int LOG_LINES_SHOWN = 20;

    private InfoText() {
    }

    /**
     * @param node the task, with whether its outputs exist
     * @param history what task info holds of it
     * @param infoFile its task info file, which may not exist
     * @param paths shows an object of the workspace, given by relative path
     * @param store tells whether a cache file exists, and what stands at its path when not
     * @param traces whether to show the whole stack trace of each attempt that failed and every log line
     *     ({@code -v}), rather than the first line of its error and each record's last
     *     {@value #LOG_LINES_SHOWN} log lines
     * @param runLock the task's run lock now, as a lock backend that nodes share says; empty with one that knows
     *     only this process's locks (in-memory), where nothing is said of it
     * @return the text, ending with a line break
     */
    static String render(TaskNode node, TaskHistory history, String infoFile, Function<String, String> paths,
            CacheStore store, boolean traces, Optional<RunLockNow> runLock) {
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"unique id", node.uniqueId()});
        ranWith(node, history).ifPresent(values -> facts.add(new String[] {"ran with", values}));
        facts.add(new String[] {"complete", node.complete() ? "yes" : "no"});
        List<CacheTarget> outputs = node.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            CacheTarget output = outputs.get(i);
            facts.add(new String[] {i == 0 ? "outputs" : "", paths.apply(output.path()) + missing(store, output)});
        }
        int nodeRecords = history.nodeRecords().size();
        facts.add(new String[] {"task info", paths.apply(infoFile) + (history.taskRecord().isPresent() ? "" : none(history))
                + (nodeRecords == 0 ? "" : ", and " + nodeRecords + " record" + (nodeRecords == 1 ? "" : "s")
                        + " of single nodes beside it")});
        ranBy(history, facts);
        runLock.ifPresent(lock -> facts.add(new String[] {"run lock", lock.text()}));

        StringBuilder out = new StringBuilder(node.label()).append('\n');
        out.append(TextTable.render(facts, INDENT));
        if (history.isEmpty() && history.taskRecordUnreadable()) {
            out.append("\nThe task's info file cannot be read (below): it may have been cut short by a kill during its"
                    + " first write, or changed by hand. The task's outputs are not affected; its next run writes the"
                    + " file anew.\n");
        } else if (history.isEmpty()) {
            out.append(node.complete()
                    ? "\nNo node left task info for this task: its outputs exist, made by a run whose record could not be"
                            + " written, was removed, or was never written (kart.task-info.enabled = false).\n"
                    // task info is written when an attempt ends: a run killed before that left none
                    : "\nNo node left task info for this task: no attempt of it ended in this workspace with task"
                            + " info on (kart.task-info.enabled), which is when task info is written. It may never have"
                            + " run here (a build does not run it once a task it depends on failed: kart info of that task"
                            + " says),"
                            + " or the process that ran it was killed or crashed before its attempt ended."
                            + (runLock.filter(RunLockNow::held).isPresent() ? " Its run lock is held now (above)." : "")
                            + "\n");
        } else {
            out.append("\nNodes:\n").append(TextTable.render(nodes(history), INDENT));
            List<NodeAttempt> all = attemptsInOrder(history);
            out.append("\nAttempts:\n").append(all.isEmpty() ? INDENT + "none recorded\n"
                    : TextTable.render(attempts(all), INDENT));
            List<NodeAttempt> failed = all.stream().filter(each -> each.attempt().stackTrace() != null).toList();
            if (traces) {
                stackTraces(failed, out);
            } else if (!failed.isEmpty()) {
                out.append(INDENT).append("(-v shows the whole stack trace of each failed attempt)\n");
            }
            logLines(history, traces, out);
        }
        for (String unreadable : history.unreadable()) {
            out.append("could not read ").append(unreadable).append('\n');
        }
        return out.toString();
    }

    /**
     * The values of the task's {@code @Insignificant} parameters in the record of its run: they leave the
     * unique id as it is, so the run may have had others than this command line's, which the first line shows.
     */
    private static Optional<String> ranWith(TaskNode node, TaskHistory history) {
        Map<String, Object> recorded = history.ranBy().or(history::taskRecord).map(TaskInfo::parameters).orElse(Map.of());
        String values = node.type().parameters().stream()
                .filter(parameter -> !parameter.significant() && recorded.containsKey(parameter.name()))
                .map(parameter -> parameter.name() + "=" + recorded.get(parameter.name())).collect(Collectors.joining(", "));
        return values.isEmpty() ? Optional.empty() : Optional.of(values + " (@Insignificant, as the recorded run had them)");
    }

    private static String missing(CacheStore store, CacheTarget output) {
        if (store.exists(output)) {
            return "";
        }
        return store.occupant(output).map(occupant -> " (missing: " + OccupantText.of(occupant) + ")").orElse(" (missing)");
    }

    /** Why there is no task record: no file, a file that cannot be read, or something that is no file at its path. */
    private static String none(TaskHistory history) {
        if (history.taskRecordUnreadable()) {
            return " (cannot be read: see below)";
        }
        return history.occupant().map(occupant -> " (none: " + occupant + ")").orElse(" (none)");
    }

    private static void ranBy(TaskHistory history, List<String[]> facts) {
        if (history.ranBy().isPresent()) {
            TaskInfo ran = history.ranBy().get();
            // without a task record, the publisher's own record names it: the task info line says why there is none
            facts.add(new String[] {"ran by", NodeIdentity.of(ran) + ", done at " + time(ran.end()) + " after "
                    + count(ran.attempts().size(), "attempt") + " (" + duration(ran.durationMillis()) + ")"
                    + (history.taskRecord().isEmpty() ? ", as its own record says" : "")});
            facts.add(new String[] {"run lease", ran.lock().runLock() ? tokens(ran.lock().fencingTokens())
                    : "none: the task does not take the run lock"});
            List<Publication> publications = ran.publications();
            for (int i = 0; i < publications.size(); i++) {
                Publication publication = publications.get(i);
                facts.add(new String[] {i == 0 ? "published" : "", publication.path() + ", fencing token "
                        + publication.fencingToken() + ", at " + time(publication.at())});
            }
        } else if (history.taskRecord().isPresent()) {
            TaskInfo last = history.taskRecord().get();
            facts.add(new String[] {"ran by", "no node published its outputs; the task's record says " + last.state()
                    + " (" + NodeIdentity.of(last) + ", at " + time(last.end()) + ")"});
        } else if (!history.nodeRecords().isEmpty()) {
            // no task record (something stands at its path, or it was removed): the latest node's own record says
            TaskInfo last = history.nodeRecords().get(history.nodeRecords().size() - 1);
            facts.add(new String[] {"ran by", (history.taskRecordUnreadable() ? "unknown: the task info file cannot be"
                    + " read" : "no node published its outputs") + "; the latest node's own record says " + last.state()
                    + " (" + NodeIdentity.of(last) + ", at " + time(last.end()) + ")"});
        } else {
            facts.add(new String[] {"ran by", history.taskRecordUnreadable() ? "unknown: the task info file cannot be read"
                    : "unknown: no task info file"});
        }
    }

    private static List<String[]> nodes(TaskHistory history) {
        List<String[]> rows = new ArrayList<>();
        rows.add(NODES_HEADER);
        history.taskRecord().ifPresent(record -> rows.add(nodeRow(record, "task info")));
        history.nodeRecords().forEach(record -> rows.add(nodeRow(record, "own")));
        return rows;
    }

    private static String[] nodeRow(TaskInfo record, String kind) {
        return new String[] {NodeIdentity.of(record).toString(), kind, record.state(),
            Integer.toString(record.attempts().size()), Integer.toString(record.lock().collisions()),
            duration(record.lock().waitMillis()), record.lock().fencingTokens().isEmpty() ? "-"
                : record.lock().fencingTokens().stream().map(String::valueOf).collect(Collectors.joining(", "))};
    }

    /**
     * An attempt of the node that recorded it.
     *
     * @param discarded whether it succeeded but its result was discarded: its node's record says
     *     ALREADY_COMPLETE, another node having published the outputs first
     */
    private record NodeAttempt(String node, TaskInfo.Attempt attempt, boolean discarded) {
    }

    /** Every node's attempts, in the order they started: how the nodes took turns. */
    private static List<NodeAttempt> attemptsInOrder(TaskHistory history) {
        List<NodeAttempt> all = new ArrayList<>();
        for (TaskInfo record : history.all()) {
            String node = NodeIdentity.of(record).toString();
            boolean lostPublish = "ALREADY_COMPLETE".equals(record.state());
            record.attempts().forEach(attempt -> all.add(new NodeAttempt(node, attempt,
                    lostPublish && "DONE".equals(attempt.outcome()))));
        }
        all.sort(Comparator.comparing((NodeAttempt each) -> each.attempt().start(),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return all;
    }

    private static List<String[]> attempts(List<NodeAttempt> all) {
        List<String[]> rows = new ArrayList<>();
        rows.add(ATTEMPTS_HEADER);
        for (NodeAttempt each : all) {
            TaskInfo.Attempt attempt = each.attempt();
            rows.add(new String[] {each.node(), Integer.toString(attempt.number()), time(attempt.start()),
                duration(attempt.durationMillis()), each.discarded() ? "DONE, discarded (another node published"
                        + " first)" : attempt.outcome(), Integer.toString(attempt.collisions()),
                duration(attempt.lockWaitMillis()), error(attempt)});
        }
        return rows;
    }

    /** The stored trace of each attempt, whole, causes included, indented under a line naming it. */
    private static void stackTraces(List<NodeAttempt> failed, StringBuilder out) {
        out.append("\nStack traces:\n");
        if (failed.isEmpty()) {
            out.append(INDENT).append("none: no attempt failed\n");
        }
        for (NodeAttempt each : failed) {
            TaskInfo.Attempt attempt = each.attempt();
            out.append(INDENT).append(each.node()).append(" attempt ").append(attempt.number()).append(", ")
                    .append(attempt.outcome()).append(" at ").append(time(attempt.end())).append(":\n");
            attempt.stackTrace().lines().forEach(line -> out.append(INDENT).append(INDENT)
                    .append(line.replace("\t", "    ")).append('\n'));
        }
    }

    /**
     * What each record's {@code ctx.log()} kept, under a line naming the node; records without lines are
     * left out, and so is the section when none has any.
     */
    private static void logLines(TaskHistory history, boolean all, StringBuilder out) {
        List<TaskInfo> logged = history.all().stream().filter(record -> !logOf(record).isEmpty()).toList();
        if (logged.isEmpty()) {
            return;
        }
        out.append("\nLog:\n");
        boolean taskRecord = history.taskRecord().isPresent();
        for (TaskInfo record : logged) {
            List<String> lines = logOf(record);
            int from = all ? 0 : Math.max(0, lines.size() - LOG_LINES_SHOWN);
            out.append(INDENT).append(NodeIdentity.of(record)).append(taskRecord && record == history.all().get(0)
                    ? " (task info)" : " (own record)").append(", ").append(count(lines.size(), "line"))
                    .append(from == 0 ? "" : ", the last " + (lines.size() - from) + " shown (-v shows every line)")
                    .append(":\n");
            for (String line : lines.subList(from, lines.size())) {
                // a message of several lines: its later lines further in, not to be read as lines of their own
                List<String> parts = line.lines().toList();
                for (int i = 0; i < parts.size(); i++) {
                    out.append(INDENT).append(INDENT).append(i == 0 ? millis(parts.get(i)) : INDENT + parts.get(i))
                            .append('\n');
                }
            }
        }
    }

    /** The record's log lines; none when a record written by hand or cut short holds no list, or nulls in it. */
    private static List<String> logOf(TaskInfo record) {
        return record.log() == null ? List.of() : record.log().stream().filter(Objects::nonNull).toList();
    }

    /** A line as task info keeps it, {@code INSTANT LEVEL message}, with its instant to the millisecond as elsewhere. */
    private static String millis(String line) {
        int space = line.indexOf(' ');
        if (space > 0) {
            try {
                return time(Instant.parse(line.substring(0, space))) + line.substring(space);
            } catch (DateTimeParseException e) {
                // a continuation of a message of several lines, or a line kept by another version: as it is
            }
        }
        return line;
    }

    private static String tokens(List<Long> tokens) {
        if (tokens.isEmpty()) {
            return "none taken";
        }
        return (tokens.size() == 1 ? "fencing token " : "fencing tokens ")
                + tokens.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String time(Instant instant) {
        return instant == null ? "?" : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String duration(long millis) {
        return DurationText.of(Duration.ofMillis(millis));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The summary's line for the attempt's error; the error's first line in files written before kart kept it. */
    private static String error(TaskInfo.Attempt attempt) {
        return attempt.cause() != null ? attempt.cause() : firstLine(attempt.error());
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
