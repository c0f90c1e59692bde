package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.MultiProcessContentionBehaviour;

/** Four JVMs build one DAG of run-locked tasks over the Jedis binding: every run() executes once. */
class JedisMultiProcessContentionTest extends MultiProcessContentionBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
