package dev.kart.lock.redis.internal;

import dev.kart.lock.Lease;
import dev.kart.lock.LockMode;
import dev.kart.lock.LeaseSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out the leases of one backend and keeps them alive: each lease gets its {@link LeaseWindow},
 * joins the {@link RedisEpoch} of its epoch key (one per prefix on one server, one per group in Redis
 * Cluster, so a primary that lost its data ends the leases of its own groups only), and, unless renewal
 * is off, a place in the sweep of its keep-alive period: one task per period, on a scheduler of its own
 * (so that a slow lock call never delays a renewal), keeps every lease in it alive, so each lease is
 * kept alive at most one period after it was granted and then every period. A keep-alive that Redis
 * did not answer is tried again every {@link #RETRY_FRACTION}th of the period until Redis answers or
 * the lease's window runs out, so a lease whose keep-alive renews it (every lease of the Jedis binding,
 * the cache leases of the Redisson binding) outlives any stall of Redis shorter than its TTL less
 * 1.25 periods, one command timeout and the safety margin, wherever the stall falls between two sweeps:
 * more than half the TTL at the default period of a third of it. (The Redisson binding's run leases are
 * renewed by Redisson's watchdog, which tries again only a third of the TTL after a failure; their
 * keep-alive confirms.) (A task scheduled and
 * cancelled per lease cost every short cache lease two trips through the scheduler's queue lock, and
 * often a wake-up of its thread: a context switch each, on a machine Redis shares.) Thread-safe.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    /** After a keep-alive without an answer, the next comes after this fraction of the period. */
    static final int RETRY_FRACTION = 4;
    private final LeaseSettings lease;
    private final Duration safetyMargin;
    private final MonotonicClock clock;
    private final Map<String, RedisEpoch> epochs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keepAlives;
    /** The sweeps, by keep-alive period in nanoseconds; each started by the first lease of its period. */
    private final Map<Long, Sweep> sweeps = new ConcurrentHashMap<>();
    /** Whether leases are kept alive at all (the renew interval is shorter than the TTL). */
    private final boolean renews;
    private final Consumer<String> newPrimary;
    /** The primary the last lock call went to; guarded by this keeper's monitor. */
    private String primary;
    /**
     * Whether a grant's token showed that the last raise missed the counter grants come from; guarded by this keeper's
     * monitor. The primary is then raised, and its leases checked, again.
     */
    private boolean raiseMissed;
    /** Whether the counter of a server without sentinels was raised, as before the first grant there. */
    private volatile boolean counterRaised;
    /** What the last raise of the fencing counter left it at: every grant from that counter has a higher token. */
    private volatile long raisedTo;

    /**
     * @param lease TTL and renew interval of the leases
     * @param safetyMargin how much sooner than Redis a holder considers its lease ended
     * @param clock the clock of the lease windows
     * @param threadName the name of the keep-alive threads
     */
    public LeaseKeeper(LeaseSettings lease, Duration safetyMargin, MonotonicClock clock, String threadName) {
        this(lease, safetyMargin, clock, threadName, address -> { });
    }

    /**
     * @param lease TTL and renew interval of the leases
     * @param safetyMargin how much sooner than Redis a holder considers its lease ended
     * @param clock the clock of the lease windows
     * @param threadName the name of the keep-alive threads
     * @param newPrimary told the address of each primary {@link #primary} meets for the first time,
     *     after the leases held were checked there, such as {@link AbandonedRequests#primary}
     */
    public LeaseKeeper(LeaseSettings lease, Duration safetyMargin, MonotonicClock clock, String threadName,
            Consumer<String> newPrimary) {
        this.lease = lease;
        this.renews = lease.renews();
        this.safetyMargin = safetyMargin;
        this.clock = clock;
        this.keepAlives = DaemonThreads.scheduler(threadName, 2);
        this.newPrimary = newPrimary;
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
        // get first: computeIfAbsent may lock the map's bin even when the key is there
        RedisEpoch scope = epochs.get(epochKey);
        return scope != null ? scope : epochs.computeIfAbsent(epochKey, key -> new RedisEpoch());
    }

    /**
     * Notes which server is the primary, as a client that follows sentinels says before and after
     * each acquire. On a primary this keeper has not talked to before (a failover, or the first call),
     * first raises the fencing counter there ({@code raiseCounter}, {@link LockScripts#FENCE_FLOOR}),
     * then asks the new primary about every lease held, one by one (a renewal, or the Redisson binding's
     * confirmation), and loses those it does not have: asynchronous replication may not have carried
     * them over, and another node may take them there. Other callers wait meanwhile, so no acquire on the
     * new primary returns before the leases it lacks are known to be lost. The same is done again on the
     * same primary, with a WARN, after {@link #grantedFromUnraisedCounter} found that the raise went elsewhere.
     *
     * @param address the primary's address
     * @param raiseCounter raises the prefix's fencing counter on that primary (a Sentinel deployment has one
     *     server's key layout: one counter), returning the counter's value after it
     * @return the counter's value after its last raise: a grant from the raised counter has a higher token
     * @throws dev.kart.lock.LockException when raising the counter fails; the primary is then asked again next time
     */
    public synchronized long primary(String address, LongSupplier raiseCounter) {
        if (address.equals(primary) && !raiseMissed) {
            return raisedTo;
        }
        long raised = raiseCounter.getAsLong();
        String before = primary;
        boolean again = address.equals(before);
        primary = address;
        raisedTo = raised;
        raiseMissed = false;
        if (before != null) {
            List<RedisEpoch.Member> held = epochs.values().stream().flatMap(scope -> scope.members().stream()).toList();
            if (again) {
                LOG.warn("a grant on the Redis primary {} came from a fencing counter its raise had missed: raised it"
                        + " again, checking the {} lease{} held on it", address, held.size(), held.size() == 1 ? "" : "s");
            } else if (held.isEmpty()) {
                LOG.info("the Redis primary is now {} (was {})", address, before);
            } else {
                LOG.warn("the Redis primary is now {} (was {}): checking the {} lease{} held on it", address, before,
                        held.size(), held.size() == 1 ? "" : "s");
            }
            held.forEach(RedisEpoch.Member::recheck);
        }
        if (!again) {
            newPrimary.accept(address);
        }
        return raised;
    }

    /**
     * What comes before each grant of a binding: on a Sentinel deployment's primary, {@link #primary(String, LongSupplier)};
     * on one server, the fencing counter raised before the first grant (and again after
     * {@link #grantedFromUnraisedCounter} found a grant at or below the raise), since the two bindings count on a
     * counter each there and the one of a prefix switched to may lag the other's tokens. A Redis Cluster's groups keep
     * one counter for both bindings: nothing is raised.
     *
     * @param primary the primary the grant goes to, when the client follows sentinels
     * @param sharedCounter whether the counter is both bindings' (the cluster layout)
     * @param raiseCounter raises the counter the grant takes its token from ({@link LockScripts#FENCE_FLOOR}),
     *     returning the counter's value after it
     * @return the counter's value after its last raise, 0 when it is never raised: pass it to
     *     {@link #grantedFromUnraisedCounter} with the grant's token
     * @throws dev.kart.lock.LockException when raising the counter fails; it is raised again before the next grant
     */
    public long beforeGrant(Optional<String> primary, boolean sharedCounter, LongSupplier raiseCounter) {
        if (primary.isPresent()) {
            return primary(primary.get(), raiseCounter);
        }
        if (!sharedCounter && !counterRaised) {
            raiseOneServer(raiseCounter);
        }
        return raisedTo;
    }

    private synchronized void raiseOneServer(LongSupplier raiseCounter) {
        if (counterRaised) {
            return;
        }
        raisedTo = raiseCounter.getAsLong();
        if (raiseMissed) {
            LOG.warn("a grant on Redis came from a fencing counter below its last raise (Redis came back with older"
                    + " data): raised it again, to {}", raisedTo);
        }
        raiseMissed = false;
        counterRaised = true;
    }

    /**
     * Tells whether a grant's token came from a fencing counter that its last raise missed: a raise meant for a new
     * primary that went to the old one (an application's Jedis {@code RedisSentinelClient} names the new primary a
     * moment before its pool moves there), or a server that came back with data older than the raise. Such a counter
     * may hand out tokens again that were handed out already, and the grant must be undone by the caller. When it
     * did, and no raise came since {@code raisedTo}, the next {@link #beforeGrant} raises the counter again, and on a
     * Sentinel deployment's primary checks the leases held there again, with a WARN.
     *
     * @param token the grant's fencing token
     * @param raisedTo what {@link #beforeGrant} returned before the grant's acquire was sent
     * @return whether the token is not above it
     */
    public boolean grantedFromUnraisedCounter(long token, long raisedTo) {
        if (token > raisedTo) {
            return false;
        }
        synchronized (this) {
            // a raise since raisedTo left the counter above the clock of then: the next grant shows whether it reached
            if (raisedTo == this.raisedTo) {
                raiseMissed = true;
                counterRaised = false;
            }
        }
        return true;
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
        if (renews && !keepAlives.isShutdown()) {
            Long nanos = Math.max(1, period.toNanos());
            Sweep known = sweeps.get(nanos);
            Sweep sweep = known != null ? known : sweeps.computeIfAbsent(nanos, Sweep::new);
            if (sweep.started()) {
                sweep.leases.add(granted);
                granted.keptAliveBy(() -> sweep.leases.remove(granted));
            }
            // else the backend is closing: the lease runs out after its TTL
        }
        return granted;
    }

    /** The leases of one keep-alive period, kept alive together every period. */
    private final class Sweep {
        final Set<RedisLease> leases = ConcurrentHashMap.newKeySet();
        private final ScheduledFuture<?> task;
        private final long retryNanos;

        Sweep(long periodNanos) {
            this.retryNanos = Math.max(1, periodNanos / RETRY_FRACTION);
            ScheduledFuture<?> scheduled;
            try {
                scheduled = keepAlives.scheduleAtFixedRate(this::keepAll, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                scheduled = null;
            }
            this.task = scheduled;
        }

        boolean started() {
            return task != null;
        }

        /** Keeps each lease alive in turn; one that fails is lost (by itself), and the others still go. */
        private void keepAll() {
            for (RedisLease held : leases) {
                // a lease whose keep-alive went unanswered is kept by its own sooner tries until Redis answers
                if (!held.retrying() && keep(held) && held.startRetrying()) {
                    retryLater(held);
                }
            }
        }

        /** @return whether Redis did not answer and the lease is still held */
        private boolean keep(RedisLease held) {
            try {
                return held.keepAlive();
            } catch (RuntimeException e) {
                // a keep-alive loses its own lease on the errors it expects; anything else must not end the
                // sweep (a periodic task that throws is never run again)
                LOG.warn("keeping {} alive failed", held, e);
                return false;
            }
        }

        private void retryLater(RedisLease held) {
            try {
                keepAlives.schedule(() -> retry(held), retryNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the backend is closing: the lease runs out after its TTL
                held.stopRetrying();
            }
        }

        private void retry(RedisLease held) {
            if (keep(held) || held.stopRetrying() && held.startRetrying()) {
                retryLater(held);
            }
        }
    }

    /** Stops every keep-alive; leases still held expire after their TTL. */
    @Override
    public void close() {
        keepAlives.shutdownNow();
    }
}
