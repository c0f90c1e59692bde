package dev.kart.core.internal.schedule;

import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskRecord;
import java.time.Duration;
import java.util.Optional;

/**
 * When a failed task runs again: after its retry delay, as long as it has attempts left (the Python
 * system's {@code retry_count} and {@code retry_delay}: {@code kart.retry.count}/{@code delay}, or the
 * task's own {@code retry-count}/{@code retry-delay}).
 */
final class Retries {
    private Retries() {
    }

    /**
     * @param node a task whose attempt runs now
     * @param record its record, which counts the attempts that ended, not the one running
     * @return how many more attempts it gets should this one fail
     */
    static int leftAfterRunningAttempt(TaskNode node, TaskRecord record) {
        return Math.max(0, node.settings().retryCount() - record.attempts());
    }

    /**
     * @param node a task whose attempt just failed
     * @param record its record, with that attempt counted
     * @return the delay before the next attempt, or empty when it failed for good
     */
    static Optional<Duration> nextAttemptAfter(TaskNode node, TaskRecord record) {
        return record.attempts() <= node.settings().retryCount() ? Optional.of(node.settings().retryDelay())
                : Optional.empty();
    }
}
