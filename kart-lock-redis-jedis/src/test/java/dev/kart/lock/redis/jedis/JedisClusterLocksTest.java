package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.ClusterLocksBehaviour;

/** The Jedis binding (RedisClusterClient) against a real 3-primary Redis Cluster. */
class JedisClusterLocksTest extends ClusterLocksBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }

    /** docs/redis.md, "Deployment: Redis Cluster": the Jedis binding's ACL rules. */
    @Override
    protected String documentedClusterRules() {
        return "~" + ACL_PREFIX + ":* ~{" + ACL_PREFIX + "/* resetchannels &" + ACL_PREFIX + ":* &{" + ACL_PREFIX
                + "/* -@all +ping +eval +evalsha +time +type +exists +get +set +del +incr +pexpire +pttl +hget +hset +hdel +hgetall +publish +subscribe +unsubscribe +scan +cluster|slots +cluster|shards";
    }
}
