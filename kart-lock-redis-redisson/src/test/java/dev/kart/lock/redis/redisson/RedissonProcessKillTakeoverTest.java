package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.ProcessKillTakeoverBehaviour;

/** A JVM killed while holding a run lock over the Redisson binding: another takes over after the TTL. */
class RedissonProcessKillTakeoverTest extends ProcessKillTakeoverBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
