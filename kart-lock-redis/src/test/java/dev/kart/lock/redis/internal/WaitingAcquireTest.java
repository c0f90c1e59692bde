package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.redis.behaviour.fixtures.CapturedLog;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a waiting acquire says when Redis leaves its tries unanswered: once that it still waits and until when, and
 * at the end how many tries, for how long, and which limit ended them. Each try here fails as the bindings' do when
 * Redis is frozen and moves the wait's clock on by one command timeout, so the counts do not hang on the machine's
 * speed; the binding modules run the same waits against a frozen redis-server in {@code WaitingAcquireBoundBehaviour}.
 */
class WaitingAcquireTest {
    private static final String KEY = "kart:cache:ab";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(1);
    private static final String SETTING = "kart.lock.cache-wait-timeout";

    private final AtomicInteger tries = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private CapturedLog logged;

    /** No notifications: every wait runs to the poll. */
    private static final class Silent implements ReleaseNotifications {
        @Override
        public CompletionStage<Void> listen(String key, Listener listener) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void unlisten(String key, Listener listener) {
        }
    }

    @BeforeEach
    void listen() {
        logged = CapturedLog.of(UnansweredTries.class);
    }

    @AfterEach
    void stopListening() {
        logged.close();
    }

    @Test
    void triesUnansweredForOneTtlFailNamingItAndQuotingTheLastTry() {
        Throwable error = catchThrowable(() -> acquire(Duration.ofMinutes(10), Duration.ofSeconds(10)));
        assertThat(error).isInstanceOf(LockException.class).hasMessage("Redis left 10 tries to lock " + KEY
                + " unanswered in 10.0s, and one lease TTL has passed (kart.lock.ttl = 10s): every lease of this process"
                + " has run out unrenewed; the last try: " + unanswered().getMessage());
        assertThat(RedisFailures.unanswered(error)).as("still a try Redis did not answer").isTrue();
        assertThat(warnings()).containsExactly("still waiting for the lock " + KEY + ": Redis left a try unanswered; it"
                + " is asked again 1ms after each such try (kart.lock.redis.fallback-poll) until it answers, or until one"
                + " lease TTL has passed (kart.lock.ttl = 10s)");
    }

    @Test
    void triesUnansweredUntilTheWaitsTimeoutFailNamingItsSetting() {
        Throwable error = catchThrowable(() -> acquire(Duration.ofSeconds(5), Duration.ofMinutes(1)));
        assertThat(error).isInstanceOf(LockException.class).hasMessage("Redis left 5 tries to lock " + KEY
                + " unanswered in 5.0s, and the wait's timeout ran out (" + SETTING + " = 5s); the last try: "
                + unanswered().getMessage());
        assertThat(warnings()).containsExactly("still waiting for the lock " + KEY + ": Redis left a try unanswered; it"
                + " is asked again 1ms after each such try (kart.lock.redis.fallback-poll) until it answers, or until the"
                + " wait ends in 4.0s (" + SETTING + " = 5s)");
    }

    @Test
    void aRedisThatAnswersBetweenStallsIsWarnedOfOnceAWait() throws InterruptedException {
        // unanswered, refused (held by another), unanswered, ... until the wait's timeout
        Optional<Lease> lease = new WaitingAcquire(new Silent(), now::get, POLL, Duration.ofMinutes(1)).acquire(KEY,
                Duration.ofSeconds(10), SETTING, () -> {
                    now.addAndGet(COMMAND_TIMEOUT.toNanos());
                    if (tries.incrementAndGet() % 2 == 1) {
                        throw unanswered();
                    }
                    return AcquireAttempt.refused(Duration.ZERO);
                });
        assertThat(lease).isEmpty();
        assertThat(tries.get()).isGreaterThan(4);
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void aSingleTryUnansweredFailsWithItsOwnErrorAndNoWarning() {
        Throwable error = catchThrowable(() -> acquire(Duration.ZERO, Duration.ofMinutes(1)));
        assertThat(error).isInstanceOf(LockException.class).hasMessage(unanswered().getMessage());
        assertThat(tries.get()).isEqualTo(1);
        assertThat(warnings()).isEmpty();
    }

    private void acquire(Duration timeout, Duration stallLimit) throws InterruptedException {
        new WaitingAcquire(new Silent(), now::get, POLL, stallLimit).acquire(KEY, timeout, SETTING, () -> {
            tries.incrementAndGet();
            now.addAndGet(COMMAND_TIMEOUT.toNanos());
            throw unanswered();
        });
    }

    private List<String> warnings() {
        return logged.lines();
    }

    /** As the Jedis binding's try fails when Redis does not answer within the command timeout. */
    private static LockException unanswered() {
        return new LockException("acquiring " + KEY + " failed: no answer from Redis at h:1 within"
                + " kart.lock.redis.command-timeout = 1s", new SocketTimeoutException("Read timed out"));
    }
}
