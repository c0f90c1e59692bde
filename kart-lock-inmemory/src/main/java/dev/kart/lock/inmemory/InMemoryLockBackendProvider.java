package dev.kart.lock.inmemory;

import dev.kart.config.ConfigSection;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;

/** Provides the {@code in-memory} backend over the process-wide lock table. */
public final class InMemoryLockBackendProvider implements LockBackendProvider {
    /** The backend's name in {@code kart.lock.backend}. */
    public static final String NAME = "in-memory";

    /** For {@link java.util.ServiceLoader}, and for opening the backend in code. */
    public InMemoryLockBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Its leases are held in this process's table: they end with it, whatever kart.lock.ttl says. */
    @Override
    public LeaseSettings lease(LeaseSettings lease, ConfigSection section) {
        return lease.endingWithProcess();
    }

    @Override
    public LockBackend open(LeaseSettings lease, ConfigSection section) {
        return InMemoryLockBackend.processWide(lease);
    }
}
