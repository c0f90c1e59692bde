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
 * holder, the key is of another kind, the user lacks the permission) loses the lease for good, as do
 * a new data epoch ({@link RedisEpoch}), a keep-alive whose connection was refused (no Redis runs there:
 * it may come back without its data, and another node take the key before a renewal could tell) and a
 * check on a new primary after a failover that gets no answer. A keep-alive that times out (Redis or the
 * network stalled) or gets an error reply such as READONLY or LOADING does not: Redis keeps the key
 * until its TTL runs out whatever happened to the reply, so the lease stays held while its window lasts
 * and {@link LeaseKeeper} tries again sooner than the next sweep. Once the window runs out after such failures, the last one is the reason it was lost;
 * an unanswered keep-alive sent before one that was answered is disregarded. Thread-safe; any thread may
 * close it.
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
    /** When the latest confirmed keep-alive was sent: an unanswered one sent before it says nothing new. */
    private volatile long confirmedSentAt;
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
        // after the grant's send time: a keep-alive sent from now on is never taken for an older one
        this.confirmedSentAt = clock.nanos();
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
        LeaseHolder releasing = closeLeavingRelease();
        if (releasing != null) {
            releasing.release();
        }
    }

    /**
     * Closes it but for its release in Redis, which the caller sends, together with others' ({@link
     * ScriptLeaseHolder#releaseAll}).
     *
     * @return its holder, to release; null when it was closed before
     */
    LeaseHolder closeLeavingRelease() {
        if (!closed.compareAndSet(false, true)) {
            return null;
        }
        window.end();
        stopKeepingAlive();
        epochs.leave(this);
        return holder;
    }

    /**
     * Renews or confirms it in Redis. A refused keep-alive loses it for good; one without an answer
     * leaves it held until its window runs out.
     *
     * @return whether it is still held and Redis did not answer this keep-alive: worth trying again
     *     before the next sweep
     */
    boolean keepAlive() {
        return keepAlive("Redis no longer has it (it expired, or Redis lost it: a restart without its data, or a failover;"
                + " another holder may have it now)");
    }

    /**
     * @return whether this call may schedule the keep-alive sooner than the next sweep: false while
     *     one is scheduled already
     */
    boolean startRetrying() {
        return retrying.compareAndSet(false, true);
    }

    /**
     * The keep-alive scheduled sooner than the next sweep ran and was answered, or could not be
     * scheduled.
     *
     * @return whether a keep-alive of the sweep went unanswered meanwhile and the lease is still held:
     *     the caller schedules the next one sooner again, if {@link #startRetrying()} lets it
     */
    boolean stopRetrying() {
        retrying.set(false);
        return unanswered.get() != null && !window.ended();
    }

    /** @return whether a keep-alive sooner than the next sweep is scheduled: the sweep leaves it to that one */
    boolean retrying() {
        return retrying.get();
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
            } else {
                confirmed(sentAt);
            }
        } catch (LockException e) {
            if (AbandonedRequests.refusedByRedis(e) || RedisFailures.connectionRefused(e)) {
                // refused by Redis, or its connection refused: a Redis not running may come back without its data,
                // and another node may take the key there before a renewal could tell. A connection not made in time
                // (Redisson's Netty calls it a ConnectException too) is a stall, outlived as an unanswered renewal
                lost(e.getMessage());
            } else {
                unanswered(sentAt, e.getMessage());
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

    private synchronized void confirmed(long sentAt) {
        if (sentAt - confirmedSentAt > 0) {
            confirmedSentAt = sentAt;
        }
        if (unanswered.getAndSet(null) != null) {
            LOG.info("lease on {} (token {}) kept alive again: Redis answered", key, fencingToken);
        }
    }

    private synchronized void unanswered(long sentAt, String why) {
        if (confirmedSentAt - sentAt > 0) {
            // a later keep-alive was answered already: this one's failure changes nothing
            return;
        }
        if (unanswered.getAndSet(why) == null && !closed.get()) {
            LOG.warn("lease on {} (token {}) kept while its TTL lasts, though Redis did not answer its keep-alive; tried"
                    + " again every quarter renew interval: {}", key, fencingToken, why);
        }
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
        return failure == null ? "its TTL ran out"
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

    /**
     * Asks the new primary whether it has the lease; one that does not answer loses it, since no
     * acquire on that primary may go ahead while a lease it lacks counts as held here.
     */
    @Override
    public void recheck() {
        if (keepAlive("the new Redis primary does not have it (granted by the old primary just before the failover, it"
                + " was lost with the writes replication had not carried over yet); another node may take it there")) {
            lost("the new Redis primary did not answer whether it has it, after a failover: " + unanswered.get());
        }
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
