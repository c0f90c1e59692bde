package dev.kart.core.internal.schedule;

import dev.kart.core.internal.failure.Causes;
import dev.kart.core.internal.storage.OccupiedPathException;
import dev.kart.lock.LockKeyOccupiedException;
import java.util.Optional;

/**
 * The failures no retry mends, only a person: something that is no file at an output's path
 * ({@link OccupiedPathException}), and something that is no lock at one of the task's lock keys
 * ({@link LockKeyOccupiedException}), each found among an error and its causes. A task failing so is
 * not retried ({@link Retries}), and the summary says why (the build's summary text).
 */
public final class NoRetryMends {
    private NoRetryMends() {
    }

    /**
     * @param error a failed attempt's error, or null
     * @return why no retry can succeed, as a clause: {@code no retry can publish while a directory stands
     *     there}, or {@code no retry can take a lock whose key holds another application's value}; empty when a
     *     retry may
     */
    public static Optional<String> why(Throwable error) {
        Optional<String> occupiedPath = OccupiedPathException.in(error)
                .map(refusal -> "no retry can publish while " + refusal.occupant());
        if (occupiedPath.isPresent()) {
            return occupiedPath;
        }
        return Causes.find(error, LockKeyOccupiedException.class::isInstance)
                .map(refusal -> "no retry can take a lock whose key holds another application's value");
    }
}
