package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.AcquireCyclesBehaviour;

/** Acquire cycles over the Redisson binding across a Redis restart leave no thread or connection behind. */
class RedissonAcquireCyclesTest extends AcquireCyclesBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
