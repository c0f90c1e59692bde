package dev.kart.lock.redis.internal;

import java.time.Duration;

/**
 * How long a lease is known to be held, on this machine's monotonic clock, without asking Redis:
 * until the send time of the last confirmed acquire or renewal plus the time Redis then had left for
 * it, minus a safety margin. Once it runs out, or the lease is lost or closed, it stays ended:
 * a later confirmation does not revive it. Thread-safe.
 */
public final class LeaseWindow {
    private final MonotonicClock clock;
    private final long marginNanos;
    private long heldUntil;
    private boolean ended;

    /**
     * @param clock the clock {@code sentAt} was read from
     * @param sentAt the clock's reading when the acquire was sent
     * @param left how long Redis keeps the lease from then (the TTL)
     * @param margin how much sooner to consider it ended
     */
    public LeaseWindow(MonotonicClock clock, long sentAt, Duration left, Duration margin) {
        this.clock = clock;
        this.marginNanos = margin.toNanos();
        this.heldUntil = sentAt + left.toNanos() - marginNanos;
    }

    /** @return whether the lease is still held; once false, false for good */
    public synchronized boolean held() {
        if (!ended && clock.nanos() - heldUntil >= 0) {
            ended = true;
        }
        return !ended;
    }

    /**
     * Records a confirmation from Redis.
     *
     * @param sentAt the clock's reading when the renewal or check was sent
     * @param left how long Redis keeps the lease from then
     * @return whether the lease is held after it; {@code false} when the window had already run out
     *     before the confirmation arrived, which is then not taken
     */
    public synchronized boolean confirm(long sentAt, Duration left) {
        if (!held()) {
            return false;
        }
        heldUntil = Math.max(heldUntil, sentAt + left.toNanos() - marginNanos);
        return true;
    }

    /** Ends the window for good: the lease was lost or closed. */
    public synchronized void end() {
        ended = true;
    }

    /** @return whether it ended (ran out, lost or closed) */
    public synchronized boolean ended() {
        return !held();
    }
}
