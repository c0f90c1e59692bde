package dev.kart.lock.redis.internal;

import dev.kart.internal.text.DurationText;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code RunLock.whenFree} of both bindings: completes when a key looks free, on its release
 * notification, or when a check finds it gone; a loss of notifications only brings the next check
 * forward. Checks run when the holder's TTL would run out and at least every fallback poll, on a
 * shared scheduler, so a parked task holds no thread; a check Redis leaves unanswered is made again,
 * for up to one lease TTL. Each watch has one check under way or scheduled at a time. Thread-safe.
 */
public final class ReleaseWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseWatch.class);

    /** The remaining time to live of a key, as Redis's PTTL answers it. */
    @FunctionalInterface
    public interface TtlProbe {
        /**
         * @param key a lock key
         * @return its time to live in milliseconds: -2 when it does not exist, -1 when it has no
         *     expiry; completed exceptionally when Redis cannot be asked
         */
        CompletionStage<Long> pttl(String key);
    }

    private static final long GONE = -2;

    private final ReleaseNotifications notifications;
    private final TtlProbe probe;
    private final ScheduledExecutorService checks;
    private final Executor completions;
    private final Duration fallbackPoll;
    private final Duration stallLimit;
    private final MonotonicClock clock;
    private final Set<Watch> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param notifications the backend's release notifications
     * @param probe asks Redis for a key's TTL
     * @param checks where the checks are scheduled; once it is shut down, a watch completes when it
     *     would schedule its next check, or at {@link #close()}
     * @param completions where a watch completes when woken by a notification, off the client
     *     library's thread
     * @param fallbackPoll the longest time between two checks
     * @param stallLimit how long checks Redis leaves unanswered are made again, from the first of them: the lease TTL,
     *     after which the holder's lease has run out unrenewed too
     * @param clock the clock the stall limit is measured on
     */
    public ReleaseWatch(ReleaseNotifications notifications, TtlProbe probe, ScheduledExecutorService checks,
            Executor completions, Duration fallbackPoll, Duration stallLimit, MonotonicClock clock) {
        this.notifications = notifications;
        this.probe = probe;
        this.checks = checks;
        this.completions = completions;
        this.fallbackPoll = fallbackPoll;
        this.stallLimit = stallLimit;
        this.clock = clock;
    }

    /**
     * @param key a lock key
     * @return a stage completed once the key looks free (released, expired, or Redis cannot say: the caller's next try
     *     finds out); never completed exceptionally. A check Redis does not answer in time (a stall: the holder keeps
     *     its lease through it) is made again every fallback poll, for up to one lease TTL since the first such check,
     *     rather than sending a parked task to a try that a still frozen Redis fails
     */
    public CompletionStage<Void> whenFree(String key) {
        Watch watch = new Watch(key);
        live.add(watch);
        if (closed) {
            watch.finish();
            return watch.free;
        }
        // checked once notifications flow, so a release between the check and the subscription is not
        // missed; on the scheduler, never on the client library's thread that confirmed the subscription
        notifications.listen(key, watch).whenComplete((subscribed, error) -> watch.checkSoon());
        if (watch.free.isDone()) {
            // closed meanwhile: its finish may have come before the listening it ends
            notifications.unlisten(key, watch);
        }
        return watch.free;
    }

    /**
     * Completes every watch, as the backend closes: a check the closing scheduler dropped would
     * otherwise leave its watch waiting for good. Later watches complete at once.
     */
    @Override
    public void close() {
        closed = true;
        for (Watch watch : live) {
            watch.finish();
        }
    }

    /** One key watched for one caller. */
    private final class Watch implements ReleaseNotifications.Listener {
        private final String key;
        private final CompletableFuture<Void> free = new CompletableFuture<>();
        private final AtomicBoolean done = new AtomicBoolean();
        /**
         * The ticket of the next scheduled check: its task runs the check only if it still holds the ticket, which a
         * loss of notifications may claim to run the check at once instead. Null while a check is under way, before
         * the first and once done, so a watch never has two checks going.
         */
        private final AtomicReference<Object> ticket = new AtomicReference<>();
        private volatile ScheduledFuture<?> next;
        /** When the first of the checks Redis has left unanswered in a row was made; -1 while Redis answers. */
        private volatile long unansweredSince = -1;
        /** How many checks in a row Redis has left unanswered; checks of one watch never overlap. */
        private volatile int unansweredInARow;
        private volatile boolean warned;

        Watch(String key) {
            this.key = key;
        }

        @Override
        public void released() {
            try {
                completions.execute(this::finish);
            } catch (RejectedExecutionException e) {
                finish();
            }
        }

        /**
         * Brings the next check forward: without notifications a release may have gone unheard, but the key may as
         * well still be held (a stalled Redis cuts the subscriber off while the holder's lease lives on), so only a
         * check completes the watch. Nothing to bring forward while a check is under way or before the first one,
         * which the end of the listening starts.
         */
        @Override
        public void notificationsLost() {
            Object scheduled = ticket.get();
            if (scheduled != null && ticket.compareAndSet(scheduled, null)) {
                ScheduledFuture<?> claimed = next;
                if (claimed != null) {
                    claimed.cancel(false);
                }
                checkSoon();
            }
        }

        void checkSoon() {
            try {
                checks.execute(this::check);
            } catch (RejectedExecutionException e) {
                finish();
            }
        }

        void check() {
            if (done.get()) {
                return;
            }
            long askedAt = clock.nanos();
            CompletionStage<Long> asked;
            try {
                asked = probe.pttl(key);
            } catch (RuntimeException e) {
                unanswered(askedAt, e);
                return;
            }
            asked.whenComplete((left, error) -> {
                if (error != null) {
                    unanswered(askedAt, error);
                    return;
                }
                unansweredSince = -1;
                unansweredInARow = 0;
                if (left == null || left == GONE) {
                    finish();
                    return;
                }
                long poll = fallbackPoll.toMillis();
                checkIn(left > 0 ? Math.min(left + 1, poll) : poll);
            });
        }

        /** A check that failed: made again while Redis only stalls, within the stall limit; otherwise done. */
        private void unanswered(long askedAt, Throwable error) {
            if (!RedisFailures.unanswered(error)) {
                finish();
                return;
            }
            unansweredInARow++;
            if (unansweredSince < 0) {
                unansweredSince = askedAt;
            }
            long stalled = clock.nanos() - unansweredSince;
            if (stalled >= stallLimit.toNanos()) {
                LOG.warn("Redis left {} checks of the run lock {} unanswered in {}, and one lease TTL has passed ({}):"
                        + " the watch ends, not knowing whether the lock is free, and the waiting task tries it (a try"
                        + " Redis still leaves unanswered fails the attempt, which kart.retry.count retries)",
                        unansweredInARow, key, DurationText.of(Duration.ofNanos(stalled)), ttlSetting());
                finish();
                return;
            }
            if (!warned) {
                // else a parked task waits through a stall without a word, then reads as freed; once a watch, however
                // often Redis answers between stalls
                warned = true;
                LOG.warn("still watching the run lock {} for its release: Redis left a check unanswered; it is asked"
                        + " again {} after each such check (kart.lock.redis.fallback-poll) until it answers, or until one"
                        + " lease TTL has passed ({})", key, DurationText.configValue(fallbackPoll), ttlSetting());
            }
            checkIn(fallbackPoll.toMillis());
        }

        private String ttlSetting() {
            return "kart.lock.ttl = " + DurationText.configValue(stallLimit);
        }

        private void checkIn(long delayMillis) {
            Object mine = new Object();
            ticket.set(mine);
            try {
                next = checks.schedule(() -> {
                    if (ticket.compareAndSet(mine, null)) {
                        check();
                    }
                }, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                finish();
            }
        }

        void finish() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            ticket.set(null);
            ScheduledFuture<?> scheduled = next;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            live.remove(this);
            notifications.unlisten(key, this);
            free.complete(null);
        }
    }
}
