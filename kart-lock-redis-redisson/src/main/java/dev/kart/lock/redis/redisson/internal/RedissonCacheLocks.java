package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.AbandonedRequests;
import dev.kart.lock.redis.internal.AcquireAttempt;
import dev.kart.lock.redis.internal.HolderIds;
import dev.kart.lock.redis.internal.LeaseKeeper;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.LockScripts;
import dev.kart.lock.redis.internal.LuaScript;
import dev.kart.lock.redis.internal.RedisFailures;
import dev.kart.lock.redis.internal.ReleaseNotifications;
import dev.kart.lock.redis.internal.ScriptLeaseHolder;
import dev.kart.lock.redis.internal.WaitingAcquire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.redisson.api.RScript;

/**
 * The Redisson binding's cache locks: kart's lock protocol ({@link LockScripts}, as the Jedis binding
 * runs it) through Redisson's script service, not Redisson's read-write lock. An exclusive holder is a
 * string key; shared holders are fields of a hash, each with its own expiry, so that a shared holder
 * with a short TTL never shortens the key's life under one with a longer TTL. (Redisson's read lock
 * keeps one expiry for all readers of a key: its acquire and watchdog scripts set the lock hash, and
 * every reader's timeout key, to the caller's own lease time, so a dead reader with a short TTL could
 * let a writer in under a live reader with a long one.)
 *
 * <p>acquire.lua takes the fencing token and reads the data epoch in the same step as the grant, as
 * in the Jedis binding: its counter and epoch keys ({@code {{prefix}}:fence}, {@code {{prefix}}:epoch})
 * share the lock key's Redis Cluster slot in the cluster layout, where they carry the key's group tag.
 * The granted id ({@code token acquired-ms holder}) is the holder record listings read, so a cache lock
 * costs one call to take and one to release. Leases are renewed by kart's {@link LeaseKeeper} every renew interval
 * (compare-and-pexpire), and waiters are woken by release.lua's notification on the key's channel,
 * else when the holders' TTL runs out, at least every fallback poll. An acquire whose reply never came
 * is handed to {@link AbandonedRequests} with release.lua for its holder id ({@link HolderIds}), which
 * deletes the hold should Redis grant it late. Thread-safe.
 */
final class RedissonCacheLocks {
    private static final Long GRANTED = 1L;

    private final RedisLockSettings settings;
    private final RedissonCalls calls;
    private final LeaseKeeper leases;
    private final WaitingAcquire waiting;
    private final AbandonedRequests abandoned;
    private final HolderIds holderIds;
    private final LockKeys keys;
    /** The lease settings' TTL and renew interval, read once: {@code renewInterval()} divides a Duration each time. */
    private final Duration ttl;
    private final long ttlMillis;
    private final String ttlArgument;
    private final Duration renewInterval;

    /**
     * @param settings the backend's settings
     * @param keys the key layout: the fencing counter and data epoch of each lock key
     * @param calls how the binding talks to Redis
     * @param leases hands out and renews the leases
     * @param releases release notifications on the lock keys' own channels
     * @param abandoned where requests whose reply never came are handed on
     */
    RedissonCacheLocks(RedisLockSettings settings, LockKeys keys, RedissonCalls calls, LeaseKeeper leases, ReleaseNotifications releases,
            AbandonedRequests abandoned) {
        this.settings = settings;
        this.calls = calls;
        this.leases = leases;
        this.waiting = new WaitingAcquire(releases, leases.clock(), settings.fallbackPoll(), settings.lease().ttl());
        this.abandoned = abandoned;
        this.holderIds = new HolderIds(settings.lease().owner());
        this.keys = keys;
        this.ttl = settings.lease().ttl();
        this.ttlMillis = ttl.toMillis();
        this.ttlArgument = Long.toString(ttlMillis);
        this.renewInterval = settings.lease().renewInterval();
    }

