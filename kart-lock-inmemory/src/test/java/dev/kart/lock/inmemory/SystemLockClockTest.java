package dev.kart.lock.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SystemLockClockTest {
    private static final long GUARD_SECONDS = 30;
    private final LockClock clock = LockClock.system();

    @Test
    void itIsOneClockForTheProcessReadingSystemNanoTime() {
        long before = System.nanoTime();
        long read = clock.nanoTime();

        assertThat(LockClock.system()).isSameAs(clock);
        assertThat(read - before).isNotNegative();
        assertThat(System.nanoTime() - read).isNotNegative();
    }

    @Test
    void aOneShotTimerRunsOnceItsMomentHasCome() throws InterruptedException {
        long moment = clock.nanoTime() + Duration.ofMillis(50).toNanos();
        AtomicLong ranAt = new AtomicLong();
        CountDownLatch ran = new CountDownLatch(1);

        clock.at(moment, () -> {
            ranAt.set(clock.nanoTime());
            ran.countDown();
        });

        assertThat(ran.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("the timer ran").isTrue();
        assertThat(ranAt.get() - moment).as("nanoseconds after its moment").isNotNegative();
    }

    @Test
    void aMomentThatHasPassedIsDueAtOnce() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);

        clock.at(clock.nanoTime() - Duration.ofHours(1).toNanos(), ran::countDown);

        assertThat(ran.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("the overdue timer ran").isTrue();
    }

    @Test
    void aPeriodicTimerRunsAgainUntilCancelled() throws InterruptedException {
        CountDownLatch thrice = new CountDownLatch(3);
        long start = clock.nanoTime();

        LockClock.Timer timer = clock.every(Duration.ofMillis(10), thrice::countDown);
        try {
            assertThat(thrice.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("ran three times").isTrue();
            assertThat(clock.nanoTime() - start).as("three periods passed").isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        } finally {
            timer.cancel();
        }
        timer.cancel();
    }

    @Test
    void aPeriodMustBePositive() {
        assertThatThrownBy(() -> clock.every(Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive")
                .hasMessageContaining("PT0S");
    }
}
