package dev.kart.lock.redis.jedis.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.AbandonedRequests;
import dev.kart.lock.redis.internal.AcquireAttempt;
import dev.kart.lock.redis.internal.DaemonThreads;
import dev.kart.lock.redis.internal.HolderIds;
import dev.kart.lock.redis.internal.LeaseKeeper;
import dev.kart.lock.redis.internal.LockClient;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.LockKind;
import dev.kart.lock.redis.internal.LockScripts;
import dev.kart.lock.redis.internal.MonotonicClock;
import dev.kart.lock.redis.internal.RedisFailures;
import dev.kart.lock.redis.internal.ReleaseWatch;
import dev.kart.lock.redis.internal.ScriptLeaseHolder;
import dev.kart.lock.redis.internal.WaitingAcquire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Redis backend's locks over Jedis, with kart's lock protocol written out in three Lua scripts
 * ({@link LockScripts}, shared with the Redisson binding's cache locks):
 * <ul>
 *   <li>taking: {@code SET key id NX PX ttl} for exclusive holders, a hash field with its own expiry
 *       for each shared holder, and {@code INCR} on the prefix's fencing counter, all in one round trip;</li>
 *   <li>releasing: compare-and-delete, then {@code PUBLISH} on the key's channel;</li>
 *   <li>renewing: compare-and-pexpire every renew interval; a renewal that Redis refuses, or whose connection
 *       it refuses, loses the lease for good, one without an answer is tried again every quarter interval
 *       while the TTL lasts;</li>
 *   <li>waiting: woken by the release notification through one subscriber connection, and asking
 *       again at the latest when the holders' TTL runs out or after the fallback poll;</li>
 *   <li>Redis losing its data (a restart without persistence): every acquire reads the data epoch,
 *       and a new one ends the leases granted before it at once;</li>
 *   <li>a Sentinel failover: an acquire that goes to a primary this client has not talked to before
 *       first raises the fencing counter there and asks it about every lease held, losing those it
 *       lacks ({@link LeaseKeeper#primary}); an acquire during which the primary changed, or whose token is not
 *       above the counter's raise ({@link LeaseKeeper#grantedFromUnraisedCounter}), is undone and sent again,
 *       {@link #MAX_ROUNDS} times in all before a grant so undone fails; kart's own connections send every command
 *       to the primary named when it is sent ({@link CurrentPrimaryConnections}); on one server the counter is
 *       raised before this client's first grant (and again after a token at or below that raise), since the
 *       Redisson binding counts on one of its own there;</li>
 *   <li>a reply that never came: each acquire sends a holder id of its own ({@code owner#number.tag});
 *       one that times out or loses its connection is handed to {@link AbandonedRequests}, which
 *       deletes the hold should Redis grant it late.</li>
 * </ul>
 * Thread-safe.
 */
final class JedisLockClient implements LockClient {
    private static final Long GRANTED = 1L;
    /**
     * How many acquires are sent in all while each meets a failover (the primary changing under it, or a token not
     * above the counter's raise); a grant undone in the last fails its lock call, and the runtime retries the task.
     */
    private static final int MAX_ROUNDS = 3;

    private final RedisLockSettings settings;
    private final LockKeys keys;
    private final JedisConnections connections;
    private final ReleaseSubscriber releases;
    private final LeaseKeeper leases;
    private final ScheduledExecutorService freeChecks;
    private final ReleaseWatch watch;
    private final HeldLocksScan scan;
    private final WaitingAcquire waiting;
    private final AbandonedRequests abandoned;
    private final HolderIds holderIds;
    /** The lease settings' TTL and renew interval, read once: {@code renewInterval()} divides a Duration each time. */
    private final Duration ttl;
    private final long ttlMillis;
    private final String ttlArgument;
    private final Duration renewInterval;

    JedisLockClient(RedisLockSettings settings, LockKeys keys, JedisConnections connections) {
        this.settings = settings;
        this.keys = keys;
        this.connections = connections;
        this.abandoned = AbandonedRequests.of(settings, "kart-redis-cleanup");
        this.leases = new LeaseKeeper(settings.lease(), settings.safetyMargin(), MonotonicClock.SYSTEM, "kart-redis-renewal",
                abandoned::primary);
        // free checks on a thread of their own, so a slow check never delays a renewal
        this.freeChecks = DaemonThreads.scheduler("kart-redis-free-check", 1);
        this.releases = new ReleaseSubscriber(connections, keys.idleChannel(),
                settings.connectTimeout().plus(settings.commandTimeout()), freeChecks);
        this.watch = new ReleaseWatch(releases, this::pttl, freeChecks, ForkJoinPool.commonPool(), settings.fallbackPoll(),
                settings.lease().ttl(), leases.clock());
        this.scan = new HeldLocksScan(connections, keys);
        this.waiting = new WaitingAcquire(releases, leases.clock(), settings.fallbackPoll(), settings.lease().ttl());
        this.holderIds = new HolderIds(settings.lease().owner());
        this.ttl = settings.lease().ttl();
        this.ttlMillis = ttl.toMillis();
        this.ttlArgument = Long.toString(ttlMillis);
        this.renewInterval = settings.lease().renewInterval();
    }

    @Override
    public Optional<Lease> tryAcquire(LockKind kind, String key, LockMode mode) {
        return attempt(key, mode).lease();
    }

    @Override
    public Optional<Lease> acquire(LockKind kind, String key, LockMode mode, Duration timeout) throws InterruptedException {
        return waiting.acquire(key, timeout, kind == LockKind.RUN ? "kart.lock.wait-timeout" : "kart.lock.cache-wait-timeout",
                () -> attempt(key, mode));
    }

    /**
     * Sends acquire.lua for every key in one pipeline, after the same raise of the fencing counter as a single
     * acquire. Left to the caller's {@link #tryAcquire}, with its rounds: a key whose reply was an error, and every key
     * when the primary changed under the pipeline or any grant's token was not above the counter's raise (every grant
     * then undone first, as {@link #attempt} undoes one: the tokens of one pipeline follow each other from one counter).
     * Nothing is batched in a Redis Cluster, whose keys live on different nodes, nor through an application's client
     * Jedis cannot pipeline through. At most {@link LockClient#BATCH_LIMIT} keys, as one pipeline: Redis runs a
     * client's pipelined commands one after another before it serves others.
     */
    @Override
    public List<Optional<Lease>> tryAcquireAll(LockKind kind, List<String> lockKeys, LockMode mode) {
        @SuppressWarnings("unchecked")
        List<Optional<Lease>> settled = Arrays.asList(new Optional[lockKeys.size()]);
        if (lockKeys.size() < 2 || !connections.pipelines()) {
            return settled;
        }
        String first = lockKeys.get(0);
        Optional<String> primary = connections.primary();
        long raisedTo = leases.beforeGrant(primary, keys.clustered(), () -> raiseFence(first));
        // one server's layout: one fencing counter and one data epoch for every key of the prefix
        String fence = keys.fence(first);
        String epochKey = keys.epoch(first);
        String modeArgument = LockScripts.modeArgument(mode);
        List<ScriptLeaseHolder> holdings = new ArrayList<>(lockKeys.size());
        List<List<String>> scriptKeys = new ArrayList<>(lockKeys.size());
        List<List<String>> scriptArgs = new ArrayList<>(lockKeys.size());
        for (String key : lockKeys) {
            String holder = holderIds.next();
            holdings.add(new ScriptLeaseHolder(connections::eval, key, mode, holder, ttlMillis, abandoned));
            scriptKeys.add(List.of(key, fence, epochKey));
            scriptArgs.add(List.of(modeArgument, ttlArgument, holder));
        }
        long sentAt = leases.clock().nanos();
        List<Object> replies;
        try {
            replies = connections.evalAll(LockScripts.ACQUIRE, "acquiring", scriptKeys, scriptArgs);
        } catch (LockException e) {
            ScriptLeaseHolder.acquireAllFailed(holdings, e);
            throw e;
        }
        if (replies == null) {
            // the application's client lends no pipeline: nothing was sent
            return settled;
        }
        // every grant of the pipeline took its token from the one counter, each the one before's plus one: one token not
        // above the raise makes every token of the batch suspect, not only those at or below it
        boolean untrusted = !connections.primary().equals(primary);
        for (Object reply : replies) {
            if (!untrusted && reply instanceof List<?> result && GRANTED.equals(result.get(0))) {
                untrusted = leases.grantedFromUnraisedCounter((Long) result.get(1), raisedTo);
            }
        }
        List<ScriptLeaseHolder> undone = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof LockException refused) {
                // refused with an error: the caller's own acquire of the key says what Redis said
                holdings.get(i).acquireFailed(refused);
            } else if (untrusted) {
                // undone and left to the caller's own acquire, whose rounds raise the counter again
                if (GRANTED.equals(((List<?>) replies.get(i)).get(0))) {
                    undone.add(holdings.get(i));
                }
            } else {
                settled.set(i, attempted(lockKeys.get(i), mode, epochKey, (List<?>) replies.get(i), sentAt,
                        holdings.get(i)).lease());
            }
        }
        ScriptLeaseHolder.releaseHolders(undone, connections::evalAll);
        return settled;
    }

    @Override
    public void releaseAll(List<? extends Lease> leases) {
        if (leases.size() < 2 || !connections.pipelines()) {
            leases.forEach(Lease::close);
            return;
        }
        ScriptLeaseHolder.releaseAll(leases, connections::evalAll, abandoned);
    }

    @Override
    public CompletionStage<Void> whenFree(String key) {
        return watch.whenFree(key);
    }

    @Override
    public List<HeldLock> holders(LockKind kind, String key) {
        return scan.holders(kind, key);
    }

    @Override
    public List<HeldLock> heldLocks() {
        return scan.held();
    }

    /** Stops renewing and closes the connections; leases still held expire after their TTL. */
    @Override
    public void close() {
        leases.close();
        freeChecks.shutdownNow();
        watch.close();
        notePrimaryBeforeClosing();
        abandoned.close();
        releases.close();
        connections.close();
    }

    @Override
    public List<String> unconfirmedReleases() {
        return abandoned.unconfirmed();
    }

    /** Releases a primary confirmed before it failed over go to the new one before the process ends. */
    private void notePrimaryBeforeClosing() {
        try {
            connections.primary().ifPresent(abandoned::primary);
        } catch (RuntimeException e) {
            // no primary to be had now: what was not sent expires after its TTL
        }
    }

    private AcquireAttempt attempt(String key, LockMode mode) {
        for (int round = 1; ; round++) {
            Optional<String> primary = connections.primary();
            long raisedTo = leases.beforeGrant(primary, keys.clustered(), () -> raiseFence(key));
            String holder = holderIds.next();
            ScriptLeaseHolder holding = new ScriptLeaseHolder(connections::eval, key, mode, holder, ttlMillis, abandoned);
            String epochKey = keys.epoch(key);
            long sentAt = leases.clock().nanos();
            List<?> result;
            try {
                result = (List<?>) connections.eval(LockScripts.ACQUIRE, "acquiring", List.of(key, keys.fence(key), epochKey),
                        List.of(LockScripts.modeArgument(mode), ttlArgument, holder));
            } catch (LockException e) {
                holding.acquireFailed(e);
                throw e;
            }
            // the primary changed while the acquire was under way: it may have been granted by the new one
            // before this client raised the counter and checked its leases there; or the grant's token shows that the
            // raise went elsewhere. Either way a grant is undone and the acquire sent again; a refusal is sent again
            // but in the last round, where it stands
            Optional<String> after = connections.primary();
            boolean granted = GRANTED.equals(result.get(0));
            long token = granted ? (Long) result.get(1) : 0;
            boolean unraised = granted && leases.grantedFromUnraisedCounter(token, raisedTo);
            if (!after.equals(primary) || unraised) {
                if (granted) {
                    holding.release();
                }
                if (round < MAX_ROUNDS) {
                    continue;
                }
                if (granted) {
                    throw connections.failures().grantUndone(key, (unraised
                            ? RedisFailures.tokenNotAboveRaise(token, raisedTo, keys.fence(key))
                            : RedisFailures.primaryChanged(primary, after)) + ", in the last of " + MAX_ROUNDS + " acquires in a row"
                            + " whose grants were undone so");
                }
            }
            return attempted(key, mode, epochKey, result, sentAt, holding);
        }
    }

    /**
     * Raises the fencing counter {@code key}'s tokens come from to the server's clock, returning its value after it:
     * the prefix's counter, on a new primary of a Sentinel deployment (which has one server's key layout), and on one
     * server before this client's first grant. (A Redis Cluster never gets here: the cluster keys exclude the sentinel
     * keys, a cluster client names no single primary, and the bindings share each group's counter.)
     */
    private long raiseFence(String key) {
        // named by the lock key: what the caller was doing, and what a message about the acquire names
        return (Long) connections.eval(LockScripts.FENCE_FLOOR, "raising the fencing counter to the clock before acquiring",
                key, List.of(keys.fence(key)), List.of());
    }

    private AcquireAttempt attempted(String key, LockMode mode, String epochKey, List<?> result, long sentAt, ScriptLeaseHolder holding) {
        String epoch = (String) result.get(result.size() - 1);
        leases.observed(epochKey, epoch);
        if (GRANTED.equals(result.get(0))) {
            Lease lease = leases.keep(key, mode, (Long) result.get(1), epochKey, epoch,
                    leases.window(sentAt, ttl), holding, renewInterval);
            return AcquireAttempt.granted(lease);
        }
        return AcquireAttempt.refused(Duration.ofMillis((Long) result.get(1)));
    }

    private CompletionStage<Long> pttl(String key) {
        try {
            return CompletableFuture.completedFuture(connections.call("checking", key, redis -> redis.pttl(key)));
        } catch (LockException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
