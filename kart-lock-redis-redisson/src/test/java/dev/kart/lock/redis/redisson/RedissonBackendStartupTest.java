package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.BackendStartupBehaviour;

/** Opening the backend over Redisson fails fast and clearly. */
class RedissonBackendStartupTest extends BackendStartupBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
