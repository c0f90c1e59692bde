package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.ClusterLocksBehaviour;

/** The Redisson binding (ClusterServersConfig) against a real 3-primary Redis Cluster. */
class RedissonClusterLocksTest extends ClusterLocksBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
