package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.RedisOutageBehaviour;

/** Redis stops or freezes while tasks hold locks over the Jedis binding. */
class JedisRedisOutageTest extends RedisOutageBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
