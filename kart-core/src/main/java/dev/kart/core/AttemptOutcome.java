package dev.kart.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of a task's {@code run()} in a build, as its {@link TaskOutcome} lists it. Immutable.
 *
 * @param number 1 for the first attempt of the build
 * @param start when it started
 * @param end when it ended
 * @param outcome {@link TaskState#DONE}, {@link TaskState#FAILED}, or {@link TaskState#INTERRUPTED}
 *     when its build was interrupted
 * @param failure the error of an attempt that failed or was interrupted, with its causes
 */
public record AttemptOutcome(int number, Instant start, Instant end, TaskState outcome, Optional<Throwable> failure) {
    /** Checks that no component is null. */
    public AttemptOutcome {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(failure, "failure");
    }

    /** @return from {@code start} to {@code end} */
    public Duration duration() {
        return Duration.between(start, end);
    }
}
