package dev.kart.core.internal.failure;

/**
 * The line that says a task's attempt failed and that it is run again after its retry delay: the retry warning, and
 * {@link dev.kart.core.RetryWait#message()}.
 */
public final class RetryLine {
    private RetryLine() {
    }

    /**
     * @param label the task's label
     * @param failedAttempt the number of the attempt that failed, from 1
     * @param attempts how many attempts the task gets in all
     * @param cause the failed attempt's error on one line ({@link FailureLine})
     * @param delay the retry delay as the line quotes it: {@code 8s}, or {@code 60s} as the user wrote it
     * @return {@code com.example.Report(day=2025-03-14)[5d1c...] attempt 1 of 2 failed: IOException: disk quota
     *     exceeded; retrying in 8s}
     */
    public static String of(String label, int failedAttempt, int attempts, String cause, String delay) {
        return label + " attempt " + failedAttempt + " of " + attempts + " failed: " + cause + "; retrying in " + delay;
    }
}
