package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.ClusterLocksBehaviour;

/** The Redisson binding (ClusterServersConfig) against a real 3-primary Redis Cluster. */
class RedissonClusterLocksTest extends ClusterLocksBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }

    /** docs/redis.md, "Deployment: Redis Cluster": the Redisson binding's ACL rules. */
    @Override
    protected String documentedClusterRules() {
        return "~" + ACL_PREFIX + ":* ~{" + ACL_PREFIX + "/* ~redisson_unlock_latch:{" + ACL_PREFIX
                + "/* ~redisson_lock__channel:{" + ACL_PREFIX + "/* resetchannels &" + ACL_PREFIX + ":* &{"
                + ACL_PREFIX + "/* &redisson_lock__channel:{" + ACL_PREFIX
                + "/* -@all +ping +evalsha +script|load +time +type +exists +get +set +del +pexpire +pttl +hget +hset +hdel +hexists +hincrby +hgetall +incr +publish +subscribe +unsubscribe +scan +cluster|slots +cluster|shards +cluster|nodes +cluster|info +info +pubsub|numpat +wait";
    }
}
