package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.KartWithRedisBehaviour;

/** kart-core finds and configures the Redisson binding, the only one on this module's class path. */
class RedissonKartWithRedisTest extends KartWithRedisBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
