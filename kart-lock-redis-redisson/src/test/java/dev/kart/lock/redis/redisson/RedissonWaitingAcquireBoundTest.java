package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.WaitingAcquireBoundBehaviour;

/**
 * Waiting acquires over the Redisson binding, configured by kart's keys, end within their timeout
 * plus one command timeout when Redis stops answering.
 */
class RedissonWaitingAcquireBoundTest extends WaitingAcquireBoundBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
