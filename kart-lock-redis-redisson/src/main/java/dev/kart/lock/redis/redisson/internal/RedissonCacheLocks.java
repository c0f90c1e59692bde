package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.AbandonedRequests;
import dev.kart.lock.redis.internal.AcquireAttempt;
import dev.kart.lock.redis.internal.HolderIds;
import dev.kart.lock.redis.internal.LeaseKeeper;
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
 * <p>acquire.lua runs on the lock key alone, which may sit in another Redis Cluster slot than the
 * fencing counter; the token and holder record come right after the grant (redisson-record.lua), as
 * for run locks. Leases are renewed by kart's {@link LeaseKeeper} every renew interval
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

    /**
     * @param settings the backend's settings
     * @param calls how the binding talks to Redis
     * @param leases hands out and renews the leases
     * @param releases release notifications on the lock keys' own channels
     * @param abandoned where requests whose reply never came are handed on
     */
    RedissonCacheLocks(RedisLockSettings settings, RedissonCalls calls, LeaseKeeper leases, ReleaseNotifications releases,
            AbandonedRequests abandoned) {
        this.settings = settings;
        this.calls = calls;
        this.leases = leases;
        this.waiting = new WaitingAcquire(releases, leases.clock(), settings.fallbackPoll());
        this.abandoned = abandoned;
        this.holderIds = new HolderIds(settings.lease().owner());
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
        long ttlMillis = settings.lease().ttl().toMillis();
        Optional<String> primary = calls.notePrimary(leases, key);
        long sentAt = leases.clock().nanos();
        List<?> result;
        try {
            result = calls.eval("acquiring", LockScripts.ACQUIRE, RScript.ReturnType.MULTI, List.of(key),
                    LockScripts.modeArgument(mode), Long.toString(ttlMillis), holder);
        } catch (LockException e) {
            hold(key, mode, holder, ttlMillis).acquireFailed(e);
            throw e;
        }
        if (!GRANTED.equals(result.get(0))) {
            return AcquireAttempt.refused(Duration.ofMillis(((Number) result.get(1)).longValue()));
        }
        RedissonCacheLeaseHolder granted = new RedissonCacheLeaseHolder(hold(key, mode, holder, ttlMillis), calls, key,
                (String) result.get(2));
        RedissonCalls.Recorded recorded;
        try {
            recorded = calls.record(key, granted.recordField(), holder);
            calls.requireSamePrimary(primary, leases, key);
            leases.observed(recorded.epochKey(), recorded.epoch());
        } catch (LockException e) {
            granted.release();
            throw e;
        }
        // the window starts when the granting acquire was sent: Redis counts the TTL from the grant
        return AcquireAttempt.granted(leases.keep(key, mode, recorded.fencingToken(), recorded.epochKey(), recorded.epoch(),
                leases.window(sentAt, settings.lease().ttl()), granted, settings.lease().renewInterval()));
    }

    /** The hold of one request in kart's lock protocol, run through Redisson's script service. */
    private ScriptLeaseHolder hold(String key, LockMode mode, String holder, long ttlMillis) {
        return new ScriptLeaseHolder(calls::evalInteger, key, mode, holder, ttlMillis, abandoned);
    }
}
