package dev.kart.lock.redis.internal;

import dev.kart.lock.Lease;
import dev.kart.lock.LockMode;
import dev.kart.lock.LeaseSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hands out the leases of one backend and keeps them alive: each lease gets its {@link LeaseWindow},
 * joins the {@link RedisEpoch} of its epoch key (one per prefix on one server, one per group in Redis
 * Cluster, so a primary that lost its data ends the leases of its own groups only), and, unless renewal is off, a keep-alive on a scheduler of
 * its own, so that a slow lock call never delays a renewal. Thread-safe.
 */
public final class LeaseKeeper implements AutoCloseable {
    private final LeaseSettings lease;
    private final Duration safetyMargin;
    private final MonotonicClock clock;
    private final Map<String, RedisEpoch> epochs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keepAlives;

    /**
     * @param lease TTL and renew interval of the leases
     * @param safetyMargin how much sooner than Redis a holder considers its lease ended
     * @param clock the clock of the lease windows
     * @param threadName the name of the keep-alive threads
     */
    public LeaseKeeper(LeaseSettings lease, Duration safetyMargin, MonotonicClock clock, String threadName) {
        this.lease = lease;
        this.safetyMargin = safetyMargin;
        this.clock = clock;
        this.keepAlives = DaemonThreads.scheduler(threadName, 2);
    }

    /** @return the clock lease windows are measured on; read it right before sending an acquire */
    public MonotonicClock clock() {
        return clock;
    }

    /**
     * @param sentAt the clock's reading when the acquire (or check) was sent
     * @param left how long Redis keeps the lease from then
     * @return the window of a lease granted by that call
     */
    public LeaseWindow window(long sentAt, Duration left) {
        return new LeaseWindow(clock, sentAt, left, safetyMargin);
    }

    /**
     * Notes the data epoch a reply of Redis carried: a new one ends every lease granted in an earlier
     * epoch of that epoch key before this returns; leases of other epoch keys are left alone.
     *
     * @param epochKey the epoch key read ({@link LockKeys#epoch(String)})
     * @param epoch the epoch key's value
     */
    public void observed(String epochKey, String epoch) {
        epochs(epochKey).observed(epoch);
    }

    private RedisEpoch epochs(String epochKey) {
        return epochs.computeIfAbsent(epochKey, key -> new RedisEpoch());
    }

    /**
     * @param key the lock key
     * @param mode shared or exclusive
     * @param fencingToken the token Redis handed out with it
     * @param epochKey the epoch key its epoch was read from
     * @param epoch the data epoch it was granted in, already {@link #observed}
     * @param window its window
     * @param holder how the binding keeps it alive and releases it
     * @param period how often to keep it alive while held
     * @return the lease; already lost when its epoch is over
     */
    public Lease keep(String key, LockMode mode, long fencingToken, String epochKey, String epoch, LeaseWindow window,
            LeaseHolder holder, Duration period) {
        RedisEpoch scope = epochs(epochKey);
        RedisLease granted = new RedisLease(key, mode, fencingToken, epoch, window, holder, scope, clock);
        scope.join(granted);
        if (lease.renews() && !keepAlives.isShutdown()) {
            long nanos = Math.max(1, period.toNanos());
            try {
                granted.keptAliveBy(keepAlives.scheduleAtFixedRate(granted::keepAlive, nanos, nanos, TimeUnit.NANOSECONDS));
            } catch (RejectedExecutionException e) {
                // the backend is closing: the lease runs out after its TTL
            }
        }
        return granted;
    }

    /** Stops every keep-alive; leases still held expire after their TTL. */
    @Override
    public void close() {
        keepAlives.shutdownNow();
    }
}
