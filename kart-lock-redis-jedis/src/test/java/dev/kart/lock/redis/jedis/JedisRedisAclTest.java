package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.RedisAclBehaviour;
import java.util.List;

/** The Jedis binding as the ACL user docs/redis.md gives it, with {@code acl} for {@code kart}. */
class JedisRedisAclTest extends RedisAclBehaviour {
    /** docs/redis.md, "An ACL user": the Jedis binding. */
    static final String COMMANDS = "+ping +eval +evalsha +time +type +exists +get +set +del +incr +pexpire +pttl"
            + " +hget +hset +hdel +hgetall +publish +subscribe +unsubscribe +scan";

    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }

    @Override
    protected String documentedCommands() {
        return COMMANDS;
    }

    @Override
    protected List<String> documentedKeys() {
        return List.of("~" + PREFIX + ":*");
    }

    @Override
    protected List<String> documentedChannels() {
        return List.of("&" + PREFIX + ":*");
    }
}
