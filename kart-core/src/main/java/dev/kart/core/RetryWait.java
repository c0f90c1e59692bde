package dev.kart.core;

import dev.kart.core.internal.failure.FailureLine;
import dev.kart.core.internal.failure.RetryLine;
import dev.kart.internal.text.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A task whose attempt failed and that waits for its retry delay before the next one, as a
 * {@link BuildListener} hears of it ({@code kart.retry.count} and {@code kart.retry.delay}, or the
 * task's own {@code retry-count}/{@code retry-delay}; luigi's {@code retry_count} and
 * {@code retry_delay}). Immutable.
 *
 * @param task the task
 * @param failedAttempt the number of the attempt that failed, from 1
 * @param attempts how many attempts the task gets in all: its retry count plus one
 * @param cause the failed attempt's error on one line, as the summary shows a failure:
 *     {@code IOException: disk quota exceeded (cannot write the report)}
 * @param delay the retry delay, how long the task waits before its next attempt
 * @param nextAttempt when the next attempt may start: the failure's time plus {@code delay} (it
 *     starts then, or later when every worker is busy)
 */
public record RetryWait(TaskRef task, int failedAttempt, int attempts, String cause, Duration delay,
        Instant nextAttempt) {
    /** Checks that no component is null. */
    public RetryWait {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
    }

    /**
     * @param task the task
     * @param failedAttempt the number of the attempt that failed, from 1
     * @param attempts how many attempts the task gets in all
     * @param error the failed attempt's error
     * @param delay the retry delay
     * @param now the time of the failure
     * @return the wait, with the error's one line as the summary words it
     */
    public static RetryWait of(TaskRef task, int failedAttempt, int attempts, Throwable error, Duration delay,
            Instant now) {
        return new RetryWait(task, failedAttempt, attempts, FailureLine.of(error), delay, now.plus(delay));
    }

    /**
     * @return the log line of the failed attempt, without the level:
     *     {@code com.example.Report(day=2025-03-14)[5d1c...] attempt 1 of 2 failed: IOException: disk
     *     quota exceeded; retrying in 8s}, the delay as kart words it, in the largest unit that holds it whole
     *     ({@code 250ms}, {@code 8s}, {@code 1m} for 60 s, {@code 90s}); kart's own retry warning quotes it as the user
     *     wrote it ({@code 60s})
     */
    public String message() {
        return RetryLine.of(task.label(), failedAttempt, attempts, cause, DurationText.configValue(delay));
    }
}
