package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.RedisOutageBehaviour;

/** Redis stops or freezes while tasks hold locks over the Redisson binding. */
class RedissonRedisOutageTest extends RedisOutageBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
