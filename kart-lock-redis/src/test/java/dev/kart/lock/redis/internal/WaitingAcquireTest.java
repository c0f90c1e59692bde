package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kart.lock.LockException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a waiting acquire says when Redis leaves its tries unanswered to the end: how many tries, for how long, and
 * which limit ended them. The tries here fail as the bindings' do when Redis is frozen; the binding modules run the
 * same waits against a frozen redis-server in {@code WaitingAcquireBoundBehaviour}.
 */
class WaitingAcquireTest {
    private static final String KEY = "kart:cache:ab";
    private static final Duration POLL = Duration.ofMillis(10);

    private final AtomicInteger tries = new AtomicInteger();

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

    @Test
    void triesUnansweredUntilTheStallLimitFailNamingTheTtlAndTheLastTry() {
        Throwable error = catchThrowable(() -> acquire(Duration.ofMinutes(1), Duration.ofMillis(200)));
        assertThat(error).isInstanceOf(LockException.class)
                .hasMessageStartingWith("Redis left " + tries.get() + " tries to lock " + KEY + " unanswered in ")
                .hasMessageContaining("every 10ms, kart.lock.redis.fallback-poll")
                .hasMessageContaining("for one lease TTL (kart.lock.ttl = 200ms)")
                .hasMessageContaining("the last try: " + unanswered().getMessage());
        assertThat(RedisFailures.unanswered(error)).as("still a try Redis did not answer").isTrue();
        assertThat(tries.get()).isGreaterThan(1);
    }

    @Test
    void theFirstTryUnansweredSaysOnceThatTheWaitGoesOnAndUntilWhen() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(WaitingAcquire.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            catchThrowable(() -> acquire(Duration.ofMinutes(1), Duration.ofMillis(200)));
            catchThrowable(() -> acquire(Duration.ofMillis(200), Duration.ofMinutes(1)));
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .as("one line per wait, however many tries").hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("still waiting for the lock " + KEY + ": Redis did not"
                        + " answer, and is asked again every 10ms (kart.lock.redis.fallback-poll) until it answers or "))
                .satisfies(lines -> {
                    assertThat(lines.get(0)).endsWith("one lease TTL (kart.lock.ttl = 200ms) has passed");
                    assertThat(lines.get(1)).contains("the wait's timeout of 200ms ends in ");
                });
    }

    @Test
    void triesUnansweredUntilTheWaitsTimeoutFailNamingIt() {
        Throwable error = catchThrowable(() -> acquire(Duration.ofMillis(200), Duration.ofMinutes(1)));
        assertThat(error).isInstanceOf(LockException.class)
                .hasMessageContaining("unanswered in ")
                .hasMessageContaining("and the wait's timeout of 200ms ran out")
                .hasMessageContaining("the last try: " + unanswered().getMessage());
    }

    @Test
    void aSingleTryUnansweredFailsWithItsOwnError() {
        Throwable error = catchThrowable(() -> acquire(Duration.ZERO, Duration.ofMinutes(1)));
        assertThat(error).isInstanceOf(LockException.class).hasMessage(unanswered().getMessage());
        assertThat(tries.get()).isEqualTo(1);
    }

    private void acquire(Duration timeout, Duration stallLimit) throws InterruptedException {
        new WaitingAcquire(new Silent(), MonotonicClock.SYSTEM, POLL, stallLimit).acquire(KEY, timeout, () -> {
            tries.incrementAndGet();
            throw unanswered();
        });
    }

    /** As the Jedis binding's try fails when Redis does not answer within the command timeout. */
    private static LockException unanswered() {
        return new LockException("acquiring " + KEY + " failed: no answer from Redis at h:1 within"
                + " kart.lock.redis.command-timeout = 5s", new SocketTimeoutException("Read timed out"));
    }
}
