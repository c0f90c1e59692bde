package dev.kart.bench.lock;

import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.RunLock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock backend that excludes nothing: every acquire succeeds at once and every lease is always
 * held. It is the "no locks" side of the lock-overhead benchmark, passed to
 * {@code Kart.builder().lockBackend(...)}; never use it where two nodes share a workspace.
 * Thread-safe.
 */
public final class NoopLockBackend implements LockBackend, CacheLock, RunLock {
    private final AtomicLong tokens = new AtomicLong();

    @Override
    public CacheLock cacheLock() {
        return this;
    }

    @Override
    public RunLock runLock() {
        return this;
    }

    @Override
    public Optional<Lease> tryAcquire(String target, LockMode mode) {
        return Optional.of(new NoopLease("noop:cache:" + target, mode, tokens.incrementAndGet()));
    }

    @Override
    public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) {
        return tryAcquire(target, mode);
    }

    @Override
    public Optional<Lease> tryAcquire(String uniqueId) {
        return Optional.of(new NoopLease("noop:run:" + uniqueId, LockMode.EXCLUSIVE, tokens.incrementAndGet()));
    }

    @Override
    public Optional<Lease> acquire(String uniqueId, Duration timeout) {
        return tryAcquire(uniqueId);
    }

    @Override
    public CompletionStage<Void> whenFree(String uniqueId) {
        return CompletableFuture.completedFuture(null);
    }

    /** @return always empty: a lease is never kept from anyone */
    @Override
    public Optional<HeldLock> holder(String uniqueId) {
        return Optional.empty();
    }

    /** @return always empty: nothing is ever held */
    @Override
    public List<HeldLock> heldLocks() {
        return List.of();
    }

    @Override
    public void close() {
        // nothing to release
    }

    /** A lease that is held from creation on, whatever happens. */
    private record NoopLease(String key, LockMode mode, long fencingToken) implements Lease {
        @Override
        public boolean isHeld() {
            return true;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
