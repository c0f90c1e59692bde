package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.LockException;
import dev.kart.lock.redis.behaviour.fixtures.CapturedLog;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code whenFree} of both bindings: it completes on the key's release notification, or when a check
 * finds the key gone or Redis cannot say; it checks only once notifications flow, and stops listening
 * when done. The notifications and the TTL answers here are driven by the test; the binding modules
 * run the same watch against a real Redis in the lock contract.
 */
class ReleaseWatchTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    private static final String KEY = "kart:run:ab";

    private final ScheduledExecutorService checks = DaemonThreads.scheduler("test-free-check", 1);
    private final Notifications notifications = new Notifications();
    /** Answers of the TTL probe, one per check, in order; the last one repeats. */
    private final LinkedBlockingQueue<CompletableFuture<Long>> answers = new LinkedBlockingQueue<>();
    private final List<String> probed = new CopyOnWriteArrayList<>();

    /** Release notifications the test sends. */
    private static final class Notifications implements ReleaseNotifications {
        final Map<String, ReleaseNotifications.Listener> listeners = new ConcurrentHashMap<>();
        volatile CompletableFuture<Void> subscribed = CompletableFuture.completedFuture(null);

        @Override
        public CompletionStage<Void> listen(String key, Listener listener) {
            listeners.put(key, listener);
            return subscribed;
        }

        @Override
        public void unlisten(String key, Listener listener) {
            listeners.remove(key, listener);
        }
    }

    @AfterEach
    void stop() {
        checks.shutdownNow();
    }

    @Test
    void aReleaseNotificationCompletesItAndEndsTheListening() throws Exception {
        answers.add(CompletableFuture.completedFuture(60_000L));
        CompletionStage<Void> free = watch(Duration.ofMinutes(1)).whenFree(KEY);
        awaitProbes(1);
        assertThat(free.toCompletableFuture()).isNotDone();
        notifications.listeners.get(KEY).released();
        free.toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(notifications.listeners).isEmpty();
    }

    @Test
    void aLossOfNotificationsBringsACheckForwardAndCompletesItOnlyOnceTheKeyIsGone() throws Exception {
        answers.add(CompletableFuture.completedFuture(60_000L));
        answers.add(CompletableFuture.completedFuture(60_000L));
        answers.add(CompletableFuture.completedFuture(-2L));
        // a fallback poll longer than the test: only the losses bring the checks
        CompletionStage<Void> free = watch(Duration.ofMinutes(1)).whenFree(KEY);
        awaitProbes(1);
        ReleaseNotifications.Listener listener = notifications.listeners.get(KEY);
        loseNotificationsUntilProbed(listener, 2);
        assertThat(free.toCompletableFuture()).as("the holder still holds the key (a stall cut the subscriber off)").isNotDone();
        loseNotificationsUntilProbed(listener, 3);
        free.toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(probed).hasSize(3);
        assertThat(notifications.listeners).isEmpty();
    }

    @Test
    void aLossOfNotificationsDuringACheckStartsNoSecondOne() throws Exception {
        CountDownLatch secondProbeHeld = new CountDownLatch(1);
        CountDownLatch letSecondProbeAnswer = new CountDownLatch(1);
        // as Jedis's PTTL holds the scheduler's thread while Redis does not answer
        ReleaseWatch watch = new ReleaseWatch(notifications, key -> {
            probed.add(key);
            if (probed.size() == 1) {
                return CompletableFuture.completedFuture(10L);
            }
            if (probed.size() == 2) {
                secondProbeHeld.countDown();
                await(letSecondProbeAnswer);
            }
            return CompletableFuture.completedFuture(600_000L);
        }, checks, ForkJoinPool.commonPool(), Duration.ofMinutes(10), Duration.ofMinutes(10), MonotonicClock.SYSTEM);
        CompletionStage<Void> free = watch.whenFree(KEY);
        await(secondProbeHeld);
        notifications.listeners.get(KEY).notificationsLost();
        notifications.listeners.get(KEY).notificationsLost();
        letSecondProbeAnswer.countDown();

        ScheduledThreadPoolExecutor scheduler = (ScheduledThreadPoolExecutor) checks;
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        // settled: nothing running, and only checks minutes away left in the queue
        while (scheduler.getActiveCount() > 0 || scheduler.getQueue().isEmpty() || scheduler.getQueue().stream()
                .anyMatch(task -> ((ScheduledFuture<?>) task).getDelay(TimeUnit.SECONDS) < 60)) {
            assertThat(System.nanoTime() < deadline).as("the watch settled within %s", HANG_GUARD).isTrue();
            Thread.sleep(5);
        }
        assertThat(probed).as("the check under way was not made a second time").hasSize(2);
        assertThat(scheduler.getQueue()).as("one next check").hasSize(1);
        assertThat(free.toCompletableFuture()).isNotDone();
    }

    @Test
    void closingCompletesAWatchWhoseNextCheckTheClosingSchedulerDropped() throws Exception {
        answers.add(CompletableFuture.completedFuture(60_000L));
        ReleaseWatch watch = watch(Duration.ofMinutes(1));
        CompletionStage<Void> free = watch.whenFree(KEY);
        awaitProbes(1);
        checks.shutdownNow();
        watch.close();
        free.toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(watch.whenFree(KEY).toCompletableFuture()).as("a watch begun after closing").isDone();
        assertThat(notifications.listeners).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aCheckThatFindsTheKeyGoneCompletesIt() throws Exception {
        answers.add(CompletableFuture.completedFuture(5_000L));
        answers.add(CompletableFuture.completedFuture(-2L));
        // the fallback poll, shorter than the holder's TTL, brings the second check
        CompletionStage<Void> free = watch(Duration.ofMillis(10)).whenFree(KEY);
        free.toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(probed).hasSize(2);
        assertThat(notifications.listeners).isEmpty();
    }

    @Test
    void aCheckRedisCannotAnswerCompletesItForTheCallerToFindOut() throws Exception {
        answers.add(CompletableFuture.failedFuture(new IllegalStateException("Redis is down")));
        watch(Duration.ofMinutes(1)).whenFree(KEY).toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(probed).hasSize(1);
    }

    @Test
    void aCheckRedisLeavesUnansweredIsMadeAgainAndTheWatchGoesOnWhileTheHolderKeepsTheKey() throws Exception {
        answers.add(CompletableFuture.failedFuture(unanswered()));
        answers.add(CompletableFuture.failedFuture(unanswered()));
        answers.add(CompletableFuture.completedFuture(60_000L));
        CompletionStage<Void> free = watch(Duration.ofMillis(10), Duration.ofMinutes(1)).whenFree(KEY);
        awaitProbes(4);
        assertThat(free.toCompletableFuture()).as("a stall of Redis: the holder keeps its lease through it").isNotDone();
        notifications.listeners.get(KEY).released();
        free.toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void checksLeftUnansweredForTheStallLimitCompleteItSayingSo() throws Exception {
        ReleaseWatch watch = watchOnACheckedClock(check -> CompletableFuture.failedFuture(unanswered()),
                Duration.ofSeconds(5));
        try (CapturedLog logged = CapturedLog.of(ReleaseWatch.class)) {
            watch.whenFree(KEY).toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(logged.lines()).containsExactly(
                    "still watching the run lock " + KEY + " for its release: Redis left a check unanswered; it is asked"
                            + " again 10ms after each such check (kart.lock.redis.fallback-poll) until it answers, or until"
                            + " one lease TTL has passed (kart.lock.ttl = 5s)",
                    "Redis left 5 checks of the run lock " + KEY + " unanswered in 5.0s, and one lease TTL has passed"
                            + " (kart.lock.ttl = 5s): the watch ends, not knowing whether the lock is free, and the"
                            + " waiting task tries it (a try Redis still leaves unanswered fails the attempt, which"
                            + " kart.retry.count retries)");
        }
        assertThat(probed).as("checks made again until the limit").hasSize(5);
    }

    @Test
    void aRedisThatAnswersBetweenStallsIsWarnedOfOnceAWatch() throws Exception {
        // unanswered, held, unanswered, held, ..., then gone
        ReleaseWatch watch = watchOnACheckedClock(check -> check == 9 ? CompletableFuture.completedFuture(-2L)
                : check % 2 == 1 ? CompletableFuture.failedFuture(unanswered()) : CompletableFuture.completedFuture(1L),
                Duration.ofMinutes(1));
        try (CapturedLog logged = CapturedLog.of(ReleaseWatch.class)) {
            watch.whenFree(KEY).toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(probed).hasSize(9);
            assertThat(logged.lines()).hasSize(1);
        }
    }

    /**
     * A watch whose every check moves its clock on by one second, as a frozen Redis makes each wait its command
     * timeout, so what it counts and says does not hang on the machine's speed; its fallback poll is 10 ms.
     *
     * @param answerOfCheck the answer of the check numbered from 1
     */
    private ReleaseWatch watchOnACheckedClock(IntFunction<CompletableFuture<Long>> answerOfCheck, Duration stallLimit) {
        AtomicLong now = new AtomicLong();
        return new ReleaseWatch(notifications, key -> {
            probed.add(key);
            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            return answerOfCheck.apply(probed.size());
        }, checks, ForkJoinPool.commonPool(), Duration.ofMillis(10), stallLimit, now::get);
    }

    /** As the Jedis binding's probe fails when Redis does not answer within the command timeout. */
    private static LockException unanswered() {
        return new LockException("checking kart:run:ab failed: no answer from Redis at h:1 within"
                + " kart.lock.redis.command-timeout = 5s", new SocketTimeoutException("Read timed out"));
    }

    @Test
    void theFirstCheckWaitsUntilNotificationsFlow() throws Exception {
        notifications.subscribed = new CompletableFuture<>();
        answers.add(CompletableFuture.completedFuture(-2L));
        CompletionStage<Void> free = watch(Duration.ofMinutes(1)).whenFree(KEY);
        assertThat(probed).as("checked before the subscription was confirmed").isEmpty();
        notifications.subscribed.complete(null);
        free.toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(probed).containsExactly(KEY);
    }

    @Test
    void aShutDownSchedulerCompletesTheWatch() throws Exception {
        answers.add(CompletableFuture.completedFuture(60_000L));
        checks.shutdownNow();
        watch(Duration.ofMinutes(1)).whenFree(KEY).toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ReleaseWatch watch(Duration fallbackPoll) {
        return watch(fallbackPoll, Duration.ofMinutes(1));
    }

    private ReleaseWatch watch(Duration fallbackPoll, Duration stallLimit) {
        return new ReleaseWatch(notifications, key -> {
            probed.add(key);
            CompletableFuture<Long> next = answers.size() > 1 ? answers.poll() : answers.peek();
            return next;
        }, checks, ForkJoinPool.commonPool(), fallbackPoll, stallLimit, MonotonicClock.SYSTEM);
    }

    /**
     * Tells the watch its notifications were lost until it makes its {@code count}th check: a loss before it has
     * scheduled its next check brings nothing forward.
     */
    private void loseNotificationsUntilProbed(ReleaseNotifications.Listener listener, int count) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (probed.size() < count) {
            assertThat(System.nanoTime() < deadline).as("%d checks within %s", count, HANG_GUARD).isTrue();
            listener.notificationsLost();
            Thread.sleep(100);
        }
    }

    private void awaitProbes(int count) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (probed.size() < count) {
            assertThat(System.nanoTime() < deadline).as("%d checks within %s", count, HANG_GUARD).isTrue();
            Thread.sleep(5);
        }
    }
}
