package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.ClusterLocksBehaviour;

/** The Jedis binding (RedisClusterClient) against a real 3-primary Redis Cluster. */
class JedisClusterLocksTest extends ClusterLocksBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
