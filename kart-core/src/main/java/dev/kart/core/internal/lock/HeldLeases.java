package dev.kart.core.internal.lock;

import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockMode;
import dev.kart.lock.RunLock;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every lease one runtime holds right now, so that closing the runtime (or an interrupt of
 * {@code kart run}) releases them at once instead of leaving them to their TTL. The runtime's
 * {@link CacheLock} and {@link RunLock} are the backend's, {@linkplain #track tracked} here. A lease
 * leaves the set when it is closed, by its holder or by {@link #releaseAll()}. Thread-safe.
 */
@Singleton
public final class HeldLeases {
    private static final int RELEASING_THREADS = 8;
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
            public List<Optional<Lease>> tryAcquireAll(List<String> targets, LockMode mode) {
                List<Optional<Lease>> leases = lock.tryAcquireAll(targets, mode);
                List<Optional<Lease>> tracked = new ArrayList<>(leases.size());
                for (Optional<Lease> lease : leases) {
                    tracked.add(tracked(lease));
                }
                return tracked;
            }

            @Override
            public void releaseAll(List<? extends Lease> leases) {
                // the backend's own leases, for it to release together; one it did not grant through here is closed
                List<Lease> backends = new ArrayList<>(leases.size());
                for (Lease lease : leases) {
                    if (lease instanceof TrackedLease tracked) {
                        held.remove(tracked);
                        backends.add(tracked.lease);
                    } else {
                        lease.close();
                    }
                }
                lock.releaseAll(backends);
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
     * held and publishes nothing. Several leases are released at once, on up to {@value #RELEASING_THREADS} threads:
     * a lock server that does not answer keeps each release its command timeout, and one after another they would
     * keep a stopping process that many timeouts.
     *
     * @return how many leases were released
     * @throws RuntimeException the first a lease's release threw, once every release ended
     */
    public int releaseAll() {
        List<TrackedLease> mine = new ArrayList<>();
        for (TrackedLease lease : List.copyOf(held)) {
            if (held.remove(lease)) {
                mine.add(lease);
            }
        }
        if (mine.size() <= 1) {
            mine.forEach(lease -> lease.lease.close());
            return mine.size();
        }
        // fewer threads than the Redis backend's connection pool (kart.lock.redis.pool-size, 16 by default): a
        // release waiting for a connection would add a command timeout
        ExecutorService releasing = Executors.newFixedThreadPool(Math.min(mine.size(), RELEASING_THREADS), run -> {
            Thread thread = new Thread(run, "kart-release");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> releases = new ArrayList<>(mine.size());
            for (TrackedLease lease : mine) {
                releases.add(releasing.submit(lease.lease::close));
            }
            awaitAll(releases);
        } finally {
            releasing.shutdown();
        }
        return mine.size();
    }

    /** Waits for every release, not interruptibly (the interrupt is kept), then throws the first one's failure. */
    private static void awaitAll(List<Future<?>> releases) {
        boolean interrupted = false;
        Throwable failure = null;
        for (Future<?> release : releases) {
            while (true) {
                try {
                    release.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
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
