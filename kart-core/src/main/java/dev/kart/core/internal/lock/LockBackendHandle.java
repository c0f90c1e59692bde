package dev.kart.core.internal.lock;

import dev.kart.lock.LockBackend;

/**
 * The lock backend of one runtime, with its name and whether the runtime opened it (and so closes
 * it) or was given it. Immutable.
 */
public final class LockBackendHandle implements AutoCloseable {
    private final LockBackend backend;
    private final String name;
    private final boolean owned;

    /**
     * @param backend the backend
     * @param name its provider's name, as {@code kart.lock.backend} selects it
     * @param owned whether closing the runtime closes it
     */
    public LockBackendHandle(LockBackend backend, String name, boolean owned) {
        this.backend = backend;
        this.name = name;
        this.owned = owned;
    }

    /** @return the backend */
    public LockBackend backend() {
        return backend;
    }

    /** @return its provider's name, or {@code given} for a backend handed to the runtime */
    public String name() {
        return name;
    }

    /** Closes the backend if the runtime opened it. */
    @Override
    public void close() {
        if (owned) {
            backend.close();
        }
    }
}