    /**
     * @param key the lock key
     * @param mode shared or exclusive
     * @return the lease, or empty at once when others hold the key
     * @throws LockException when Redis fails
     */
    Optional<Lease> tryAcquire(String key, LockMode mode) {
        return attempt(key, mode).lease();
    }

    /**
     * @param key the lock key
     * @param mode shared or exclusive
     * @param timeout how long to wait for the holders to leave
     * @return the lease, or empty when the timeout passed
     * @throws InterruptedException when interrupted while waiting; no lease is left behind
     * @throws LockException when Redis fails
     */
    Optional<Lease> acquire(String key, LockMode mode, Duration timeout) throws InterruptedException {
        return waiting.acquire(key, timeout, "kart.lock.cache-wait-timeout", () -> attempt(key, mode));
    }

    /**
     * Sends acquire.lua for every key before awaiting any reply ({@link RedissonCalls#evalAll}), after the same note of
     * the primary and raise of the fencing counter as a single acquire. Left to the caller's {@link #tryAcquire}: a key
     * whose call Redis refused with an error, and every key when a grant came from a primary that changed or from a
     * counter its raise missed (every grant undone first).
     *
     * @param lockKeys the lock keys, each at most once
     * @param mode shared or exclusive
     * @return for each key: its lease, empty when others hold it, or null when not settled here
     * @throws LockException when noting the primary or raising the counter fails, or Redis did not answer every call in
     *     time; nothing of the call is held then
     */
    List<Optional<Lease>> tryAcquireAll(List<String> lockKeys, LockMode mode) {
        @SuppressWarnings("unchecked")
        List<Optional<Lease>> settled = Arrays.asList(new Optional[lockKeys.size()]);
        if (lockKeys.size() < 2) {
            return settled;
        }
        RedissonCalls.Noted primary = calls.notePrimary(leases, lockKeys.get(0));
        String modeArgument = LockScripts.modeArgument(mode);
        List<String> holders = new ArrayList<>(lockKeys.size());
        List<List<String>> scriptKeys = new ArrayList<>(lockKeys.size());
        List<List<String>> scriptArgs = new ArrayList<>(lockKeys.size());
        for (String key : lockKeys) {
            String holder = holderIds.next();
            holders.add(holder);
            scriptKeys.add(List.of(key, keys.redissonFence(key), keys.redissonEpoch(key)));
            scriptArgs.add(List.of(modeArgument, ttlArgument, holder));
        }
        long sentAt = leases.clock().nanos();
        List<Object> replies = calls.evalAll("acquiring", LockScripts.ACQUIRE, RScript.ReturnType.MULTI, scriptKeys, scriptArgs);
        LockException unanswered = null;
        for (Object reply : replies) {
            if (unanswered == null && reply instanceof LockException failed && RedisFailures.withoutAnswer(failed)) {
                unanswered = failed;
            }
        }
        if (unanswered != null) {
            // Redis did not answer them all (it stalled, or went away): the call fails as a whole, as a single acquire
            // would, nothing of it kept: what it may still grant is handed on, each by its own failure, and what it
            // granted is released, in one round trip that waits no longer than the acquires did
            List<ScriptLeaseHolder> maybeGranted = new ArrayList<>();
            LockException maybeCarriedOut = null;
            List<ScriptLeaseHolder> granted = new ArrayList<>();
            for (int i = 0; i < replies.size(); i++) {
                if (replies.get(i) instanceof LockException failed) {
                    if (AbandonedRequests.maybeCarriedOut(failed)) {
                        maybeGranted.add(hold(lockKeys.get(i), mode, holders.get(i)));
                        maybeCarriedOut = maybeCarriedOut == null ? failed : maybeCarriedOut;
                    }
                } else if (GRANTED.equals(((List<?>) replies.get(i)).get(0))) {
                    granted.add(hold(lockKeys.get(i), mode, holders.get(i)));
                }
            }
            if (maybeCarriedOut != null) {
                ScriptLeaseHolder.acquireAllFailed(maybeGranted, maybeCarriedOut);
            }
            ScriptLeaseHolder.releaseHolders(granted, this::evalAll);
            throw unanswered;
        }
        // the grants on one server took their tokens from one counter, each the one before's plus one: one grant not to
        // be trusted (a token not above the raise, a primary that changed) makes every grant of the call suspect
        boolean untrusted = false;
        for (int i = 0; i < replies.size() && !untrusted; i++) {
            if (replies.get(i) instanceof List<?> result && GRANTED.equals(result.get(0))) {
                try {
                    calls.requireTrustedGrant(primary, leases, lockKeys.get(i), ((Number) result.get(1)).longValue());
                } catch (LockException e) {
                    untrusted = true;
                }
            }
        }
        List<ScriptLeaseHolder> undone = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            String key = lockKeys.get(i);
            if (replies.get(i) instanceof LockException refused) {
                // refused with an error: the caller's own acquire of the key says what Redis said
                hold(key, mode, holders.get(i)).acquireFailed(refused);
                continue;
            }
            List<?> result = (List<?>) replies.get(i);
            String epochKey = keys.redissonEpoch(key);
            leases.observed(epochKey, String.valueOf(result.get(result.size() - 1)));
            boolean granted = GRANTED.equals(result.get(0));
            if (untrusted) {
                // undone and left to the caller's own acquire, which notes the primary and raises the counter again
                if (granted) {
                    undone.add(hold(key, mode, holders.get(i)));
                }
            } else if (!granted) {
                settled.set(i, Optional.empty());
            } else {
                settled.set(i, Optional.of(leases.keep(key, mode, ((Number) result.get(1)).longValue(), epochKey,
                        String.valueOf(result.get(3)), leases.window(sentAt, ttl), hold(key, mode, holders.get(i)),
                        renewInterval)));
            }
        }
        ScriptLeaseHolder.releaseHolders(undone, this::evalAll);
        return settled;
    }

    private AcquireAttempt attempt(String key, LockMode mode) {
        String holder = holderIds.next();
        RedissonCalls.Noted primary = calls.notePrimary(leases, key);
        String epochKey = keys.redissonEpoch(key);
        long sentAt = leases.clock().nanos();
        List<?> result;
        try {
            result = calls.eval("acquiring", LockScripts.ACQUIRE, RScript.ReturnType.MULTI,
                    List.of(key, keys.redissonFence(key), epochKey), LockScripts.modeArgument(mode), ttlArgument, holder);
        } catch (LockException e) {
            hold(key, mode, holder).acquireFailed(e);
            throw e;
        }
        leases.observed(epochKey, String.valueOf(result.get(result.size() - 1)));
        if (!GRANTED.equals(result.get(0))) {
            return AcquireAttempt.refused(Duration.ofMillis(((Number) result.get(1)).longValue()));
        }
        ScriptLeaseHolder granted = hold(key, mode, holder);
        long token = ((Number) result.get(1)).longValue();
        try {
            calls.requireTrustedGrant(primary, leases, key, token);
        } catch (LockException e) {
            granted.release();
            throw e;
        }
        // the window starts when the granting acquire was sent: Redis counts the TTL from the grant
        return AcquireAttempt.granted(leases.keep(key, mode, token, epochKey,
                String.valueOf(result.get(3)), leases.window(sentAt, ttl), granted, renewInterval));
    }

    /** Calls of one script sent together, in the shape of {@link ScriptLeaseHolder.EvalAll}. */
    List<Object> evalAll(LuaScript script, String action, List<List<String>> scriptKeys, List<List<String>> args) {
        return calls.evalAll(action, script, RScript.ReturnType.INTEGER, scriptKeys, args);
    }

    /** The hold of one request in kart's lock protocol, run through Redisson's script service. */
    private ScriptLeaseHolder hold(String key, LockMode mode, String holder) {
        return new ScriptLeaseHolder(calls::evalInteger, key, mode, holder, ttlMillis, abandoned);
    }
}
