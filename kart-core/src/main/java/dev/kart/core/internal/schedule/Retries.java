package dev.kart.core.internal.schedule;

import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskRecord;
import dev.kart.lock.LockException;
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
     * @param error the attempt's error
     * @return the delay before the next attempt, or empty when it failed for good: no attempts are
     *     left, or it was refused by what only a person can remove ({@link NoRetryMends})
     */
    static Optional<Duration> nextAttemptAfter(TaskNode node, TaskRecord record, Throwable error) {
        // a retry would only be refused the same way (after running the task again, for a refused publish); the
        // summary says so
        if (record.attempts() > node.settings().retryCount() || NoRetryMends.why(error).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(node.settings().retryDelay().value());
    }

    /**
     * @param node a task whose attempt runs now and fails
     * @param record its record, which counts the attempts that ended, not the one running
     * @return what happens next, true for this task: {@code it will be retried (1 retry left)} or
     *     {@code no retries left (kart.retry.count = 0)}
     */
    static String whatNext(TaskNode node, TaskRecord record) {
        int left = leftAfterRunningAttempt(node, record);
        if (left > 0) {
            return "it will be retried (" + left + " " + (left == 1 ? "retry" : "retries") + " left)";
        }
        // the key as the user wrote it, the task section's when that set the count
        return "no retries left (" + node.settings().retryCountKey() + " = " + node.settings().retryCount() + ")";
    }

    /**
     * A lock backend's failure ({@link LockException} itself, not a collision or a lost lease, which
     * say what comes next already) names no task and cannot know the task's retries: they are said
     * here, before the backend's words, which end with the cause.
     *
     * @param node a task whose attempt runs now and fails
     * @param record its record, which counts the attempts that ended, not the one running
     * @param error the attempt's error
     * @return a lock backend's failure wrapped in one saying whether the task is retried; any other
     *     error as it is
     */
    static Throwable sayWhatNext(TaskNode node, TaskRecord record, Throwable error) {
        // one only a person mends is not retried, whatever the count: the summary says why (NoRetryMends)
        if (error.getClass() != LockException.class || NoRetryMends.why(error).isPresent()) {
            return error;
        }
        return new LockException(whatNext(node, record) + ": " + error.getMessage(), error);
    }
}
