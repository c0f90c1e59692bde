package dev.kart.lock.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockBackend;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.RedisAclBehaviour;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

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

    /**
     * A run lock of a node on the Redisson binding, as that binding keeps it: Redisson's lock hash and, outside the
     * prefix's keys this user may read, kart's holder record. The lock is listed and looked up as held, its holder
     * not known, rather than the listing failing on the record Redis refuses to this user.
     */
    @Test
    void aRedissonNodesRunLockIsHeldWithItsHolderNotKnownWhenTheUserMayNotReadItsRecord() {
        String key = PREFIX + ":run:0123abcd";
        try (Jedis admin = admin()) {
            admin.hset(key, "d7f1c1e2-5b8a-4c1e-9f3e-0a1b2c3d4e5f:281474976710657", "1");
            admin.pexpire(key, 60_000);
            admin.hset("{" + PREFIX + "}:holders", key + " d7f1c1e2-5b8a-4c1e-9f3e-0a1b2c3d4e5f:281474976710657",
                    "1764000000000001 1764000000000 build-7:4242#281474976710657");
        }
        createUser(documentedCommands(), documentedKeys(), documentedChannels());
        try (LockBackend backend = open(Duration.ofSeconds(30))) {
            List<HeldLock> listed = backend.heldLocks();
            HeldLock looked = backend.runLock().holder("0123abcd").orElseThrow(() -> new AssertionError("read as free"));

            assertThat(listed).singleElement().satisfies(lock -> {
                assertThat(lock.key()).isEqualTo(key);
                assertThat(lock.holderKnown()).as("%s", lock).isFalse();
            });
            assertThat(looked.holderKnown()).as("%s", looked).isFalse();
            assertThat(looked.ttlLeft()).isPositive();
        }
        try (Jedis admin = admin()) {
            // what docs/redis.md adds for a Jedis user that should name such a holder
            admin.aclSetUser("kart", "%R~{" + PREFIX + "}:holders");
        }
        try (LockBackend backend = open(Duration.ofSeconds(30))) {
            assertThat(backend.runLock().holder("0123abcd")).as("named by its record by a user who may read it")
                    .hasValueSatisfying(held -> assertThat(held.holder()).isEqualTo("build-7:4242#281474976710657"));
            assertThat(backend.heldLocks()).singleElement()
                    .satisfies(lock -> assertThat(lock.fencingToken()).isEqualTo(1764000000000001L));
        }
    }
}
