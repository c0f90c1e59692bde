package dev.kart;

import java.time.Duration;

/**
 * An attempt's {@code run()} took longer than its task timeout ({@code kart.task-timeout}, or
 * {@code task-timeout} in the task's {@code kart.tasks} section) and was interrupted. The attempt
 * failed, its leases were released and nothing of it was published; it is retried per the task's
 * retry settings ({@code kart.retry.*}, the Python system's {@code retry_count}).
 */
public final class TaskTimeoutException extends KartException {
    private static final long serialVersionUID = 1L;

    private final transient Duration timeout;

    /**
     * @param task the task, as its label shows it
     * @param timeout the limit that passed
     * @param cause what {@code run()} threw once interrupted, if anything
     */
    public TaskTimeoutException(String task, Duration timeout, Throwable cause) {
        super(task + ": run() took longer than its task timeout of " + timeout
                + " (kart.task-timeout) and was interrupted; nothing of this attempt was published", cause);
        this.timeout = timeout;
    }

    /** @return the limit that passed */
    public Duration timeout() {
        return timeout;
    }
}
