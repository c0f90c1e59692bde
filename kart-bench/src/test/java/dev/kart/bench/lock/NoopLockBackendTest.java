package dev.kart.bench.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LockMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NoopLockBackendTest {
    private final NoopLockBackend backend = new NoopLockBackend();

    @Test
    void grantsEveryLockAtOnceEvenWhenAlreadyTaken() throws Exception {
        Lease first = backend.cacheLock().tryAcquire("a.json", LockMode.EXCLUSIVE).orElseThrow();
        Lease second = backend.cacheLock().acquire("a.json", LockMode.EXCLUSIVE, Duration.ZERO).orElseThrow();
        Lease run = backend.runLock().tryAcquire("abc").orElseThrow();

        assertThat(first.key()).isEqualTo("noop:cache:a.json");
        assertThat(run.key()).isEqualTo("noop:run:abc");
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(run.fencingToken()).isGreaterThan(second.fencingToken());
        assertThat(backend.runLock().whenFree("abc").toCompletableFuture()).isCompleted();
        assertThat(backend.heldLocks()).isEmpty();
    }

    @Test
    void itsLeasesAreAlwaysHeld() {
        Lease lease = backend.cacheLock().tryAcquire("a.json", LockMode.SHARED).orElseThrow();
        lease.close();
        lease.close();

        assertThat(lease.isHeld()).isTrue();
        assertThat(lease.mode()).isEqualTo(LockMode.SHARED);
    }
}
