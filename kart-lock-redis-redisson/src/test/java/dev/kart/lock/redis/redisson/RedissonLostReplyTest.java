package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.LostReplyBehaviour;

/** A lock request whose reply never came, over the Redisson binding. */
class RedissonLostReplyTest extends LostReplyBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }
}
