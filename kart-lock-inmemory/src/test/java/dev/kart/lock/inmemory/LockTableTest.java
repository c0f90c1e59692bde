package dev.kart.lock.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.LockMode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The table on the system clock: an expiry, with no release, wakes who waits for the key. (The
 * same on a clock moved by hand is in kart-test's {@code ManualClockTest}.)
 */
class LockTableTest {
    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration GUARD = Duration.ofSeconds(30);

    private final LockTable table = new LockTable(LockClock.system());

    @Test
    void aWaiterGetsTheKeyWhenItsUnrenewedHolderExpires() throws InterruptedException {
        TableLease stale = table.tryAcquire("k", LockMode.EXCLUSIVE, TTL, "crashed").orElseThrow();

        TableLease taken = table.acquire("k", LockMode.EXCLUSIVE, GUARD, "waiter", GUARD).orElseThrow();

        assertThat(stale.isHeld()).isFalse();
        assertThat(taken.isHeld()).isTrue();
        assertThat(taken.fencingToken()).isGreaterThan(stale.fencingToken());
        taken.close();
    }

    @Test
    void aWatcherHearsOfTheExpiryOfEachHolderInTurn() throws Exception {
        TableLease first = table.tryAcquire("k", LockMode.SHARED, TTL, "first").orElseThrow();
        TableLease second = table.tryAcquire("k", LockMode.SHARED, TTL.multipliedBy(2), "second").orElseThrow();

        CompletableFuture<Void> free = table.whenFree("k", LockMode.EXCLUSIVE);

        free.get(GUARD.toSeconds(), TimeUnit.SECONDS);
        assertThat(first.isHeld()).isFalse();
        assertThat(second.isHeld()).isFalse();
        assertThat(table.held("")).isEmpty();
    }
}
