package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.AcquireCyclesBehaviour;

/** Acquire cycles over the Jedis binding across a Redis restart leave no thread or connection behind. */
class JedisAcquireCyclesTest extends AcquireCyclesBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
