package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.internal.LeaseHolder;
import dev.kart.lock.redis.internal.LockScripts;
import java.util.List;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redisson binding's side of one cache lease, held by kart's lock protocol: its id
 * ({@code 0 acquired-ms holder}, written by acquire.lua) is the value it compares in Redis before
 * renewing or releasing, so it never touches a lease that passed to another holder. Immutable.
 */
final class RedissonCacheLeaseHolder implements LeaseHolder {
    private static final Logger LOG = LoggerFactory.getLogger(RedissonCacheLeaseHolder.class);
    private static final Long DONE = 1L;

    private final RedissonCalls calls;
    private final String key;
    private final LockMode mode;
    private final String id;
    private final long ttlMillis;

    /**
     * @param calls how the binding talks to Redis
     * @param key the lock key
     * @param mode shared or exclusive
     * @param id the holder's id from acquire.lua
     * @param ttlMillis the lease TTL
     */
    RedissonCacheLeaseHolder(RedissonCalls calls, String key, LockMode mode, String id, long ttlMillis) {
        this.calls = calls;
        this.key = key;
        this.mode = mode;
        this.id = id;
        this.ttlMillis = ttlMillis;
    }

    /** @return the field of its holder record: the lock key, a space, its id */
    String recordField() {
        return key + " " + id;
    }

    /** Renews it to a full TTL (renew.lua: compare-and-pexpire, never shortening a shared key). */
    @Override
    public long keepAlive() {
        Object extended = calls.eval("renewing", LockScripts.RENEW, RScript.ReturnType.INTEGER, List.of(key),
                LockScripts.modeArgument(mode), id, Long.toString(ttlMillis));
        return DONE.equals(extended) ? ttlMillis : -1;
    }

    /** Releases it (release.lua: compare-and-delete, then the release notification) and forgets its record; never throws. */
    @Override
    public void release() {
        try {
            calls.eval("releasing", LockScripts.RELEASE, RScript.ReturnType.INTEGER, List.of(key),
                    LockScripts.modeArgument(mode), id);
        } catch (LockException | IllegalStateException e) {
            LOG.warn("could not release {} ({}); it expires after its TTL: {}", key, id, e.getMessage());
        }
        calls.forget(recordField());
    }
}
