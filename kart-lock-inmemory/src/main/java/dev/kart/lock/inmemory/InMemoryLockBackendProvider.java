package dev.kart.lock.inmemory;

import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.lock.LockSettings;

/** Provides the {@code in-memory} backend over the process-wide lock table. */
public final class InMemoryLockBackendProvider implements LockBackendProvider {
    /** The backend's name in {@code kart.lock.backend}. */
    public static final String NAME = "in-memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LockBackend open(LockSettings settings) {
        return InMemoryLockBackend.processWide(settings);
    }
}
