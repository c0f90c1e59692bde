package dev.kart.core;

/**
 * Follows a build as it goes, for progress displays. Called from worker threads; implementations
 * must be thread-safe and quick. An exception a listener throws is logged and otherwise ignored.
 */
public interface BuildListener {
    /** A listener that ignores everything. */
    BuildListener NONE = new BuildListener() {
    };

    /**
     * The graph is built and the first tasks are about to run.
     *
     * @param taskCount how many tasks the build has, complete ones included
     * @param completeCount how many of them were complete already
     */
    default void buildStarted(int taskCount, int completeCount) {
    }

    /** @param task a task whose attempt starts */
    default void taskStarted(TaskRef task) {
    }

    /** @param task a task that failed an attempt and will be retried after its retry delay */
    default void taskRetrying(TaskRef task) {
    }

    /** @param outcome a task that reached its final state */
    default void taskFinished(TaskOutcome outcome) {
    }
}
