package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.redis.internal.LeaseHolder;
import org.redisson.api.RLock;

/**
 * The Redisson binding's side of one run lease: a Redisson lock held under a lease number of its own
 * (Redisson's "thread id"), so two leases never share a reentrant hold, and any thread may release
 * it. Redisson's watchdog renews it; {@link #keepAlive()} confirms, since the watchdog does not tell
 * the holder whether Redis still has it and for how long. Immutable.
 */
final class RedissonRunLeaseHolder implements LeaseHolder {
    private final RedissonLockClient client;
    private final RedissonHolder holder;
    private final RLock lock;

    RedissonRunLeaseHolder(RedissonLockClient client, RedissonHolder holder, RLock lock) {
        this.client = client;
        this.holder = holder;
        this.lock = lock;
    }

    /** Confirms it with a read-only script. */
    @Override
    public long keepAlive() {
        return client.check(holder);
    }

    /** Unlocks it through Redisson (which only unlocks its own hold) and forgets its record; never throws. */
    @Override
    public void release() {
        client.release(holder, lock);
    }
}
