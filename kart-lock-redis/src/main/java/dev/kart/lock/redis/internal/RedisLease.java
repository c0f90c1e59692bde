package dev.kart.lock.redis.internal;

import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease of either binding. {@link #isHeld()} asks its {@link LeaseWindow}, never Redis; the window
 * is moved on by the keep-alives of {@link LeaseKeeper}'s sweeps, each a renewal or confirmation by the
 * binding's {@link LeaseHolder}. A keep-alive that fails, or that Redis refuses, loses the lease for
 * good, as does a new data epoch ({@link RedisEpoch}). Thread-safe; any thread may close it.
 */
final class RedisLease implements Lease, RedisEpoch.Member {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLease.class);

    private final String key;
    private final LockMode mode;
    private final long fencingToken;
    private final String epoch;
    private final LeaseWindow window;
    private final LeaseHolder holder;
    private final RedisEpoch epochs;
    private final MonotonicClock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set by the first loss: an epoch change can be noticed by two threads at once, and is logged once. */
    private final AtomicBoolean lost = new AtomicBoolean();
    /** The first reason it was lost, set before it stops being held; null while held, or when closed first. */
    private final AtomicReference<String> lossReason = new AtomicReference<>();
    /** Takes it out of its keep-alive sweep; null when it is not kept alive. */
    private volatile Runnable unkeep;

    RedisLease(String key, LockMode mode, long fencingToken, String epoch, LeaseWindow window, LeaseHolder holder,
            RedisEpoch epochs, MonotonicClock clock) {
        this.key = key;
        this.mode = mode;
        this.fencingToken = fencingToken;
        this.epoch = epoch;
        this.window = window;
        this.holder = holder;
        this.epochs = epochs;
        this.clock = clock;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public LockMode mode() {
        return mode;
    }

    @Override
    public long fencingToken() {
        return fencingToken;
    }

    @Override
    public boolean isHeld() {
        return window.held();
    }

    /** Releases it in Redis unless it passed to someone else; never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        window.end();
        stopKeepingAlive();
        epochs.leave(this);
        holder.release();
    }

    /** Renews or confirms it in Redis; a failed or refused keep-alive loses it for good. */
    void keepAlive() {
        keepAlive("Redis no longer has it (it expired, and may have passed to another holder)");
    }

    private void keepAlive(String missing) {
        if (window.ended()) {
            stopKeepingAlive();
            return;
        }
        long sentAt = clock.nanos();
        try {
            long left = holder.keepAlive();
            if (left < 0) {
                lost(missing);
            } else if (!window.confirm(sentAt, Duration.ofMillis(left))) {
                lost("Redis confirmed it only after it had run out on this machine's clock");
            }
        } catch (LockException | IllegalStateException e) {
            lost(e.getMessage());
        }
    }

    /** @param remove takes it out of the keep-alive sweep it was put in; run once it ends */
    void keptAliveBy(Runnable remove) {
        unkeep = remove;
        if (window.ended()) {
            remove.run();
        }
    }

    @Override
    public Optional<String> lossReason() {
        return Optional.ofNullable(lossReason.get());
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public void lose(String why) {
        lost(why);
    }

    @Override
    public void recheck() {
        keepAlive("the new Redis primary does not have it (granted by the old primary just before the failover, it was"
                + " lost with the writes replication had not carried over yet); another node may take it there");
    }

    private void lost(String why) {
        // the reason first: whoever sees isHeld() turn false may ask for it
        if (!closed.get()) {
            lossReason.compareAndSet(null, why);
        }
        window.end();
        stopKeepingAlive();
        epochs.leave(this);
        if (lost.compareAndSet(false, true) && !closed.get()) {
            LOG.warn("lease on {} (token {}) is lost: {}", key, fencingToken, why);
        }
    }

    private void stopKeepingAlive() {
        Runnable remove = unkeep;
        if (remove != null) {
            remove.run();
        }
    }

    @Override
    public String toString() {
        return key + " (" + mode + ", token " + fencingToken + ")";
    }
}
