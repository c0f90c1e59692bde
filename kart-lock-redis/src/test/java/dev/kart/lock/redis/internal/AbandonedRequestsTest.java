package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.LockException;
import dev.kart.test.support.redis.RedisServerExtension;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;

/**
 * The cleanup after lock requests whose reply never came, against a real redis-server, with a
 * compare-and-delete of a plain key standing in for a binding's: a hold Redis has is deleted, one it
 * grants after a first "none" is deleted by a later check, another holder's is left alone, and a
 * request is forgotten once a TTL has passed since Redis first answered.
 */
class AbandonedRequestsTest {
    private static final String COMPARE_AND_DELETE =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    /** A request that got no answer within its command timeout: Redis is not answering. */
    private static final LockException TIMED_OUT = new LockException("no answer from Redis within kart.lock.redis"
            + ".command-timeout", new SocketTimeoutException("Read timed out"));
    /** A request whose connection broke: no clear answer, though Redis may be answering again. */
    private static final LockException CONNECTION_RESET = new LockException("Redis closed the connection",
            new SocketException("Connection reset"));

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    private JedisPooled redis;
    private String key;

    @BeforeEach
    void connect() {
        redis = new JedisPooled(REDIS.server().host(), REDIS.server().port());
        key = "abandoned-" + UUID.randomUUID();
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Test
    void aHoldRedisGrantedToARequestGivenUpOnIsDeleted() throws InterruptedException {
        redis.set(key, "request-1");
        try (AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofSeconds(1), HANG_GUARD,
                MonotonicClock.SYSTEM, "test-cleanup")) {
            abandoned.abandon("acquiring", key, "request-1", CONNECTION_RESET, () -> deleteIfHeld("request-1"));
            await(() -> !redis.exists(key), "the hold deleted");
            await(() -> abandoned.pending() == 0, "the request forgotten once its hold was deleted");
            await(() -> abandoned.unconfirmed().isEmpty(), "settled: the request forgotten once its hold was deleted");
        }
    }

