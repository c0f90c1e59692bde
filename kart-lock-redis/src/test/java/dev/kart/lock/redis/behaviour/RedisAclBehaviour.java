package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.CommandTimeouts;
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
 * The binding works as an ACL user allowed exactly the commands, keys and channels docs/redis.md
 * lists for it, and Redis denies it nothing meanwhile (its ACL LOG stays empty). Each binding module
 * gives the documented rules, with the prefix {@value #PREFIX} for {@code kart}.
 */
public abstract class RedisAclBehaviour {
    /** The key prefix of the rules. */
    protected static final String PREFIX = "acl";
    private static final String PASSWORD = "acl-test-password";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    @AfterEach
    void dropUser() {
        try (Jedis admin = admin()) {
            admin.aclDelUser("kart");
            admin.flushAll();
        }
    }

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    /** @return the commands docs/redis.md grants the binding's user, such as {@code +ping +eval} */
    protected abstract String documentedCommands();

    /** @return the key patterns docs/redis.md grants, such as {@code ~acl:*} */
    protected abstract List<String> documentedKeys();

    /** @return the channel patterns docs/redis.md grants, such as {@code &acl:*} */
    protected abstract List<String> documentedChannels();

    @Test
    void theBindingNeedsOnlyItsDocumentedCommands() throws Exception {
        createUser(documentedCommands(), documentedKeys(), documentedChannels());
        try {
            exercise();
        } finally {
            assertNothingDenied();
        }
    }

    /** Takes, waits for, renews, lists, looks up and releases every kind of lease, through both locks. */
    private void exercise() throws Exception {
        // long enough that renewals every third of it keep up on a busy machine, and that the command timeout
        // under the renew interval (CommandTimeouts: 1.33 s) outlasts a cold client's first commands
        Duration ttl = Duration.ofSeconds(5);
        try (LockBackend holder = open(ttl); LockBackend waiter = open(Duration.ofSeconds(30))) {
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
            // past the TTL: only renewals, made by the ACL user, can have kept the leases
            Thread.sleep(ttl.plusSeconds(1).toMillis());
            assertThat(writer.isHeld() && run.isHeld()).as("leases renewed by the ACL user").isTrue();
            assertThat(waiter.heldLocks()).hasSize(2);
            assertThat(waiter.runLock().holder("0123abcd")).as("the run lock's holder, looked up by the ACL user")
                    .hasValueSatisfying(held -> assertThat(held.fencingToken()).isEqualTo(run.fencingToken()));
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

    /**
     * @param ttl the lease TTL
     * @return a backend of the binding under test, logged in as the ACL user
     */
    protected LockBackend open(Duration ttl) {
        LeaseSettings lease = LeaseSettings.of(PREFIX, ttl, "test");
        return new RedisLockBackendProvider().open(RedisLockSettings.builder(lease)
                .host(REDIS.server().host()).port(REDIS.server().port()).client(client())
                .commandTimeout(CommandTimeouts.forLease(lease)).username("kart").password(PASSWORD).build());
    }

    /** Creates the ACL user {@code kart} with exactly these rules, and empties the ACL log. */
    protected static void createUser(String commands, List<String> keys, List<String> channels) {
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

    /** @return a connection as the default user, which may do anything */
    protected static Jedis admin() {
        return new Jedis(REDIS.server().host(), REDIS.server().port());
    }
}
