package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.SentinelFailoverBehaviour;

/** A Sentinel failover under four building JVMs and under a held lease, over the Redisson binding. */
class RedissonSentinelFailoverTest extends SentinelFailoverBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
