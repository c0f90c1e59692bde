package dev.kart.lock.redis;

import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.redisson.api.RLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease of the Redisson binding: a Redisson lock held under a lease number of its own (Redisson's
 * "thread id"), so two leases never share a reentrant hold, and any thread may close it. Redisson's
 * watchdog renews it; {@link #confirm()} runs on a schedule to learn whether Redis still has it and
 * for how long, since the watchdog does not tell. {@link #isHeld()} asks its {@link LeaseWindow}.
 */
final class RedissonLease implements Lease, RedisEpoch.Member {
    private static final Logger LOG = LoggerFactory.getLogger(RedissonLease.class);

    private final RedissonLockBackend backend;
    private final RedissonHolder holder;
    private final RLock lock;
    private final long fencingToken;
    private final LeaseWindow window;
    private final RedisEpoch epochs;
    private final String epoch;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ScheduledFuture<?> confirmations;

    RedissonLease(RedissonLockBackend backend, RedissonHolder holder, RLock lock, long fencingToken, LeaseWindow window,
            RedisEpoch epochs, String epoch) {
        this.backend = backend;
        this.holder = holder;
        this.lock = lock;
        this.fencingToken = fencingToken;
        this.window = window;
        this.epochs = epochs;
        this.epoch = epoch;
    }

    @Override
    public String key() {
        return holder.key();
    }

    @Override
    public LockMode mode() {
        return holder.mode();
    }

    @Override
    public long fencingToken() {
        return fencingToken;
    }

    @Override
    public boolean isHeld() {
        return window.held();
    }

    /** Unlocks it through Redisson (which only unlocks its own hold) and forgets its record; never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        window.end();
        stopConfirming();
        epochs.leave(this);
        backend.release(holder, lock);
    }

    /** Asks Redis whether this holder still has the lock; loses the lease for good when it does not or cannot say. */
    void confirm() {
        if (window.ended()) {
            stopConfirming();
            return;
        }
        long sentAt = System.nanoTime();
        try {
            long left = backend.check(holder);
            if (left < 0) {
                lost("Redis no longer has it (it expired, and may have passed to another holder)");
            } else if (!window.confirm(sentAt, Duration.ofMillis(left))) {
                lost("the confirmation arrived only after the lease had run out on this machine's clock");
            }
        } catch (LockException e) {
            lost(e.getMessage());
        }
    }

    void confirmedBy(ScheduledFuture<?> task) {
        confirmations = task;
        if (window.ended()) {
            task.cancel(false);
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public void lose(String why) {
        lost(why);
    }

    private void lost(String why) {
        window.end();
        stopConfirming();
        epochs.leave(this);
        if (!closed.get()) {
            LOG.warn("lease on {} (token {}) is lost: {}", holder.key(), fencingToken, why);
        }
    }

    private void stopConfirming() {
        ScheduledFuture<?> task = confirmations;
        if (task != null) {
            task.cancel(false);
        }
    }

    @Override
    public String toString() {
        return holder.key() + " (" + holder.mode() + ", token " + fencingToken + ", redisson)";
    }
}
