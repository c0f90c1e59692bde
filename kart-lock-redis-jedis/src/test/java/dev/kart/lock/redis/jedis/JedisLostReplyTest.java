package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.LostReplyBehaviour;

/** A lock request whose reply never came, over the Jedis binding. */
class JedisLostReplyTest extends LostReplyBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }
}
