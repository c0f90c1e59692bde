package dev.kart.lock.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockMode;
import dev.kart.lock.inmemory.fixtures.InMemoryWorkerBackend;
import dev.kart.test.support.lock.LeaseHolderJvm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fencing tokens start from the wall clock, as Redis's counter does, so a store that keeps the last
 * token it saw takes the writes of a run made after another one ended, in a new process.
 */
class FencingTokenSeedTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    @Test
    void theFirstTokenIsAboveTheWallClockInMillisecondsTimesAThousand() {
        long before = System.currentTimeMillis() * 1000;
        try (InMemoryLockBackend backend = InMemoryLockBackend.isolated(settings("seed"), LockClock.system());
                Lease first = backend.cacheLock().tryAcquire("a", LockMode.EXCLUSIVE).orElseThrow();
                Lease second = backend.cacheLock().tryAcquire("b", LockMode.SHARED).orElseThrow()) {
            assertThat(first.fencingToken()).isGreaterThan(before);
            assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        }
    }

    @Test
    void aProcessStartedAfterAnotherEndedHandsOutGreaterTokens() throws InterruptedException {
        long earlier;
        try (LeaseHolderJvm first = LeaseHolderJvm.start("first-run", InMemoryWorkerBackend.class, Map.of(),
                settings("runs"), "report.txt", LockMode.EXCLUSIVE)) {
            earlier = first.fencingToken();
            assertThat(first.release()).as("the first run's lease, held until it released").isTrue();
        }
        try (LeaseHolderJvm second = LeaseHolderJvm.start("second-run", InMemoryWorkerBackend.class, Map.of(),
                settings("runs"), "report.txt", LockMode.EXCLUSIVE)) {
            assertThat(second.fencingToken()).as("the token of the run after it, in a new process").isGreaterThan(earlier);
            assertThat(second.release()).isTrue();
        }
    }

    private static LeaseSettings settings(String prefix) {
        return LeaseSettings.of(prefix, TTL, "test:" + ProcessHandle.current().pid());
    }
}
