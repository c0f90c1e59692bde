package dev.kart.lock.redis.internal;

import dev.kart.internal.text.DurationText;
import dev.kart.lock.LockException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tries of one waiting acquire that Redis leaves unanswered in a row ({@link RedisFailures#unanswered}: Redis
 * frozen, or the network dropping what is sent): whether to ask again, and what to tell the user. They are asked again
 * while the wait's timeout and one lease TTL since the first of them both leave time, as renewals are, so that a stall
 * shorter than the TTL costs a waiting acquire nothing; after a TTL every lease of the process has run out unrenewed
 * anyway. Not thread-safe: one waiting acquire's.
 */
public final class UnansweredTries {
    private static final Logger LOG = LoggerFactory.getLogger(UnansweredTries.class);

    private final String key;
    private final long deadline;
    private final Duration timeout;
    private final String timeoutSetting;
    private final Duration stallLimit;
    private final Duration fallbackPoll;
    private final MonotonicClock clock;
    private long unansweredSince;
    private int inARow;
    /** Whether the wait said it goes on: once per wait, however often Redis answers between stalls. */
    private boolean warned;

    /**
     * @param key the lock key
     * @param deadline when the wait's timeout runs out, on {@code clock}
     * @param timeout the wait's timeout, as named in what is said
     * @param timeoutSetting the setting kart's runtime takes the timeout from: {@code kart.lock.cache-wait-timeout} or
     *     {@code kart.lock.wait-timeout}
     * @param stallLimit how long tries left unanswered are asked again, from the first of them: the lease TTL
     * @param fallbackPoll how long the waiting acquire waits after a try left unanswered, as named in what is said
     * @param clock the clock {@code deadline} is on
     */
    public UnansweredTries(String key, long deadline, Duration timeout, String timeoutSetting, Duration stallLimit,
            Duration fallbackPoll, MonotonicClock clock) {
        this.key = key;
        this.deadline = deadline;
        this.timeout = timeout;
        this.timeoutSetting = timeoutSetting;
        this.stallLimit = stallLimit;
        this.fallbackPoll = fallbackPoll;
        this.clock = clock;
    }

    /** Redis answered a try: the next one left unanswered starts a new count. */
    public void answered() {
        inARow = 0;
    }

    /**
     * Returns when the try is to be asked again; warns once a wait, at its first try left unanswered, that the wait goes
     * on and until when at most (the bindings warn of each such try on their own, which alone reads as a failure).
     *
     * @param startedAt when the try was sent, on the clock
     * @param failure how it failed
     * @throws LockException {@code failure} itself when Redis answered it (an error, a refused connection) or when it
     *     was the only try; else one that counts the tries left unanswered, says for how long and which limit ended
     *     them, then quotes the last try's error (its cause)
     */
    public void unanswered(long startedAt, LockException failure) {
        if (!RedisFailures.unanswered(failure)) {
            throw failure;
        }
        if (inARow++ == 0) {
            unansweredSince = startedAt;
        }
        long now = clock.nanos();
        boolean timedOut = now >= deadline;
        if (!timedOut && now - unansweredSince < stallLimit.toNanos()) {
            if (!warned) {
                warned = true;
                stillWaiting(now);
            }
            return;
        }
        if (inARow == 1) {
            throw failure;
        }
        throw new LockException(gaveUp(now, timedOut) + "; the last try: " + failure.getMessage(), failure);
    }

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

    private String gaveUp(long now, boolean timedOut) {
        return "Redis left " + inARow + " tries to lock " + key + " unanswered in "
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
