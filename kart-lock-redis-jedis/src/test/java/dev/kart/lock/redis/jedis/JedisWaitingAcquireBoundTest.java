package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.WaitingAcquireBoundBehaviour;

/** Waiting acquires over the Jedis binding end within their timeout plus one command timeout when Redis stops answering. */
class JedisWaitingAcquireBoundTest extends WaitingAcquireBoundBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
