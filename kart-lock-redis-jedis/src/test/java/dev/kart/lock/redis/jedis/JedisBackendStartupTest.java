package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.BackendStartupBehaviour;

/** Opening the backend over Jedis fails fast and clearly. */
class JedisBackendStartupTest extends BackendStartupBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
