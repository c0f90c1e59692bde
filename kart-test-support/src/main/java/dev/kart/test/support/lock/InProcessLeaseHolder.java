package dev.kart.test.support.lock;

import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A "process" of {@link LockBackendContract}'s application in the test's own JVM: a backend of its
 * own that holds one lease. Killing it closes that backend without closing the lease, which stops
 * the lease's renewals and leaves it in the backend until its TTL runs out, as a process's death
 * would.
 */
final class InProcessLeaseHolder implements LeaseHolderProcess {
    private final LockBackend backend;
    private final Lease lease;
    private final AtomicBoolean ended = new AtomicBoolean();

    private InProcessLeaseHolder(LockBackend backend, Lease lease) {
        this.backend = backend;
        this.lease = lease;
    }

    /**
     * @param backend the holder's own backend; closed when the holder ends
     * @param target the cache target
     * @param mode shared or exclusive
     * @return the holder, holding its lease
     * @throws AssertionError when the lease is held by others (the backend is closed)
     */
    static InProcessLeaseHolder start(LockBackend backend, String target, LockMode mode) {
        Lease lease = backend.cacheLock().tryAcquire(target, mode).orElse(null);
        if (lease == null) {
            backend.close();
            throw new AssertionError("a holder in this JVM could not take a " + mode + " lease on " + target
                    + ": others hold it");
        }
        return new InProcessLeaseHolder(backend, lease);
    }

    @Override
    public long fencingToken() {
        return lease.fencingToken();
    }

    @Override
    public boolean release() {
        boolean held = lease.isHeld();
        lease.close();
        end();
        return held;
    }

    @Override
    public void kill() {
        end();
    }

    @Override
    public void close() {
        end();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            backend.close();
        }
    }
}
