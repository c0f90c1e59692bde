package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.BatchFencingBehaviour;

/** Cache locks taken together from a fencing counter below its raise, over the Redisson binding. */
class RedissonBatchFencingTest extends BatchFencingBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }

    @Override
    protected String fenceKey(String prefix) {
        return "{" + prefix + "}:fence";
    }
}
