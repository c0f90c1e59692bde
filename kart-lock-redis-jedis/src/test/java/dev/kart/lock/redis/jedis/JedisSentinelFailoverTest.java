package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.SentinelFailoverBehaviour;

/** A Sentinel failover under four building JVMs and under a held lease, over the Jedis binding. */
class JedisSentinelFailoverTest extends SentinelFailoverBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