    @Test
    void aHoldGrantedAfterRedisFirstAnsweredNoneIsDeletedByALaterCheck() throws InterruptedException {
        AtomicInteger checks = new AtomicInteger();
        try (AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofMillis(200), HANG_GUARD,
                MonotonicClock.SYSTEM, "test-cleanup")) {
            abandoned.abandon("acquiring", key, "request-1", CONNECTION_RESET, () -> {
                checks.incrementAndGet();
                return deleteIfHeld("request-1");
            });
            await(() -> checks.get() >= 1, "a first check, finding no hold");
            // the request arrives late, on another connection
            redis.set(key, "request-1");
            await(() -> !redis.exists(key), "the late hold deleted");
        }
    }

    @Test
    void anotherHoldersLockIsLeftAloneAndTheRequestForgottenOnceATtlPassedSinceRedisAnswered() throws InterruptedException {
        redis.set(key, "someone-else");
        try (AbandonedRequests abandoned = new AbandonedRequests(Duration.ofSeconds(2), Duration.ofMillis(100), HANG_GUARD,
                MonotonicClock.SYSTEM, "test-cleanup")) {
            abandoned.abandon("acquiring", key, "request-1", CONNECTION_RESET, () -> deleteIfHeld("request-1"));
            await(() -> abandoned.pending() == 0, "the request forgotten");
            await(() -> abandoned.unconfirmed().isEmpty(), "settled: the request forgotten");
            assertThat(redis.get(key)).isEqualTo("someone-else");
        }
    }

    @Test
    void aCleanupWithoutAnAnswerIsTriedAgain() throws InterruptedException {
        AtomicInteger tries = new AtomicInteger();
        redis.set(key, "request-1");
        try (AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofMillis(100), HANG_GUARD,
                MonotonicClock.SYSTEM, "test-cleanup")) {
            abandoned.abandon("releasing", key, "request-1", CONNECTION_RESET, () -> {
                if (tries.incrementAndGet() < 3) {
                    throw new LockException("no answer from Redis (try " + tries.get() + ")");
                }
                return deleteIfHeld("request-1");
            });
            await(() -> !redis.exists(key), "the hold deleted by the third try");
        }
        assertThat(tries.get()).isEqualTo(3);
    }

    /**
     * Redis does not answer the last try before closing: the key is told as one this process may still hold, so that
     * kart run does not say every lock was released.
     */
    @Test
    void aLastTryWithoutAnAnswerLeavesItsKeyUnconfirmed() {
        AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofMinutes(1), HANG_GUARD,
                MonotonicClock.SYSTEM, "test-cleanup");
        abandoned.resend("releasing", key, "request-1", () -> {
            throw new IllegalStateException("no answer from Redis");
        });

        abandoned.close();

        assertThat(abandoned.unconfirmed()).containsExactly(key);
    }

    /**
     * A request got no answer just before closing (Redis frozen): the close neither waits for the cleanup under way
     * nor makes a last try, each of which would keep a stopping process one more command timeout; its key is told as
     * unconfirmed.
     */
    @Test
    void closingRightAfterARequestGotNoAnswerNeitherWaitsNorTriesAgain() throws InterruptedException {
        // a close that waited for its last tries would take twice as long as the join below waits
        AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofMinutes(1),
                HANG_GUARD.multipliedBy(2), MonotonicClock.SYSTEM, "test-cleanup");
        AtomicInteger tries = new AtomicInteger();
        CountDownLatch underWay = new CountDownLatch(1);
        CountDownLatch frozen = new CountDownLatch(1);
        abandoned.abandon("releasing", key, "request-1", TIMED_OUT, () -> {
            tries.incrementAndGet();
            underWay.countDown();
            try {
                frozen.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw TIMED_OUT;
        });
        assertThat(underWay.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).as("a cleanup under way").isTrue();
        Thread closing = new Thread(abandoned::close, "test-close");
        closing.start();
        closing.join(HANG_GUARD.toMillis());
        try {
            assertThat(closing.isAlive()).as("closed while the cleanup under way still waits for Redis").isFalse();
            assertThat(abandoned.unconfirmed()).containsExactly(key);
            assertThat(tries.get()).as("the cleanup under way only").isOne();
        } finally {
            frozen.countDown();
        }
    }

    /** Redis answered a cleanup since a request got no answer: it is back, and closing makes its last tries. */
    @Test
    void closingAfterRedisAnsweredAgainMakesTheLastTries() throws InterruptedException {
        // checks 5 s apart: the answered check's next is due well after the close
        AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofSeconds(5), HANG_GUARD,
                MonotonicClock.SYSTEM, "test-cleanup");
        AtomicInteger tries = new AtomicInteger();
        abandoned.abandon("acquiring", key, "request-1", TIMED_OUT, () -> {
            if (tries.incrementAndGet() == 1) {
                throw TIMED_OUT;
            }
            return deleteIfHeld("request-1");
        });
        await(() -> tries.get() >= 2, "a first try without an answer, then one answered: no hold yet");
        // cleanups run one at a time: once another request's has begun, the answered one above has ended
        CountDownLatch afterIt = new CountDownLatch(1);
        abandoned.resend("releasing", key + "-other", "request-2", () -> {
            afterIt.countDown();
            return false;
        });
        assertThat(afterIt.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // granted late; the next check comes at growing intervals
        redis.set(key, "request-1");
        int triesBefore = tries.get();

        abandoned.close();

        assertThat(tries.get()).as("a last try").isGreaterThan(triesBefore);
        assertThat(redis.exists(key)).as("deleted by the last try").isFalse();
        assertThat(abandoned.unconfirmed()).isEmpty();
    }

    /**
     * A release still under way when the backend closes (a worker still waiting for Redis when the interrupt grace is
     * over) is told as unconfirmed, so that kart run's last line names its key.
     */
    @Test
    void aReleaseUnderWayIsUnconfirmedUntilItEnds() {
        AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofMinutes(1), HANG_GUARD,
                MonotonicClock.SYSTEM, "test-cleanup");
        AbandonedRequests.Releasing releasing = abandoned.releasing(key, "request-1");

        abandoned.close();

        assertThat(abandoned.unconfirmed()).containsExactly(key);
        releasing.ended();
        assertThat(abandoned.unconfirmed()).isEmpty();
    }

    @Test
    void closingMakesOneLastTry() {
        AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofMinutes(1), HANG_GUARD,
                MonotonicClock.SYSTEM, "test-cleanup");
        AtomicInteger checks = new AtomicInteger();
        abandoned.abandon("acquiring", key, "request-1", CONNECTION_RESET, () -> {
            checks.incrementAndGet();
            return deleteIfHeld("request-1");
        });
        try {
            await(() -> checks.get() >= 1, "a first check, finding no hold");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        // granted late; the next check would come only a minute later
        redis.set(key, "request-1");
        abandoned.close();
        assertThat(redis.exists(key)).as("the hold, once the cleanup is closed").isFalse();
        assertThat(abandoned.pending()).isZero();
        assertThat(abandoned.unconfirmed()).as("deleted by the last try").isEmpty();
    }

    @Test
    void aConfirmedReleaseIsSentToANewPrimaryOnce() throws InterruptedException {
        AtomicInteger sent = new AtomicInteger();
        try (AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofMinutes(1), HANG_GUARD,
                MonotonicClock.SYSTEM, "test-cleanup")) {
            abandoned.primary("old:6379");
            abandoned.released(key, "request-1", () -> {
                sent.incrementAndGet();
                return deleteIfHeld("request-1");
            });
            abandoned.primary("old:6379");
            // what a replica promoted before the release reached it still has
            redis.set(key, "request-1");
            abandoned.primary("new:6379");
            await(() -> !redis.exists(key), "the hold deleted on the new primary");
            await(() -> abandoned.pending() == 0, "the release forgotten once sent");
            await(() -> abandoned.unconfirmed().isEmpty(), "settled: the release forgotten once sent");
            abandoned.primary("newer:6379");
        }
        assertThat(sent.get()).as("times the release was sent again, over two failovers").isEqualTo(1);
    }

    @Test
    void releasesAreNotRememberedWithoutAPrimaryNorBeyondATtl() {
        AtomicLong now = new AtomicLong();
        AtomicInteger sent = new AtomicInteger();
        AbandonedRequests.Cleanup counted = () -> {
            sent.incrementAndGet();
            return false;
        };
        AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofMinutes(1), HANG_GUARD,
                now::get, "test-cleanup");
        // one server, or a cluster: no primary is ever named
        abandoned.released(key, "request-1", counted);
        abandoned.primary("old:6379");
        abandoned.released(key, "request-2", counted);
        now.addAndGet(Duration.ofMinutes(1).plusNanos(1).toNanos());
        abandoned.primary("new:6379");
        // close() makes one last try of whatever is waiting
        abandoned.close();
        assertThat(sent.get()).as("releases sent again").isZero();
    }

    @Test
    void aReleaseWhoseConnectionWasRefusedIsSentUntilRedisAnswers() throws InterruptedException {
        AtomicInteger tries = new AtomicInteger();
        redis.set(key, "request-1");
        try (AbandonedRequests abandoned = new AbandonedRequests(Duration.ofMinutes(1), Duration.ofMillis(100), HANG_GUARD,
                MonotonicClock.SYSTEM, "test-cleanup")) {
            abandoned.resend("releasing", key, "request-1", () -> {
                if (tries.incrementAndGet() < 3) {
                    throw new LockException("Connection refused (try " + tries.get() + ")");
                }
                return deleteIfHeld("request-1");
            });
            await(() -> !redis.exists(key), "the hold deleted by the third try");
            await(() -> abandoned.pending() == 0, "the release forgotten once Redis answered");
            await(() -> abandoned.unconfirmed().isEmpty(), "settled: the release forgotten once Redis answered");
        }
        assertThat(tries.get()).isEqualTo(3);
    }

    @Test
    void aRequestRefusedAtConnectingNeverReachedRedis() {
        assertThat(AbandonedRequests.maybeCarriedOut(new LockException("acquiring failed",
                new IOException("could not connect", new ConnectException("Connection refused"))))).isFalse();
        assertThat(AbandonedRequests.maybeCarriedOut(new LockException("acquiring failed",
                new java.net.SocketTimeoutException("Read timed out")))).isTrue();
        // as Jedis reports it: the socket's error suppressed by its own connection exception
        IllegalStateException jedis = new IllegalStateException("Failed to connect to any host resolved for DNS name");
        jedis.addSuppressed(new ConnectException("Connection refused"));
        assertThat(AbandonedRequests.maybeCarriedOut(new LockException("acquiring failed", jedis))).isFalse();
    }

    private boolean deleteIfHeld(String holder) {
        return ((Long) redis.eval(COMPARE_AND_DELETE, List.of(key), List.of(holder))) == 1L;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("%s within %s", what, HANG_GUARD).isNegative();
            Thread.sleep(20);
        }
    }
}
