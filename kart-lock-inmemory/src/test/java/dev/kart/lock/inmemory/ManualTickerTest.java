package dev.kart.lock.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.lock.LeaseSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTickerTest {

    @Test
    void advanceFiresEachDueTimerAtItsOwnMomentInOrder() {
        ManualTicker clock = new ManualTicker();
        List<String> fired = new ArrayList<>();
        clock.every(Duration.ofMillis(300), () -> fired.add("a@" + clock.nanoTime() / 1_000_000));
        clock.every(Duration.ofMillis(500), () -> fired.add("b@" + clock.nanoTime() / 1_000_000));

        clock.advance(Duration.ofMillis(1000));

        assertThat(fired).containsExactly("a@300", "b@500", "a@600", "a@900", "b@1000");
        assertThat(clock.nanoTime()).isEqualTo(Duration.ofMillis(1000).toNanos());
    }

    @Test
    void aCancelledTimerNoLongerFires() {
        ManualTicker clock = new ManualTicker();
        List<Long> fired = new ArrayList<>();
        Runnable cancel = clock.every(Duration.ofMillis(100), () -> fired.add(clock.nanoTime()));
        clock.advance(Duration.ofMillis(250));
        cancel.run();
        clock.advance(Duration.ofMillis(500));

        assertThat(fired).hasSize(2);
    }

    @Test
    void aLeaseRenewedOnTheManualClockSurvivesAJumpFarPastItsTtlWhileAnUnrenewedOneExpires() {
        ManualTicker clock = new ManualTicker();
        InMemoryLockBackend renewed = InMemoryLockBackend.isolated(lease(Duration.ofSeconds(3), Duration.ofSeconds(1)), clock);
        InMemoryLockBackend unrenewed = renewed.sharingTableWith(lease(Duration.ofSeconds(3), Duration.ofDays(1)));
        var kept = renewed.runLock().tryAcquire("kept").orElseThrow();
        var lost = unrenewed.runLock().tryAcquire("lost").orElseThrow();

        clock.advance(Duration.ofMinutes(10));

        assertThat(kept.isHeld()).isTrue();
        assertThat(lost.isHeld()).isFalse();
        assertThat(unrenewed.runLock().tryAcquire("kept")).isEmpty();
        assertThat(renewed.runLock().tryAcquire("lost")).isPresent();
    }

    @Test
    void theClockCannotGoBack() {
        assertThatThrownBy(() -> new ManualTicker().advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot go back");
    }

    private static LeaseSettings lease(Duration ttl, Duration renewInterval) {
        return LeaseSettings.of("t", ttl, "test").withRenewInterval(renewInterval);
    }
}
