package dev.kart.lock.redis.internal;

import dev.kart.lock.LockException;

/**
 * A binding's side of one lease: how it is kept alive in Redis and how it is released. The Jedis
 * binding renews (compare-and-pexpire); the Redisson binding, whose watchdog renews, confirms.
 */
public interface LeaseHolder {
    /**
     * Renews or confirms the lease in Redis, in one round trip.
     *
     * @return how many milliseconds Redis keeps the lease from the moment this call was sent;
     *     negative when Redis no longer has it for this holder (it expired, and may have passed to
     *     another holder)
     * @throws LockException when Redis cannot be asked
     */
    long keepAlive();

    /** Releases the lease in Redis unless it passed to someone else. Never throws: a lease not released expires after its TTL. */
    void release();
}
