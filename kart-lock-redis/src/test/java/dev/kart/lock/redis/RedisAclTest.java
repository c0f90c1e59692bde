package dev.kart.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.LeaseSettings;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.redis.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Each binding works as an ACL user allowed exactly the commands, keys and channels docs/redis.md
 * lists for it, and Redis denies it nothing meanwhile (its ACL LOG stays empty). The rules here are
 * the documented ones, with the prefix {@value #PREFIX} for {@code kart}.
 */
class RedisAclTest {
    private static final String PREFIX = "acl";
    private static final String PASSWORD = "acl-test-password";

    /** docs/redis.md, "An ACL user": the Jedis binding. */
    static final String JEDIS_COMMANDS = "+ping +eval +evalsha +time +type +exists +get +set +del +incr +pexpire +pttl"
            + " +hget +hset +hdel +hgetall +publish +subscribe +unsubscribe +scan";
    static final List<String> JEDIS_KEYS = List.of("~acl:*");
    static final List<String> JEDIS_CHANNELS = List.of("&acl:*");

    /** docs/redis.md, "An ACL user": the Redisson binding. */
    static final String REDISSON_COMMANDS = "+ping +evalsha +script|load +time +exists +get +set +del +pexpire +pttl"
            + " +hget +hset +hdel +hexists +hincrby +hlen +hkeys +hgetall +incr +publish +subscribe +unsubscribe +scan";
    static final List<String> REDISSON_KEYS = List.of("~acl:*", "~{acl:*", "~{acl}:*", "~redisson_unlock_latch:{acl:*",
            "~redisson_lock__channel:{acl:*", "~redisson_rwlock:{acl:*");
    static final List<String> REDISSON_CHANNELS = List.of("&redisson_lock__channel:{acl:*", "&redisson_rwlock:{acl:*");

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    @AfterEach
    void dropUser() {
        try (Jedis admin = admin()) {
            admin.aclDelUser("kart");
            admin.flushAll();
        }
    }

    @Test
    void theJedisBindingNeedsOnlyItsDocumentedCommands() throws Exception {
        createUser(JEDIS_COMMANDS, JEDIS_KEYS, JEDIS_CHANNELS);
        try {
            exercise("jedis");
        } finally {
            assertNothingDenied();
        }
    }

    @Test
    void theRedissonBindingNeedsOnlyItsDocumentedCommands() throws Exception {
        createUser(REDISSON_COMMANDS, REDISSON_KEYS, REDISSON_CHANNELS);
        try {
            exercise("redisson");
        } finally {
            assertNothingDenied();
        }
    }

    /** Takes, waits for, renews, lists and releases every kind of lease, through both locks. */
    private void exercise(String client) throws Exception {
        Duration ttl = Duration.ofMillis(900);
        try (LockBackend holder = open(client, ttl); LockBackend waiter = open(client, Duration.ofSeconds(30))) {
            Lease writer = holder.cacheLock().tryAcquire("pkg/Task_1.json", LockMode.EXCLUSIVE).orElseThrow();
            CompletableFuture<Optional<Lease>> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return waiter.cacheLock().acquire("pkg/Task_1.json", LockMode.SHARED, Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Lease run = holder.runLock().tryAcquire("0123abcd").orElseThrow();
            CompletionStage<Void> free = waiter.runLock().whenFree("0123abcd");
            Thread.sleep(ttl.multipliedBy(2).toMillis());
            assertThat(writer.isHeld() && run.isHeld()).as("leases renewed by the ACL user").isTrue();
            assertThat(waiter.heldLocks()).hasSize(2);
            writer.close();
            run.close();
            try (Lease shared = reader.get(30, TimeUnit.SECONDS).orElseThrow();
                    Lease other = holder.cacheLock().acquire("pkg/Task_1.json", LockMode.SHARED, Duration.ofSeconds(5)).orElseThrow()) {
                assertThat(shared.isHeld() && other.isHeld()).isTrue();
                free.toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertThat(holder.heldLocks()).hasSize(2);
            }
            assertThat(waiter.heldLocks()).isEmpty();
        }
    }

    private static LockBackend open(String client, Duration ttl) {
        return new RedisLockBackendProvider().open(LeaseSettings.of(PREFIX, ttl, "test"), MapConfigSection.of("kart.lock.redis")
                .with("host", REDIS.server().host()).with("port", REDIS.server().port())
                .with("client", client).with("username", "kart").with("password", PASSWORD));
    }

    private static void createUser(String commands, List<String> keys, List<String> channels) {
        List<String> rules = new ArrayList<>(List.of("reset", "on", ">" + PASSWORD));
        rules.addAll(keys);
        rules.add("resetchannels");
        rules.addAll(channels);
        rules.add("-@all");
        rules.addAll(List.of(commands.split(" ")));
        try (Jedis admin = admin()) {
            admin.aclSetUser("kart", rules.toArray(String[]::new));
            admin.aclLogReset();
        }
    }

    private static void assertNothingDenied() {
        try (Jedis admin = admin()) {
            assertThat(admin.aclLog()).as("commands Redis denied the ACL user").isEmpty();
        }
    }

    private static Jedis admin() {
        return new Jedis(REDIS.server().host(), REDIS.server().port());
    }
}
