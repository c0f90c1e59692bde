package dev.kart.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.test.support.lock.LockBackendContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ManualClockTest {
    private static final Duration GUARD = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();

    @Test
    void timeStandsStillUntilAdvanced() {
        assertThat(clock.nanoTime()).isZero();

        clock.advance(Duration.ofMillis(1500));

        assertThat(clock.nanoTime()).isEqualTo(Duration.ofMillis(1500).toNanos());
    }

    @Test
    void advanceFiresEachDueTimerAtItsOwnMomentInOrder() {
        List<String> fired = new ArrayList<>();
        clock.every(Duration.ofMillis(300), () -> fired.add("a@" + millis()));
        clock.every(Duration.ofMillis(500), () -> fired.add("b@" + millis()));
        clock.at(Duration.ofMillis(700).toNanos(), () -> fired.add("once@" + millis()));

        clock.advance(Duration.ofMillis(1000));

        assertThat(fired).containsExactly("a@300", "b@500", "a@600", "once@700", "a@900", "b@1000");
        assertThat(millis()).isEqualTo(1000);
    }

    @Test
    void aCancelledTimerNoLongerFires() {
        List<Long> fired = new ArrayList<>();
        var periodic = clock.every(Duration.ofMillis(100), () -> fired.add(millis()));
        var once = clock.at(Duration.ofMillis(400).toNanos(), () -> fired.add(-millis()));
        clock.advance(Duration.ofMillis(250));
        periodic.cancel();
        once.cancel();
        clock.advance(Duration.ofMillis(500));

        assertThat(fired).containsExactly(100L, 200L);
    }

    @Test
    void pendingTimersCountsTimersUntilTheyRunOutOrAreCancelled() {
        var periodic = clock.every(Duration.ofMillis(100), () -> { });
        clock.at(Duration.ofMillis(300).toNanos(), () -> { });
        assertThat(clock.pendingTimers()).isEqualTo(2);

        clock.advance(Duration.ofMillis(350));
        assertThat(clock.pendingTimers()).as("the one-shot ran out, the periodic one goes on").isEqualTo(1);

        periodic.cancel();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void aWaiterForAHeldKeySetsATimerAtItsExpiry() throws Exception {
        InMemoryLockBackend holder = InMemoryLockBackend.isolated(lease(Duration.ofSeconds(3), Duration.ofSeconds(1)), clock);
        InMemoryLockBackend other = holder.sharingTableWith(lease(Duration.ofSeconds(3), Duration.ofSeconds(1)));
        Lease held = holder.runLock().tryAcquire("id").orElseThrow();
        int sweeps = clock.pendingTimers();

        CompletableFuture<Void> free = other.runLock().whenFree("id").toCompletableFuture();

        assertThat(clock.pendingTimers()).as("the two sweeps and the expiry timer").isEqualTo(sweeps + 1);
        held.close();
        free.get(GUARD.toSeconds(), TimeUnit.SECONDS);
        assertThat(clock.pendingTimers()).as("nobody waits any more").isEqualTo(sweeps);
    }

    @Test
    void aOneShotTimerWhoseMomentHasPassedRunsAtTheNextAdvanceWithoutMovingTheClockBack() {
        clock.advance(Duration.ofMillis(500));
        AtomicReference<Long> ranAt = new AtomicReference<>();
        clock.at(Duration.ofMillis(200).toNanos(), () -> ranAt.set(millis()));

        clock.advance(Duration.ZERO);

        assertThat(ranAt.get()).isEqualTo(500);
        assertThat(millis()).isEqualTo(500);
    }

    @Test
    void aLeaseRenewedOnTheClockSurvivesAJumpFarPastItsTtlWhileAnUnrenewedOneExpires() {
        InMemoryLockBackend renewed = InMemoryLockBackend.isolated(lease(Duration.ofSeconds(3), Duration.ofSeconds(1)), clock);
        InMemoryLockBackend unrenewed = renewed.sharingTableWith(lease(Duration.ofSeconds(3), Duration.ofDays(1)));
        Lease kept = renewed.runLock().tryAcquire("kept").orElseThrow();
        Lease lost = unrenewed.runLock().tryAcquire("lost").orElseThrow();

        clock.advance(Duration.ofMinutes(10));

        assertThat(kept.isHeld()).isTrue();
        assertThat(lost.isHeld()).isFalse();
        assertThat(unrenewed.runLock().tryAcquire("kept")).isEmpty();
        assertThat(renewed.runLock().tryAcquire("lost")).isPresent();
    }

    @Test
    void aLeaseTakenBetweenTwoSweepsIsRenewedByTheNextOneBeforeItsTtl() {
        InMemoryLockBackend backend = InMemoryLockBackend.isolated(lease(Duration.ofSeconds(3), Duration.ofSeconds(2)), clock);
        clock.advance(Duration.ofMillis(1999));                // the first sweep is due at 2 s
        Lease late = backend.runLock().tryAcquire("late").orElseThrow();

        clock.advance(Duration.ofSeconds(30));

        assertThat(late.isHeld()).isTrue();
    }

    @Test
    void aClosedBackendStopsRenewingAndItsLeasesExpire() {
        InMemoryLockBackend crashed = InMemoryLockBackend.isolated(lease(Duration.ofSeconds(3), Duration.ofSeconds(1)), clock);
        InMemoryLockBackend alive = crashed.sharingTableWith(lease(Duration.ofSeconds(3), Duration.ofSeconds(1)));
        Lease stale = crashed.runLock().tryAcquire("id").orElseThrow();
        crashed.close();

        clock.advance(Duration.ofSeconds(4));

        assertThat(stale.isHeld()).isFalse();
        assertThat(alive.runLock().tryAcquire("id")).isPresent();
    }

    @Test
    void aWaiterForAnUnrenewedHolderGetsTheKeyWhenTheClockPassesItsExpiry() throws Exception {
        InMemoryLockBackend crashed = InMemoryLockBackend.isolated(lease(Duration.ofSeconds(3), Duration.ofDays(1)), clock);
        InMemoryLockBackend waiting = crashed.sharingTableWith(lease(Duration.ofSeconds(3), Duration.ofSeconds(1)));
        Lease stale = crashed.cacheLock().tryAcquire("t", LockMode.EXCLUSIVE).orElseThrow();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Optional<Lease>> taken = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            try {
                return waiting.cacheLock().acquire("t", LockMode.SHARED, GUARD.multipliedBy(2));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitParked(waiter);

        clock.advance(Duration.ofSeconds(3));

        Lease lease = taken.get(GUARD.toSeconds(), TimeUnit.SECONDS).orElseThrow();
        assertThat(lease.isHeld()).isTrue();
        assertThat(stale.isHeld()).isFalse();
        assertThat(lease.fencingToken()).isGreaterThan(stale.fencingToken());
    }

    @Test
    void theClockCannotGoBack() {
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot go back");
    }

    @Test
    void aPeriodMustBePositive() {
        assertThatThrownBy(() -> clock.every(Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
    }

    /**
     * The in-memory backend on this clock passes the lock contract: letting time pass advances the
     * clock, and the renewal sweeps of live backends run on the way, so expiry and renewal are both
     * exercised in simulated time without sleeping.
     */
    @Nested
    class InMemoryBackendContract extends LockBackendContract {
        private InMemoryLockBackend first;

        @Override
        protected LockBackend openBackend(LeaseSettings lease) {
            if (first == null) {
                first = InMemoryLockBackend.isolated(lease, clock);
                return first;
            }
            return first.sharingTableWith(lease);
        }

        @Override
        protected void letTimePass(Duration duration) {
            clock.advance(duration);
        }
    }

    private long millis() {
        return clock.nanoTime() / 1_000_000;
    }

    private static LeaseSettings lease(Duration ttl, Duration renewInterval) {
        return LeaseSettings.of("t", ttl, "test").withRenewInterval(renewInterval);
    }

    /** Waits (at most the guard) until the thread sleeps on the key, so that the advance is what wakes it. */
    private static void awaitParked(AtomicReference<Thread> thread) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (System.nanoTime() < deadline) {
            Thread current = thread.get();
            if (current != null && current.getState() == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the waiter did not start waiting within " + GUARD);
    }
}
