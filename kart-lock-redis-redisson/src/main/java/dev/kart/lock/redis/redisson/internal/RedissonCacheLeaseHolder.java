package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.redis.internal.LeaseHolder;
import dev.kart.lock.redis.internal.ScriptLeaseHolder;

/**
 * The Redisson binding's side of one cache lease: its hold in kart's lock protocol
 * ({@link ScriptLeaseHolder}), and the holder record every lease of this binding has for listings,
 * forgotten once the lease is released. Immutable.
 */
final class RedissonCacheLeaseHolder implements LeaseHolder {
    private final ScriptLeaseHolder hold;
    private final RedissonCalls calls;
    private final String key;
    private final String recordField;

    /**
     * @param hold the lease's hold in kart's lock protocol
     * @param calls how the binding talks to Redis
     * @param key the lock key
     * @param id the id acquire.lua granted ({@code 0 acquired-ms holder})
     */
    RedissonCacheLeaseHolder(ScriptLeaseHolder hold, RedissonCalls calls, String key, String id) {
        this.hold = hold;
        this.calls = calls;
        this.key = key;
        this.recordField = key + " " + id;
    }

    /** @return the field of its holder record: the lock key, a space, its id */
    String recordField() {
        return recordField;
    }

    @Override
    public long keepAlive() {
        return hold.keepAlive();
    }

    /** Releases it as {@link ScriptLeaseHolder#release()} does, and forgets its record; never throws. */
    @Override
    public void release() {
        hold.release();
        calls.forget(key, recordField);
    }
}
