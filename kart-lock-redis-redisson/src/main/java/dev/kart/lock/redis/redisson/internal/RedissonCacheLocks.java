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
import dev.kart.lock.redis.internal.ReleaseNotifications;
import dev.kart.lock.redis.internal.ScriptLeaseHolder;
import dev.kart.lock.redis.internal.WaitingAcquire;
import java.time.Duration;
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
        this.waiting = new WaitingAcquire(releases, leases.clock(), settings.fallbackPoll());
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
        return waiting.acquire(key, timeout, () -> attempt(key, mode));
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

    /** The hold of one request in kart's lock protocol, run through Redisson's script service. */
    private ScriptLeaseHolder hold(String key, LockMode mode, String holder) {
        return new ScriptLeaseHolder(calls::evalInteger, key, mode, holder, ttlMillis, abandoned);
    }
}
