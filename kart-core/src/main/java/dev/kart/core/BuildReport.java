package dev.kart.core;

import dev.kart.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The result of one build: every task's outcome, the root's output when the build succeeded, and a
 * summary like luigi's. Immutable.
 *
 * @param root the task asked for
 * @param outcomes one per task in the graph, dependencies first
 * @param rootOutput the root's output, present when the build succeeded, the root has one and the
 *     options asked for it ({@link BuildOptions#rootOutput()}, the default)
 * @param elapsed the build's wall-clock time
 * @param <T> the root's output type
 */
public record BuildReport<T>(Task<T> root, List<TaskOutcome> outcomes, Optional<T> rootOutput, Duration elapsed) {
    /** Copies the list. */
    public BuildReport {
        outcomes = List.copyOf(outcomes);
    }

    /** @return whether every task ended done or complete: none failed, was left unrun or was interrupted */
    public boolean succeeded() {
        return !interrupted()
                && outcomes.stream().noneMatch(o -> o.state() == TaskState.FAILED || o.state() == TaskState.UPSTREAM_FAILED);
    }

    /**
     * @return whether the build was interrupted: some task was {@linkplain TaskState#INTERRUPTED stopped}
     *     or never reached a final state
     */
    public boolean interrupted() {
        return outcomes.stream().anyMatch(o -> o.state() == TaskState.INTERRUPTED || !o.state().isFinal());
    }

    /**
     * @param state a final state
     * @return how many tasks ended in it
     */
    public int count(TaskState state) {
        return (int) outcomes.stream().filter(o -> o.state() == state).count();
    }

    /** @return the outcomes of tasks that failed for good */
    public List<TaskOutcome> failures() {
        return outcomes.stream().filter(o -> o.state() == TaskState.FAILED).toList();
    }

    /** @return the outcome of the root task */
    public TaskOutcome rootOutcome() {
        return outcomes.get(outcomes.size() - 1);
    }

    /**
     * @return the execution summary, as logged at the end of the build: counts per state, each failed
     *     task with its error on one line and the absolute path of its task info file, which holds every
     *     attempt's stack trace (on a workspace that is not a local directory, the record's URI, such as
     *     {@code s3://bucket/prefix/log/...json})
     */
    public String summary() {
        return summary(Path::toString);
    }

    /**
     * @param paths shows a task info file's path, such as relative to the working directory as the
     *     {@code kart} command shows paths
     * @return the execution summary, as {@link #summary()}, with task info files shown by {@code paths}
     */
    public String summary(Function<Path, String> paths) {
        return SummaryText.of(this, paths);
    }
}
