package dev.kart.lock.redis;

import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease of the Jedis binding. Its id ({@code token acquired-ms holder}, written by acquire.lua) is
 * the value it compares in Redis before renewing or releasing, so it never touches a lease that
 * passed to another holder. {@link #isHeld()} asks its {@link LeaseWindow}, never Redis.
 */
final class JedisLease implements Lease, RedisEpoch.Member {
    private static final Logger LOG = LoggerFactory.getLogger(JedisLease.class);

    private final JedisConnections connections;
    private final String key;
    private final LockMode mode;
    private final long fencingToken;
    private final String id;
    private final LeaseWindow window;
    private final RedisEpoch epochs;
    private final String epoch;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ScheduledFuture<?> renewal;

    JedisLease(JedisConnections connections, String key, LockMode mode, long fencingToken, String id, LeaseWindow window,
            RedisEpoch epochs, String epoch) {
        this.connections = connections;
        this.key = key;
        this.mode = mode;
        this.fencingToken = fencingToken;
        this.id = id;
        this.window = window;
        this.epochs = epochs;
        this.epoch = epoch;
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

    /** Releases it in Redis (compare-and-delete) unless it passed to someone else; never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        window.end();
        stopRenewal();
        epochs.leave(this);
        try {
            connections.eval(LockScript.RELEASE, "releasing", List.of(key), List.of(modeArgument(mode), id));
        } catch (LockException | IllegalStateException e) {
            // the lease expires in Redis after its TTL
            LOG.warn("could not release {} (token {}); it expires after its TTL: {}", key, fencingToken, e.getMessage());
        }
    }

    /** Renews it in Redis (compare-and-pexpire); a failed or refused renewal loses it for good. */
    void renew() {
        if (window.ended()) {
            stopRenewal();
            return;
        }
        long sentAt = System.nanoTime();
        try {
            Object extended = connections.eval(LockScript.RENEW, "renewing", List.of(key),
                    List.of(modeArgument(mode), id, Long.toString(connections.settings().ttl().toMillis())));
            if (!Long.valueOf(1).equals(extended)) {
                lost("Redis no longer has it (it expired, and may have passed to another holder)");
            } else if (!window.confirm(sentAt, connections.settings().ttl())) {
                lost("the renewal was confirmed only after the lease had run out on this machine's clock");
            }
        } catch (LockException | IllegalStateException e) {
            lost(e.getMessage());
        }
    }

    void renewedBy(ScheduledFuture<?> task) {
        renewal = task;
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
        stopRenewal();
        epochs.leave(this);
        if (!closed.get()) {
            LOG.warn("lease on {} (token {}) is lost: {}", key, fencingToken, why);
        }
    }

    private void stopRenewal() {
        ScheduledFuture<?> task = renewal;
        if (task != null) {
            task.cancel(false);
        }
    }

    static String modeArgument(LockMode mode) {
        return mode == LockMode.EXCLUSIVE ? "exclusive" : "shared";
    }

    @Override
    public String toString() {
        return key + " (" + mode + ", token " + fencingToken + ")";
    }
}
