package dev.kart.core.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockMode;
import dev.kart.lock.RunLock;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Closing a runtime releases the leases its tasks still hold at once, not one after another: with a lock server that
 * does not answer, each release waits its command timeout, and in turn they would keep a stopping process that many.
 */
class HeldLeasesTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @Test
    void leasesStillHeldAreReleasedAtOnce() {
        int leases = 3;
        // each release waits for the others to have begun: one after another, the first would wait in vain
        CyclicBarrier allReleasing = new CyclicBarrier(leases);
        Set<String> released = ConcurrentHashMap.newKeySet();
        HeldLeases held = new HeldLeases();
        RunLock runLock = held.track(new SlowToReleaseRunLock(allReleasing, released));
        for (int i = 0; i < leases; i++) {
            assertThat(runLock.tryAcquire("task-" + i)).isPresent();
        }

        assertThat(held.releaseAll()).isEqualTo(leases);

        assertThat(released).containsExactlyInAnyOrder("task-0", "task-1", "task-2");
        assertThat(held.keys()).isEmpty();
    }

    @Test
    void oneLeaseIsReleasedOnTheCallingThread() {
        Set<String> released = ConcurrentHashMap.newKeySet();
        HeldLeases held = new HeldLeases();
        Set<Thread> releasingThreads = ConcurrentHashMap.newKeySet();
        RunLock runLock = held.track(new SlowToReleaseRunLock(new CyclicBarrier(1, () -> releasingThreads.add(Thread.currentThread())),
                released));
        Lease lease = runLock.tryAcquire("task-0").orElseThrow();

        assertThat(held.releaseAll()).isOne();

        assertThat(releasingThreads).containsExactly(Thread.currentThread());
        assertThat(released).containsExactly("task-0");
        assertThat(lease.isHeld()).isFalse();
        assertThat(held.releaseAll()).as("released once").isZero();
    }

    /**
     * Cache leases taken together are tracked as those taken one by one: listed while held, released by the runtime's
     * {@code releaseAll()}, and no longer tracked once the holder released them together, the backend given its own
     * leases to release.
     */
    @Test
    void cacheLeasesTakenTogetherAreTrackedUntilReleasedTogether() {
        HeldLeases held = new HeldLeases();
        InMemoryLockBackend backend = InMemoryLockBackend.isolated(LeaseSettings.of("kart", Duration.ofMinutes(1),
                "build-1:17"), LockClock.system());
        List<List<? extends Lease>> releasedByBackend = new ArrayList<>();
        CacheLock lock = held.track(new CacheLock() {
            @Override
            public Optional<Lease> tryAcquire(String target, LockMode mode) {
                return backend.cacheLock().tryAcquire(target, mode);
            }

            @Override
            public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException {
                return backend.cacheLock().acquire(target, mode, timeout);
            }

            @Override
            public void releaseAll(List<? extends Lease> leases) {
                releasedByBackend.add(leases);
                CacheLock.super.releaseAll(leases);
            }
        });
        try (backend) {
            List<Lease> first = lock.tryAcquireAll(List.of("a/A_1.json", "a/A_2.json"), LockMode.SHARED).stream()
                    .map(Optional::orElseThrow).toList();
            List<Lease> second = lock.tryAcquireAll(List.of("b/B_1.json", "b/B_2.json"), LockMode.SHARED).stream()
                    .map(Optional::orElseThrow).toList();
            assertThat(held.keys()).containsExactly("kart:cache:a/A_1.json", "kart:cache:a/A_2.json",
                    "kart:cache:b/B_1.json", "kart:cache:b/B_2.json");

            lock.releaseAll(first);
            assertThat(releasedByBackend).singleElement().satisfies(leases -> assertThat(leases)
                    .as("the backend's own leases, not the runtime's wrappers")
                    .allSatisfy(lease -> assertThat(lease.getClass().getName()).startsWith("dev.kart.lock.inmemory.")));
            assertThat(first).allSatisfy(lease -> assertThat(lease.isHeld()).isFalse());
            assertThat(held.keys()).containsExactly("kart:cache:b/B_1.json", "kart:cache:b/B_2.json");

            assertThat(held.releaseAll()).isEqualTo(2);
            assertThat(second).allSatisfy(lease -> assertThat(lease.isHeld()).isFalse());
            assertThat(held.keys()).isEmpty();
        }
    }

    /** A run lock whose leases' release meets the others' at a barrier, as releases sent at once do. */
    private record SlowToReleaseRunLock(CyclicBarrier releasing, Set<String> released) implements RunLock {
        @Override
        public Optional<Lease> tryAcquire(String uniqueId) {
            return Optional.of(new Lease() {
                @Override
                public String key() {
                    return uniqueId;
                }

                @Override
                public LockMode mode() {
                    return LockMode.EXCLUSIVE;
                }

                @Override
                public long fencingToken() {
                    return 1;
                }

                @Override
                public boolean isHeld() {
                    return !released.contains(uniqueId);
                }

                @Override
                public void close() {
                    try {
                        releasing.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                        throw new AssertionError("the releases were not under way at once", e);
                    }
                    released.add(uniqueId);
                }
            });
        }

        @Override
        public Optional<Lease> acquire(String uniqueId, Duration timeout) {
            return tryAcquire(uniqueId);
        }

        @Override
        public CompletionStage<Void> whenFree(String uniqueId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<HeldLock> holder(String uniqueId) {
            return Optional.empty();
        }
    }
}
