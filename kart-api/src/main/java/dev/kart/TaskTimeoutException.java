package dev.kart;

import dev.kart.internal.text.DurationText;
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
     * @param task the task, as its label shows it
     * @param timeout the limit that passed
     * @param configKey the key that set the limit, such as {@code kart.task-timeout}
     * @param cause what {@code run()} threw once interrupted; null when it returned anyway (what it
     *     returned was not published)
     */
    public TaskTimeoutException(String task, Duration timeout, String configKey, Throwable cause) {
        this(task, timeout, configKey, DurationText.configValue(timeout), cause);
    }

    /**
     * As {@link #TaskTimeoutException(String, Duration, String, Throwable)}, quoting the limit as the user wrote it in
     * their configuration ({@code kart.task-timeout = 60s}) rather than as kart words the duration ({@code 1m}).
     *
     * @param task the task, as its label shows it
     * @param timeout the limit that passed
     * @param configKey the key that set the limit, such as {@code kart.task-timeout}
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
