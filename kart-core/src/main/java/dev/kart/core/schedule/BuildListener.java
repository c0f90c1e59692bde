package dev.kart.core.schedule;

import dev.kart.core.graph.TaskGraph;
import dev.kart.core.graph.TaskNode;
import dev.kart.core.report.TaskOutcome;

/**
 * Follows a build as it goes, for progress displays. Called from worker threads; implementations
 * must be thread-safe and quick.
 */
public interface BuildListener {
    /** A listener that ignores everything. */
    BuildListener NONE = new BuildListener() {
    };

    /** @param graph the graph about to be run */
    default void graphReady(TaskGraph graph) {
    }

    /** @param node a task whose attempt starts */
    default void taskStarted(TaskNode node) {
    }

    /** @param node a task that failed an attempt and will be retried */
    default void taskRetrying(TaskNode node) {
    }

    /** @param outcome a task that reached its final state */
    default void taskFinished(TaskOutcome outcome) {
    }
}
