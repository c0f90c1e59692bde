package dev.kart.core;

import dev.kart.core.internal.config.TaskSections;
import dev.kart.core.internal.failure.Causes;
import dev.kart.core.internal.failure.FailureLine;
import dev.kart.core.internal.failure.LinkageErrors;
import dev.kart.core.internal.failure.ThrowSite;
import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.schedule.NoRetryMends;
import dev.kart.internal.text.DurationText;
import dev.kart.task.RunWithLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** Renders a {@link BuildReport} as luigi renders its execution summary: counts per state, grouped by family. */
final class SummaryText {
    private static final int EXAMPLES_PER_FAMILY = 3;
    private static final String TASK_INFO = "      task info, with every attempt's stack trace: ";

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
        section(out, outcomes, o -> o.state() == TaskState.ALREADY_COMPLETE && o.foundCompleteAtRun()
                && !o.discardedAfterRun(), "were complete when their turn came (run by another node)");
        // ran here, but lost the publish: saying "run by another node" would hide the work done here
        section(out, outcomes, TaskOutcome::discardedAfterRun,
                "ran here, but another node had published the outputs first (those were kept, this run's result discarded)");
        out.append(runLockAdvice(outcomes));
        List<TaskOutcome> failed = outcomes.stream().filter(o -> o.state() == TaskState.FAILED).toList();
        if (!failed.isEmpty()) {
            out.append("* ").append(failed.size()).append(" failed:\n");
            for (TaskOutcome failure : failed) {
                out.append("    - ").append(failure.label()).append(" after ").append(failure.attempts())
                        .append(plural(failure.attempts(), " attempt", " attempts"))
                        .append(": ").append(failure.failure().map(FailureLine::of).orElse("unknown error"))
                        .append(throwSite(failure)).append(notRetried(failure)).append(missingClass(failure)).append('\n');
                if (failure.taskInfo().isPresent()) {
                    out.append(TASK_INFO).append(paths.apply(failure.taskInfo().get())).append('\n');
                } else if (failure.taskInfoUri().isPresent()) {
                    // an object of a store (s3://...): kart info reads it where no file can be opened
                    out.append(TASK_INFO).append(failure.taskInfoUri().get())
                            .append(" (kart info TASK -v, with this run's --workspace and settings, prints it)\n");
                }
            }
        }
        section(out, outcomes, o -> o.state() == TaskState.UPSTREAM_FAILED, "were not run because an upstream task failed");
        section(out, outcomes, o -> o.state() == TaskState.INTERRUPTED,
                // nothing of their leases: whether the backend confirmed their release is known only once the runtime
                // closes, after this summary (kart run's last line tells)
                "were interrupted while running, waiting for a lock or waiting to retry (nothing published)");
        section(out, outcomes, o -> !o.state().isFinal(), "were not run because the build was interrupted");
        long retried = outcomes.stream().filter(SummaryText::retried).count();
        if (retried > 0) {
            out.append("* ").append(retried).append(retried == 1 ? " was" : " were")
                    .append(" retried (counted above by final state)\n");
        }
        if (report.succeeded()) {
            out.append("This build succeeded in ").append(elapsed(report)).append('.');
        } else if (report.interrupted()) {
            out.append("This build was interrupted after ").append(elapsed(report)).append("; run it again to finish it.");
        } else {
            out.append("This build failed in ").append(elapsed(report)).append(": ").append(failed.size())
                    .append(plural(failed.size(), " task", " tasks")).append(" failed for good.");
        }
        return out.append("\n===== end of summary =====").toString();
    }

    /**
     * How to stop computing a task twice, when nodes did so: the discarded results alone do not say that
     * the run lock is what keeps a second node from running a task (gokart's {@code should_lock_run}), nor
     * that a run lock coordinates only the nodes of one lock backend (the in-memory one: its own process).
     * The report does not say which backend the build had, so a run-locked task gets both causes.
     *
     * @return an indented line to follow the discarded tasks; empty when no task's result was discarded
     */
    private static String runLockAdvice(List<TaskOutcome> outcomes) {
        // one pass, no lambdas: every run's summary comes here, a cached run's included
        boolean discarded = false;
        // of each kind of task that ran without its run lock, the first: its key is named as it is written (the
        // summary lists the tasks above), of a task the advice is true for
        TaskOutcome firstAnnotated = null;
        TaskOutcome firstUnannotated = null;
        for (TaskOutcome outcome : outcomes) {
            if (outcome.discardedAfterRun()) {
                discarded = true;
                if (!outcome.lock().runLock()) {
                    if (outcome.task().getClass().isAnnotationPresent(RunWithLock.class)) {
                        firstAnnotated = firstAnnotated == null ? outcome : firstAnnotated;
                    } else {
                        firstUnannotated = firstUnannotated == null ? outcome : firstUnannotated;
                    }
                }
            }
        }
        if (firstUnannotated != null) {
            return "    (ran without a run lock: to have one node run each task, mark its class @RunWithLock, set"
                    + " " + lockRunKey(firstUnannotated) + " = true, or give -D kart.lock.run-all=true; the nodes must"
                    + " share a lock backend: Redis (kart.lock.redis.host, sentinel or cluster.nodes), not the in-memory"
                    + " default)\n";
        }
        if (firstAnnotated != null) {
            // every such class is @RunWithLock: only a task section's lock-run = false takes the lock away
            return "    (ran without a run lock: its class is @RunWithLock, but " + lockRunKey(firstAnnotated) + " = false"
                    + " turns the run lock off; remove that to have one node run it)\n";
        }
        if (discarded) {
            return "    (ran under its run lock, yet another node published first: the nodes do not share a lock"
                    + " backend (the in-memory default coordinates one process; use Redis (kart.lock.redis.host,"
                    + " sentinel or cluster.nodes), and the same kart.lock.redis.client on every node), or its run lease ran out while it ran (a"
                    + " node paused for longer than kart.lock.ttl))\n";
        }
        return "";
    }

    /** @return the task's {@code lock-run} key in its section: {@code kart.tasks."a.Task".lock-run} */
    private static String lockRunKey(TaskOutcome outcome) {
        return TaskSections.key(TaskType.of(outcome.task()).family(), "lock-run");
    }

    /**
     * The line of code that threw, so that a user sees where to look without opening the task info file:
     * it follows the failure it belongs to.
     */
    private static String throwSite(TaskOutcome failure) {
        return failure.failure().flatMap(error -> ThrowSite.of(error, failure.task().getClass()))
                .map(site -> " (" + site + ")").orElse("");
    }

    /**
     * Whether a failed attempt of the task was followed by another try: a later attempt, or the retry's
     * completeness check, which found it done (a run-lock collision's retry after the holder finished),
     * as the warning "it will be retried" announced. A task whose only attempt failed for good, or that was
     * interrupted while waiting to retry, was not.
     */
    private static boolean retried(TaskOutcome outcome) {
        List<AttemptOutcome> history = outcome.attemptHistory();
        return outcome.attempts() > 1 || history.size() > 1 || !history.isEmpty()
                && history.get(history.size() - 1).outcome() == TaskState.FAILED
                && (outcome.state() == TaskState.DONE || outcome.state() == TaskState.ALREADY_COMPLETE);
    }

    /**
     * That a failure only a person can mend was not retried, and why: no retry is made for it whatever
     * the retry count, and "after 1 attempt" alone reads as if the count were 0. It follows the failure,
     * which names the path that its "stands there" refers to, or the lock key and what it holds.
     */
    private static String notRetried(TaskOutcome failure) {
        return NoRetryMends.why(failure.failure().orElse(null))
                .map(why -> (failure.attempts() == 1 ? "; not retried: " : "; not retried again: ") + why).orElse("");
    }

    /**
     * What to do when the failure is a class its code needs and the class path lacks (a jar left out of
     * {@code --classpath}): the exception alone names the class, not that the class path is at fault.
     */
    private static String missingClass(TaskOutcome failure) {
        return Causes.find(failure.failure().orElse(null), LinkageErrors::isMissingClass)
                .map(missing -> "; a class its code uses is not on the class path: " + LinkageErrors.addToClassPath())
                .orElse("");
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

    /** As the progress notes and {@code kart info} word a measured time: {@code 850ms}, {@code 12.3s}, {@code 2m05s}. */
    private static String elapsed(BuildReport<?> report) {
        return DurationText.of(report.elapsed());
    }
}
