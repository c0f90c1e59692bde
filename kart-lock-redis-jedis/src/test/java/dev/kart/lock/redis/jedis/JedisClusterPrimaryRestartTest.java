package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.ClusterPrimaryRestartBehaviour;

/** Four JVMs over the Jedis binding build through a cluster primary's restart: right outputs, no hang. */
class JedisClusterPrimaryRestartTest extends ClusterPrimaryRestartBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
