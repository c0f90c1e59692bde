package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.MultiProcessContentionBehaviour;

/** Four JVMs build one DAG of run-locked tasks over the Redisson binding: every run() executes once. */
class RedissonMultiProcessContentionTest extends MultiProcessContentionBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
