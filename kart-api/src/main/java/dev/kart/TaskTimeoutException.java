package dev.kart;

import java.time.Duration;
import java.util.Objects;

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
     * The message names the task and quotes the limit with its key as the user wrote it in their configuration
     * ({@code kart.task-timeout = 60s}, not the {@code 1m} it equals), so that they can find where it was set.
     *
     * @param task the task, as its label shows it, such as {@code com.acme.Report(day=2025-03-14)[3f2a...]}
     * @param timeout the limit that passed: how long one attempt's {@code run()} may take, positive
     * @param configKey the key that set the limit: {@code kart.task-timeout}, or {@code task-timeout} in the task's
     *     section, {@code kart.tasks."com.acme.Report".task-timeout}
     * @param timeoutText the limit as the message quotes it after the key: as written where it was set, such as
     *     {@code 60s} or {@code PT60S}
     * @param cause what {@code run()} threw once interrupted; null when it returned anyway (what it
     *     returned was not published)
     * @throws NullPointerException when {@code timeout} or {@code timeoutText} is null
     */
    public TaskTimeoutException(String task, Duration timeout, String configKey, String timeoutText, Throwable cause) {
        super(task + ": run() took longer than its task timeout (" + configKey + " = "
                + Objects.requireNonNull(timeoutText, "timeoutText") + ") and was interrupted; nothing of this attempt was"
                + " published", cause);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** @return the limit that passed */
    public Duration timeout() {
        return timeout;
    }
}
