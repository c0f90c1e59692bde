package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.ProcessKillTakeoverBehaviour;

/** A JVM killed while holding a run lock over the Jedis binding: another takes over after the TTL. */
class JedisProcessKillTakeoverTest extends ProcessKillTakeoverBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
