package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lease of either binding, as {@link LeaseKeeper} hands it out: kept alive by its binding's
 * renewals or confirmations, lost for good when one is refused or comes too late, when its TTL runs out
 * while keep-alives get no answer, or when the data epoch changes; released once. Keep-alives are driven by the test on a clock it moves, except
 * where the keeper's own schedule is what is tested.
 */
class RedisLeaseTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration MARGIN = Duration.ofMillis(100);
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private final AtomicLong now = new AtomicLong();
    private final MonotonicClock clock = now::get;
    private final LeaseKeeper keeper = new LeaseKeeper(LeaseSettings.of("p", TTL, "t").withoutRenewal(), MARGIN, clock,
            "test-keep-alive");

    /** The binding side, answering keep-alives as the test says and counting releases. */
    private static final class Holder implements LeaseHolder {
        private volatile LongSupplier answer;
        private final AtomicInteger keepAlives = new AtomicInteger();
        private final AtomicInteger releases = new AtomicInteger();
        private final CountDownLatch keptAlive = new CountDownLatch(2);

        Holder(LongSupplier answer) {
            this.answer = answer;
        }

        @Override
        public long keepAlive() {
            keepAlives.incrementAndGet();
            keptAlive.countDown();
            return answer.getAsLong();
        }

        @Override
        public void release() {
            releases.incrementAndGet();
        }
    }

    @AfterEach
    void close() {
        keeper.close();
    }

    @Test
    void aKeepAliveMovesTheWindowOn() {
        Holder holder = new Holder(TTL::toMillis);
        RedisLease lease = grant(holder);
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        lease.keepAlive();
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(lease.isHeld()).as("40 s after the grant, 20 s after a renewal").isTrue();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(lease.isHeld()).isFalse();
    }

    @Test
    void aRefusedKeepAliveLosesItForGood() {
        Holder holder = new Holder(() -> -1);
        RedisLease lease = grant(holder);
        assertThat(lease.lossReason()).as("while held").isEmpty();
        lease.keepAlive();
        assertThat(lease.isHeld()).isFalse();
        assertThat(lease.lossReason()).hasValueSatisfying(why -> assertThat(why).contains("Redis no longer has it"));
        holder.answer = TTL::toMillis;
        lease.keepAlive();
        assertThat(lease.isHeld()).isFalse();
        assertThat(holder.keepAlives).as("no keep-alive once lost").hasValue(1);
    }

    @Test
    void aKeepAliveWithoutAnAnswerKeepsItWhileItsTtlLasts() {
        Holder holder = new Holder(() -> {
            throw new LockException("Redis at h:1 did not answer within kart.lock.redis.command-timeout = 5s");
        });
        RedisLease lease = grant(holder);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        lease.keepAlive();
        assertThat(lease.isHeld()).as("Redis keeps the key until its TTL runs out, answered or not").isTrue();
        assertThat(lease.lossReason()).as("while held").isEmpty();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        holder.answer = TTL::toMillis;
        lease.keepAlive();
        now.addAndGet(Duration.ofSeconds(25).toNanos());
        assertThat(lease.isHeld()).as("45 s after the grant, 25 s after the renewal that Redis answered again").isTrue();
        assertThat(holder.keepAlives).hasValue(2);
    }

    @Test
    void keepAlivesWithoutAnAnswerUntilTheTtlRunsOutLoseItWithTheLastError() {
        AtomicInteger calls = new AtomicInteger();
        RedisLease lease = grant(new Holder(() -> {
            throw new LockException("Redis at h:1 did not answer, call " + calls.incrementAndGet());
        }));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        lease.keepAlive();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        lease.keepAlive();
        assertThat(lease.isHeld()).isTrue();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(lease.isHeld()).as("30 s after the last confirmation, the TTL").isFalse();
        assertThat(lease.lossReason()).as("why, for the error of the task it guarded, before the next sweep")
                .hasValueSatisfying(why -> assertThat(why).contains("TTL ran out").contains("call 2"));
        lease.keepAlive();
        assertThat(calls).as("no keep-alive once it ran out").hasValue(2);
        assertThat(lease.lossReason()).hasValueSatisfying(why -> assertThat(why).contains("call 2"));
    }

    @Test
    void aKeepAliveWhoseConnectionIsRefusedLosesIt() {
        RedisLease lease = grant(new Holder(() -> {
            throw new LockException("renewing p:cache:a.json failed: cannot reach Redis at h:1: Connection refused",
                    new java.net.ConnectException("Connection refused"));
        }));
        lease.keepAlive();
        assertThat(lease.isHeld()).as("no Redis runs there: it may come back without its data").isFalse();
        assertThat(lease.lossReason()).hasValueSatisfying(why -> assertThat(why).contains("Connection refused"));
    }

    @Test
    void aKeepAliveWhoseConnectionIsNotMadeInTimeKeepsItAsOneWithoutAnAnswer() {
        RedisLease lease = grant(new Holder(() -> {
            // Redisson's, under a stall of the network: Netty's ConnectTimeoutException is a ConnectException
            throw new LockException("renewing p:run:ab failed: no connection to Redis at h:1 in time",
                    new IllegalStateException("Unable to connect", new NettyConnectTimeout()));
        }));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        lease.keepAlive();
        assertThat(lease.isHeld()).as("a stall, not a Redis that is gone: Redis keeps the key until its TTL runs out")
                .isTrue();
        assertThat(lease.lossReason()).isEmpty();
    }

    /** Named and typed as Netty's {@code io.netty.channel.ConnectTimeoutException}. */
    private static final class NettyConnectTimeout extends java.net.ConnectException {
        private static final long serialVersionUID = 1L;

        NettyConnectTimeout() {
            super("connection timed out after 5000 ms: h/10.0.0.5:1");
        }
    }

    @Test
    void aRecheckOnANewPrimaryThatGetsNoAnswerLosesIt() {
        RedisLease lease = grant(new Holder(() -> {
            throw new LockException("Redis at h:2 did not answer");
        }));
        lease.recheck();
        assertThat(lease.isHeld()).as("no acquire on the new primary may go ahead while a lease it may lack counts as held")
                .isFalse();
        assertThat(lease.lossReason()).hasValueSatisfying(why -> assertThat(why)
                .contains("new Redis primary did not answer").contains("Redis at h:2 did not answer"));
    }

    @Test
    void aKeepAliveWithoutAnAnswerSentBeforeOneThatWasAnsweredChangesNothing() {
        AtomicReference<RedisLease> self = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        RedisLease lease = grant(new Holder(() -> {
            if (calls.incrementAndGet() == 1) {
                // a later keep-alive is sent, and answered, while this one waits for its answer
                now.addAndGet(Duration.ofSeconds(1).toNanos());
                self.get().keepAlive();
                throw new LockException("Redis at h:1 did not answer the earlier keep-alive");
            }
            return TTL.toMillis();
        }));
        self.set(lease);
        assertThat(lease.keepAlive()).as("worth trying again sooner").isFalse();
        now.addAndGet(TTL.toNanos());
        assertThat(lease.lossReason()).as("ran out: the earlier failure is not its reason")
                .hasValueSatisfying(why -> assertThat(why).isEqualTo("its TTL ran out"));
    }

    @Test
    void aKeepAliveThatRedisRefusesWithAnErrorLosesIt() {
        RedisLease lease = grant(new Holder(() -> {
            throw new LockException("renewing p:cache:k failed: WRONGTYPE key p:cache:k holds a set, not a kart lock",
                    new IllegalStateException("WRONGTYPE key p:cache:k holds a set, not a kart lock"));
        }));
        lease.keepAlive();
        assertThat(lease.isHeld()).isFalse();
        assertThat(lease.lossReason()).hasValueSatisfying(why -> assertThat(why).contains("WRONGTYPE"));
    }

    @Test
    void aLeaseThatRanOutWithoutAKeepAliveSaysSo() {
        RedisLease lease = grant(new Holder(TTL::toMillis));
        now.addAndGet(TTL.toNanos());
        assertThat(lease.isHeld()).isFalse();
        assertThat(lease.lossReason()).hasValueSatisfying(why -> assertThat(why).isEqualTo("its TTL ran out"));
    }

    @Test
    void aConfirmationArrivingAfterTheWindowRanOutLosesIt() {
        Holder holder = new Holder(() -> {
            now.addAndGet(TTL.toNanos()); // the round trip took longer than the lease
            return TTL.toMillis();
        });
        RedisLease lease = grant(holder);
        lease.keepAlive();
        assertThat(lease.isHeld()).isFalse();
    }

    @Test
    void closingReleasesOnceAndEndsIt() {
        Holder holder = new Holder(TTL::toMillis);
        RedisLease lease = grant(holder);
        lease.close();
        lease.close();
        assertThat(lease.isHeld()).isFalse();
        assertThat(lease.lossReason()).as("closed, not lost").isEmpty();
        assertThat(holder.releases).hasValue(1);
        lease.keepAlive();
        assertThat(holder.keepAlives).as("no keep-alive once closed").hasValue(0);
    }

    @Test
    void aNewDataEpochLosesTheLeasesOfTheOldOne() {
        RedisLease lease = grant(new Holder(TTL::toMillis));
        keeper.observed("p:epoch", "epoch-1");
        assertThat(lease.isHeld()).isTrue();
        keeper.observed("{p/g01}:epoch", "epoch-9");
        assertThat(lease.isHeld()).as("another group's epoch (Redis Cluster) leaves it alone").isTrue();
        keeper.observed("p:epoch", "epoch-2");
        assertThat(lease.isHeld()).isFalse();
    }

    @Test
    void theKeeperSchedulesKeepAlivesWhenLeasesAreRenewed() throws InterruptedException {
        try (LeaseKeeper renewing = new LeaseKeeper(LeaseSettings.of("p", TTL, "t"), MARGIN, clock, "test-renewal")) {
            renewing.observed("p:epoch", "epoch-1");
            Holder holder = new Holder(TTL::toMillis);
            Lease lease = renewing.keep("p:run:a", LockMode.EXCLUSIVE, 7, "p:epoch", "epoch-1", renewing.window(now.get(), TTL), holder,
                    Duration.ofMillis(10));
            assertThat(holder.keptAlive.await(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS)).as("kept alive twice").isTrue();
            assertThat(lease.isHeld()).isTrue();
            assertThat(lease.fencingToken()).isEqualTo(7);
            lease.close();
            assertThat(holder.releases).hasValue(1);
        }
    }

    @Test
    void theSweepKeepsTheOtherLeasesAliveAndNotAClosedOne() throws InterruptedException {
        try (LeaseKeeper renewing = new LeaseKeeper(LeaseSettings.of("p", TTL, "t"), MARGIN, clock, "test-renewal")) {
            renewing.observed("p:epoch", "epoch-1");
            Holder closedHolder = new Holder(TTL::toMillis);
            Lease closed = keep(renewing, "p:cache:closed", closedHolder);
            Holder failingHolder = new Holder(() -> {
                throw new UnsupportedOperationException("a keep-alive failing in a way the lease does not expect");
            });
            Lease failing = keep(renewing, "p:cache:failing", failingHolder);
            Holder heldHolder = new Holder(TTL::toMillis);
            Lease held = keep(renewing, "p:cache:held", heldHolder);
            closed.close();

            assertThat(heldHolder.keptAlive.await(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS))
                    .as("kept alive twice by the sweep of its period").isTrue();
            assertThat(failingHolder.keptAlive.await(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS))
                    .as("a keep-alive that threw ends neither the sweep nor the lease's place in it").isTrue();
            // a sweep already under way when close() ran may still keep it alive once; one that starts after,
            // as every sweep after the held lease's next two keep-alives does, no longer has it
            awaitKeepAlives(heldHolder, 2);
            int keptAliveAfterClosing = closedHolder.keepAlives.get();
            awaitKeepAlives(heldHolder, 2);
            assertThat(closedHolder.keepAlives).as("no keep-alive by a sweep that started once it was closed")
                    .hasValue(keptAliveAfterClosing);
            assertThat(held.isHeld()).isTrue();
            held.close();
            failing.close();
        }
    }

    @Test
    void aKeepAliveWithoutAnAnswerIsTriedAgainBeforeTheNextSweep() throws InterruptedException {
        Duration period = Duration.ofSeconds(4);
        try (LeaseKeeper renewing = new LeaseKeeper(LeaseSettings.of("p", TTL, "t"), MARGIN, clock, "test-renewal")) {
            renewing.observed("p:epoch", "epoch-1");
            AtomicInteger calls = new AtomicInteger();
            List<Long> times = new CopyOnWriteArrayList<>();
            Holder holder = new Holder(() -> {
                times.add(System.nanoTime());
                if (calls.incrementAndGet() <= 2) {
                    throw new LockException("Redis at h:1 did not answer, call " + calls.get());
                }
                return TTL.toMillis();
            });
            Lease lease = renewing.keep("p:run:a", LockMode.EXCLUSIVE, 7, "p:epoch", "epoch-1", renewing.window(now.get(), TTL),
                    holder, period);
            awaitKeepAlives(holder, 3);
            // a quarter period apart, while the sweep comes every period: late under load, never early
            assertThat(Duration.ofNanos(times.get(2) - times.get(0))).as("two tries again after the sweep's unanswered one")
                    .isLessThan(period);
            assertThat(lease.isHeld()).isTrue();
            assertThat(lease.lossReason()).isEmpty();
            lease.close();
        }
    }

    /** Waits until {@code holder} was kept alive {@code more} times from now. */
    private static void awaitKeepAlives(Holder holder, int more) throws InterruptedException {
        int target = holder.keepAlives.get() + more;
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (holder.keepAlives.get() < target) {
            assertThat(System.nanoTime()).as("kept alive " + more + " more times within " + HANG_GUARD).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static Lease keep(LeaseKeeper keeper, String key, Holder holder) {
        return keeper.keep(key, LockMode.EXCLUSIVE, 1, "p:epoch", "epoch-1", keeper.window(0, TTL), holder, Duration.ofMillis(10));
    }

    @Test
    void keysModeAndTokenAreTheGrantsAndShowInItsName() {
        RedisLease lease = grant(new Holder(TTL::toMillis));
        assertThat(lease.key()).isEqualTo("p:cache:a.json");
        assertThat(lease.mode()).isEqualTo(LockMode.SHARED);
        assertThat(lease.fencingToken()).isEqualTo(3);
        assertThat(lease).hasToString("p:cache:a.json (SHARED, token 3)");
    }

    private RedisLease grant(Holder holder) {
        keeper.observed("p:epoch", "epoch-1");
        return (RedisLease) keeper.keep("p:cache:a.json", LockMode.SHARED, 3, "p:epoch", "epoch-1", keeper.window(now.get(), TTL), holder,
                Duration.ofSeconds(10));
    }
}
