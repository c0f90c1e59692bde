package dev.kart.lock.redis.internal;

import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
        UnansweredTries unanswered = new UnansweredTries(key, deadline, timeout, timeoutSetting, stallLimit, fallbackPoll,
                clock);
        AcquireAttempt tried = next(attempt, unanswered);
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
                tried = next(attempt, unanswered);
                if (tried.lease().isPresent()) {
                    return tried.lease();
                }
            }
        } finally {
            notifications.unlisten(key, wakeup);
        }
    }

    /**
     * @return the try's outcome; one Redis did not answer reads as a refusal to be tried again after the fallback
     *     poll (a freeze is not waited out any quicker by asking sooner), while {@code unanswered} leaves time
     */
    private AcquireAttempt next(Supplier<AcquireAttempt> attempt, UnansweredTries unanswered) {
        long startedAt = clock.nanos();
        try {
            AcquireAttempt answered = attempt.get();
            unanswered.answered();
            return answered;
        } catch (LockException e) {
            unanswered.unanswered(startedAt, e);
            return AcquireAttempt.refused(fallbackPoll);
        }
    }
}
