package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.KartWithRedisBehaviour;

/** kart-core finds and configures the Jedis binding, the only one on this module's class path. */
class JedisKartWithRedisTest extends KartWithRedisBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
