package dev.kart.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.lock.Lease;
import dev.kart.lock.LockMode;
import org.junit.jupiter.api.Test;

/** Calls the benchmark methods directly, without JMH: they must work on every key, round after round. */
class InMemoryLockBenchmarksTest {
    private final InMemoryLockBenchmarks benchmarks = new InMemoryLockBenchmarks();

    @Test
    void eachKartOperationGetsANewLeaseAndLeavesNothingHeld() throws InterruptedException {
        InMemoryLockBenchmarks.KartLocks locks = new InMemoryLockBenchmarks.KartLocks();
        locks.open();

        long previous = 0;
        for (int i = 0; i < 2 * InMemoryLockBenchmarks.KEYS + 1; i++) {
            long token = benchmarks.kart(locks);
            assertThat(token).isGreaterThan(previous);
            previous = token;
        }
        assertThat(locks.backend.heldLocks()).isEmpty();
        locks.close();
    }

    @Test
    void closingTheKartStateFailsWhenALockIsStillHeld() throws InterruptedException {
        InMemoryLockBenchmarks.KartLocks locks = new InMemoryLockBenchmarks.KartLocks();
        locks.open();
        // the process-wide table outlives the backend: release the lease in any case
        try (Lease leftOver = locks.cacheLock.tryAcquire("dev/kart/bench/micro/left-over.json", LockMode.EXCLUSIVE)
                .orElseThrow()) {
            assertThatThrownBy(locks::close).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("locks are still held")
                    .hasMessageContaining("kart-micro:cache:dev/kart/bench/micro/left-over.json");
            assertThatThrownBy(() -> benchmarks.kart(locks)).as("the backend is closed all the same")
                    .hasMessageContaining("is closed");
        }
    }

    @Test
    void theBaselineLeavesItsTableEmpty() {
        InMemoryLockBenchmarks.BaselineLocks locks = new InMemoryLockBenchmarks.BaselineLocks();

        for (int i = 0; i < 2 * InMemoryLockBenchmarks.KEYS + 1; i++) {
            assertThat(benchmarks.baseline(locks)).isEqualTo(1);
        }
        assertThat(locks.table).isEmpty();
    }
}
