package dev.kart.core.internal.lock;

import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockMode;
import dev.kart.lock.RunLock;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every lease one runtime holds right now, so that closing the runtime (or an interrupt of
 * {@code kart run}) releases them at once instead of leaving them to their TTL. The runtime's
 * {@link CacheLock} and {@link RunLock} are the backend's, {@linkplain #track tracked} here. A lease
 * leaves the set when it is closed, by its holder or by {@link #releaseAll()}. Thread-safe.
 */
@Singleton
public final class HeldLeases {
    private final Set<TrackedLease> held = ConcurrentHashMap.newKeySet();

    /**
     * @param lock a backend's cache lock
     * @return the same lock, whose leases are tracked
     */
    public CacheLock track(CacheLock lock) {
        return new CacheLock() {
            @Override
            public Optional<Lease> tryAcquire(String target, LockMode mode) {
                return tracked(lock.tryAcquire(target, mode));
            }

            @Override
            public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException {
                return tracked(lock.acquire(target, mode, timeout));
            }

            @Override
            public List<HeldLock> holders(String target) {
                return lock.holders(target);
            }
        };
    }

    /**
     * @param lock a backend's run lock
     * @return the same lock, whose leases are tracked
     */
    public RunLock track(RunLock lock) {
        return new RunLock() {
            @Override
            public Optional<Lease> tryAcquire(String uniqueId) {
                return lock.tryAcquire(uniqueId).map(HeldLeases.this::tracked);
            }

            @Override
            public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
                return lock.acquire(uniqueId, timeout).map(HeldLeases.this::tracked);
            }

            @Override
            public CompletionStage<Void> whenFree(String uniqueId) {
                return lock.whenFree(uniqueId);
            }

            @Override
            public Optional<HeldLock> holder(String uniqueId) {
                return lock.holder(uniqueId);
            }
        };
    }

    /** @return the keys of the leases held now, for messages */
    public List<String> keys() {
        return held.stream().map(TrackedLease::key).sorted().toList();
    }

    /**
     * Releases every lease still held, each as its holder would (compare-and-delete in the backend),
     * so other nodes can take the keys at once. A holder still working finds its lease no longer
     * held and publishes nothing.
     *
     * @return how many leases were released
     */
    public int releaseAll() {
        int released = 0;
        for (TrackedLease lease : List.copyOf(held)) {
            if (held.remove(lease)) {
                lease.lease.close();
                released++;
            }
        }
        return released;
    }

    /** Not {@code map(this::tracked)}: a cache lease is taken per load, and the bound reference is an object each time. */
    private Optional<Lease> tracked(Optional<Lease> lease) {
        return lease.isPresent() ? Optional.of(tracked(lease.get())) : lease;
    }

    private Lease tracked(Lease lease) {
        TrackedLease tracked = new TrackedLease(lease);
        held.add(tracked);
        return tracked;
    }

    /** A lease that leaves the set when closed; identity-equal only. */
    private final class TrackedLease implements Lease {
        private final Lease lease;

        TrackedLease(Lease lease) {
            this.lease = lease;
        }

        @Override
        public String key() {
            return lease.key();
        }

        @Override
        public LockMode mode() {
            return lease.mode();
        }

        @Override
        public long fencingToken() {
            return lease.fencingToken();
        }

        @Override
        public boolean isHeld() {
            return lease.isHeld();
        }

        @Override
        public Optional<String> lossReason() {
            return lease.lossReason();
        }

        @Override
        public void close() {
            held.remove(this);
            lease.close();
        }

        @Override
        public String toString() {
            return lease.toString();
        }
    }
}
