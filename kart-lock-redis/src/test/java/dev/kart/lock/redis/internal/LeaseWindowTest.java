package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lease window on a clock the test moves: held until send time + TTL - margin, then ended for good. */
class LeaseWindowTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration MARGIN = Duration.ofMillis(100);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MonotonicClock clock = now::get;

    @Test
    void heldUntilSendTimePlusTtlMinusTheMargin() {
        long sentAt = now.get();
        LeaseWindow window = new LeaseWindow(clock, sentAt, TTL, MARGIN);
        now.set(sentAt + TTL.minus(MARGIN).toNanos() - 1);
        assertThat(window.held()).isTrue();
        assertThat(window.ended()).isFalse();
        now.set(sentAt + TTL.minus(MARGIN).toNanos());
        assertThat(window.held()).isFalse();
        assertThat(window.ended()).isTrue();
    }

    @Test
    void aConfirmationMovesTheEndFromItsOwnSendTime() {
        long sentAt = now.get();
        LeaseWindow window = new LeaseWindow(clock, sentAt, TTL, MARGIN);
        long renewedAt = sentAt + Duration.ofSeconds(10).toNanos();
        now.set(renewedAt + Duration.ofMillis(5).toNanos());
        assertThat(window.confirm(renewedAt, TTL)).isTrue();
        now.set(sentAt + TTL.toNanos());
        assertThat(window.held()).as("past the first TTL, within the renewed one").isTrue();
        now.set(renewedAt + TTL.minus(MARGIN).toNanos());
        assertThat(window.held()).isFalse();
    }

    @Test
    void aConfirmationThatLeavesLessTimeDoesNotShortenIt() {
        long sentAt = now.get();
        LeaseWindow window = new LeaseWindow(clock, sentAt, TTL, MARGIN);
        assertThat(window.confirm(sentAt + 1, Duration.ofSeconds(1))).isTrue();
        now.set(sentAt + Duration.ofSeconds(20).toNanos());
        assertThat(window.held()).isTrue();
    }

    @Test
    void aConfirmationArrivingAfterTheEndDoesNotReviveIt() {
        long sentAt = now.get();
        LeaseWindow window = new LeaseWindow(clock, sentAt, TTL, MARGIN);
        long renewalSent = sentAt + Duration.ofSeconds(29).toNanos();
        now.set(sentAt + TTL.toNanos());
        assertThat(window.confirm(renewalSent, TTL)).isFalse();
        now.set(renewalSent + 1);
        assertThat(window.held()).as("ended for good").isFalse();
    }

    @Test
    void endingItIsForGood() {
        LeaseWindow window = new LeaseWindow(clock, now.get(), TTL, MARGIN);
        window.end();
        assertThat(window.held()).isFalse();
        assertThat(window.confirm(now.get(), TTL)).isFalse();
        assertThat(window.held()).isFalse();
    }

    @Test
    void readingsThatWrapAroundStillCompareByDifference() {
        now.set(Long.MAX_VALUE - Duration.ofSeconds(1).toNanos());
        LeaseWindow window = new LeaseWindow(clock, now.get(), TTL, MARGIN);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(now.get()).as("the clock wrapped").isNegative();
        assertThat(window.held()).isTrue();
        now.addAndGet(TTL.toNanos());
        assertThat(window.held()).isFalse();
    }
}
