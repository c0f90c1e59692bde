package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.BatchFencingBehaviour;

/** Cache locks taken together from a fencing counter below its raise, over the Jedis binding. */
class JedisBatchFencingTest extends BatchFencingBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }

    @Override
    protected String fenceKey(String prefix) {
        return prefix + ":fence";
    }
}
