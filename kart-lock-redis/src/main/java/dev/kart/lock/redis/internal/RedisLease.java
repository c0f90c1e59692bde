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
 * binding's {@link LeaseHolder}. A keep-alive that Redis refuses (it no longer has the lease for this
 * holder, or answers with an error) loses the lease for good, as does a new data epoch
 * ({@link RedisEpoch}). A keep-alive that gets no answer (a timeout, a refused connection) does not:
 * Redis keeps the key until its TTL runs out whatever happened to the reply, so the lease stays held
 * while its window lasts and the next sweep tries again; a stall of Redis or of the network shorter
 * than the window costs nothing. Once the window runs out after such failures, the last one is the
 * reason it was lost. Thread-safe; any thread may close it.
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
    /** The last keep-alive's error when it got no answer, cleared by the next confirmation; null otherwise. */
    private final AtomicReference<String> unanswered = new AtomicReference<>();
    /** Whether a keep-alive sooner than the next sweep is scheduled, after one that got no answer. */
    private final AtomicBoolean retrying = new AtomicBoolean();
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

    /**
     * Renews or confirms it in Redis. A refused keep-alive loses it for good; one without an answer
     * leaves it held until its window runs out.
     *
     * @return whether it is still held and Redis did not answer this keep-alive: worth trying again
     *     before the next sweep
     */
    boolean keepAlive() {
        return keepAlive("Redis no longer has it (it expired, and may have passed to another holder)");
    }

    /**
     * @return whether this call may schedule the keep-alive sooner than the next sweep: false while
     *     one is scheduled already
     */
    boolean startRetrying() {
        return retrying.compareAndSet(false, true);
    }

    /** The keep-alive scheduled sooner than the next sweep ran, or could not be scheduled. */
    void stopRetrying() {
        retrying.set(false);
    }

    private boolean keepAlive(String missing) {
        if (window.ended()) {
            ranOut();
            return false;
        }
        long sentAt = clock.nanos();
        try {
            long left = holder.keepAlive();
            if (left < 0) {
                lost(missing);
            } else if (!window.confirm(sentAt, Duration.ofMillis(left))) {
                lost("Redis confirmed it only after it had run out on this machine's clock");
            } else if (unanswered.getAndSet(null) != null) {
                LOG.info("lease on {} (token {}) renewed again after Redis did not answer", key, fencingToken);
            }
        } catch (LockException e) {
            if (AbandonedRequests.refusedByRedis(e)) {
                lost(e.getMessage());
            } else if (unanswered.getAndSet(e.getMessage()) == null && !closed.get()) {
                LOG.warn("lease on {} (token {}) not renewed, kept while its TTL lasts and tried again in one renew"
                        + " interval: {}", key, fencingToken, e.getMessage());
            }
        } catch (IllegalStateException e) {
            lost(e.getMessage());
        }
        if (window.ended()) {
            ranOut();
            return false;
        }
        return unanswered.get() != null;
    }

    /** Its window ran out without a loss being noticed: the reason is the last unanswered keep-alive, if any. */
    private void ranOut() {
        if (!closed.get()) {
            lost(ranOutReason());
        }
        stopKeepingAlive();
    }

    private String ranOutReason() {
        String failure = unanswered.get();
        return failure == null ? "its TTL ran out before Redis confirmed a renewal"
                : "its TTL ran out while Redis did not answer its renewals (the last: " + failure + ")";
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
        String why = lossReason.get();
        if (why == null && !closed.get() && window.ended()) {
            // ran out between two sweeps: the holder may ask before the next sweep records it
            return Optional.of(ranOutReason());
        }
        return Optional.ofNullable(why);
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
