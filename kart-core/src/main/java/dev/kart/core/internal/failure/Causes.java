package dev.kart.core.internal.failure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Searches an error and its causes. A task's own exceptions may chain their causes in a circle (A caused
 * by B caused by A), which {@link Throwable#getCause()} alone never ends: each error is visited once.
 */
public final class Causes {
    private Causes() {
    }

    /**
     * @param error an error, or null
     * @param wanted what is looked for
     * @return the first of the error and its causes, in order, that {@code wanted} accepts
     */
    public static Optional<Throwable> find(Throwable error, Predicate<Throwable> wanted) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = error; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (wanted.test(cause)) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    /**
     * @param error an error
     * @return its deepest cause, each error visited once: in a circle, the last one before the chain
     *     comes back; the error itself when it has no cause
     */
    public static Throwable deepest(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable deepest = error;
        for (Throwable cause = error; cause != null && seen.add(cause); cause = cause.getCause()) {
            deepest = cause;
        }
        return deepest;
    }
}
