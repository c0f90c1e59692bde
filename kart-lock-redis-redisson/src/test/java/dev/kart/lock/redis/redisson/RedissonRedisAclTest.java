package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.RedisAclBehaviour;
import java.util.List;

/** The Redisson binding as the ACL user docs/redis.md gives it, with {@code acl} for {@code kart}. */
class RedissonRedisAclTest extends RedisAclBehaviour {
    /** docs/redis.md, "An ACL user": the Redisson binding. */
    static final String COMMANDS = "+ping +evalsha +script|load +time +type +exists +get +set +del +pexpire +pttl"
            + " +hget +hset +hdel +hexists +hincrby +hgetall +incr +publish +subscribe +unsubscribe +scan";

    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }

    @Override
    protected String documentedCommands() {
        return COMMANDS;
    }

    @Override
    protected List<String> documentedKeys() {
        return List.of("~" + PREFIX + ":*", "~{" + PREFIX + "}:*", "~redisson_unlock_latch:{" + PREFIX + ":*",
                "~redisson_lock__channel:{" + PREFIX + ":*");
    }

    @Override
    protected List<String> documentedChannels() {
        return List.of("&" + PREFIX + ":*", "&redisson_lock__channel:{" + PREFIX + ":*");
    }
}
