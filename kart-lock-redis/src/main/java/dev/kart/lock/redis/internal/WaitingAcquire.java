package dev.kart.lock.redis.internal;

import dev.kart.internal.text.DurationText;
import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiting acquire of kart's lock protocol ({@link LockScripts}), for every lock of the Jedis
 * binding and the cache locks of the Redisson binding: tries, and while others hold the key, waits
 * for the key's release notification, for the holders' TTL to run out, or for the fallback poll,
 * whichever comes first, then tries again. A try Redis did not answer within its command timeout
 * (Redis frozen, or the network dropping what is sent: {@link RedisFailures#unanswered}) is tried
 * again the same way until the timeout, for at most one lease TTL, as renewals are, so that a stall
 * shorter than the lease TTL costs a task's publish or load nothing; the try left unanswered is the
 * binding's to clean up ({@link AbandonedRequests}). Thread-safe.
 */
public final class WaitingAcquire {
    private static final Logger LOG = LoggerFactory.getLogger(WaitingAcquire.class);

    private final ReleaseNotifications notifications;
    private final MonotonicClock clock;
    private final Duration fallbackPoll;
    private final Duration stallLimit;

    /**
     * @param notifications the binding's release notifications of kart's lock keys (release.lua's
     *     PUBLISH on the key)
     * @param clock the clock the timeout is measured on
     * @param fallbackPoll the longest time between two tries
     * @param stallLimit how long tries left unanswered are asked again, from the first of them: the lease TTL, after
     *     which every lease of this process has run out unrenewed and what it waits for is lost anyway
     */
    public WaitingAcquire(ReleaseNotifications notifications, MonotonicClock clock, Duration fallbackPoll,
            Duration stallLimit) {
        this.notifications = notifications;
        this.clock = clock;
        this.fallbackPoll = fallbackPoll;
        this.stallLimit = stallLimit;
    }

    /**
     * @param key the lock key, also its notification channel
     * @param timeout how long to wait for the holders to leave; zero or negative tries once
     * @param timeoutSetting the setting kart's runtime takes the timeout from, named when Redis left the wait's tries
     *     unanswered to its end: {@code kart.lock.cache-wait-timeout} or {@code kart.lock.wait-timeout}
     * @param attempt one run of the binding's acquire script; throws
     *     {@link dev.kart.lock.LockException} when Redis fails
     * @return the lease, or empty when the timeout passed while others held the key
     * @throws dev.kart.lock.LockException when Redis fails a try: at once when it answered with an error or
     *     refused the connection; when it did not answer, once a try ends after the timeout or one lease TTL after
     *     the first try it left unanswered (the wait ends within the timeout plus one command timeout)
     * @throws InterruptedException when interrupted before or while waiting; an attempt under way
     *     finishes first, so no lease is left behind
     */
    public Optional<Lease> acquire(String key, Duration timeout, String timeoutSetting, Supplier<AcquireAttempt> attempt)
            throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring " + key);
        }
        long deadline = clock.nanos() + Math.max(0, timeout.toNanos());
        Tries tries = new Tries(key, timeout, timeoutSetting, attempt, deadline);
        AcquireAttempt tried = tries.next();
        if (tried.lease().isPresent() || timeout.isNegative() || timeout.isZero()) {
            return tried.lease();
        }
        Wakeup wakeup = new Wakeup();
        // woken once notifications flow, to ask again: a release between the first try and the
        // subscription is not missed. Not waited for: until then (or when the subscriber cannot
        // connect) the waiter polls, and its last attempt starts at the deadline, so the wait ends
        // within the timeout plus one attempt (one command-timeout)
        notifications.listen(key, wakeup).thenRun(wakeup::released);
        try {
            while (true) {
                long remaining = deadline - clock.nanos();
                if (remaining <= 0) {
                    return Optional.empty();
                }
                long retryIn = tried.retryIn().isNegative() || tried.retryIn().isZero() ? fallbackPoll.toNanos()
                        : tried.retryIn().toNanos() + TimeUnit.MILLISECONDS.toNanos(1);
                wakeup.await(Math.min(remaining, Math.min(retryIn, fallbackPoll.toNanos())));
                tried = tries.next();
                if (tried.lease().isPresent()) {
                    return tried.lease();
                }
            }
        } finally {
            notifications.unlisten(key, wakeup);
        }
    }

    /** The tries of one waiting acquire, and since when Redis has left them unanswered. Not thread-safe. */
    private final class Tries {
        private final String key;
        private final Duration timeout;
        private final String timeoutSetting;
        private final Supplier<AcquireAttempt> attempt;
        private final long deadline;
        private long unansweredSince;
        private int unansweredInARow;

        Tries(String key, Duration timeout, String timeoutSetting, Supplier<AcquireAttempt> attempt, long deadline) {
            this.key = key;
            this.timeout = timeout;
            this.timeoutSetting = timeoutSetting;
            this.attempt = attempt;
            this.deadline = deadline;
        }

        /**
         * @return the next try's outcome; a try Redis did not answer reads as a refusal to be tried again after the
         *     fallback poll (a freeze is not waited out any quicker by asking sooner), while the wait's timeout and the
         *     stall limit since the first try left unanswered both leave time
         */
        AcquireAttempt next() {
            long startedAt = clock.nanos();
            try {
                AcquireAttempt answered = attempt.get();
                unansweredInARow = 0;
                return answered;
            } catch (LockException e) {
                if (!RedisFailures.unanswered(e)) {
                    throw e;
                }
                if (unansweredInARow++ == 0) {
                    unansweredSince = startedAt;
                }
                long now = clock.nanos();
                boolean timedOut = now >= deadline;
                if (!timedOut && now - unansweredSince < stallLimit.toNanos()) {
                    if (unansweredInARow == 1) {
                        stillWaiting(now);
                    }
                    return AcquireAttempt.refused(fallbackPoll);
                }
                if (unansweredInARow == 1) {
                    throw e;
                }
                throw new LockException(gaveUp(now, timedOut) + "; the last try: " + e.getMessage(), e);
            }
        }

        /**
         * Says once, at the first try left unanswered, that the wait goes on and for how long at most: the binding
         * warns of each such try on its own, which alone reads as a failure.
         */
        private void stillWaiting(long now) {
            long toStallLimit = unansweredSince + stallLimit.toNanos() - now;
            long toDeadline = deadline - now;
            String until = toDeadline <= toStallLimit
                    ? "the wait ends in " + DurationText.of(Duration.ofNanos(toDeadline)) + " (" + timeoutSetting() + ")"
                    : "one lease TTL has passed (" + ttlSetting() + ")";
            LOG.warn("still waiting for the lock {}: Redis left a try unanswered; it is asked again {} after each such try"
                    + " (kart.lock.redis.fallback-poll) until it answers, or until {}", key,
                    DurationText.configValue(fallbackPoll), until);
        }

        /** Why tries left unanswered ended: the wait's own timeout, or the stall limit. */
        private String gaveUp(long now, boolean timedOut) {
            return "Redis left " + unansweredInARow + " tries to lock " + key + " unanswered in "
                    + DurationText.of(Duration.ofNanos(now - unansweredSince)) + ", and "
                    + (timedOut ? "the wait's timeout ran out (" + timeoutSetting() + ")"
                            : "one lease TTL has passed (" + ttlSetting() + "): every lease of this process has run out"
                                    + " unrenewed");
        }

        private String timeoutSetting() {
            return timeoutSetting + " = " + DurationText.configValue(timeout);
        }

        private String ttlSetting() {
            return "kart.lock.ttl = " + DurationText.configValue(stallLimit);
        }
    }
}
