package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.ClusterPrimaryRestartBehaviour;

/** Four JVMs over the Redisson binding build through a cluster primary's restart: right outputs, no hang. */
class RedissonClusterPrimaryRestartTest extends ClusterPrimaryRestartBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
