package dev.kart.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.LeaseSettings;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.redis.RedisServerExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * redis-server restarted without persistence forgets every lease at once, and another node can take
 * them at once. A holder must not go on counting its leases as held until its next renewal (a third
 * of the TTL later): the very next acquire it makes, such as the cache lock it takes to publish,
 * reads Redis's data epoch and ends every lease granted before the restart. The TTL here is a minute,
 * so no renewal happens during the test and only the epoch can end the leases.
 */
class RedisDataLossTest {
    private static final Duration TTL = Duration.ofMinutes(1);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    @ParameterizedTest(name = "client = {0}")
    @ValueSource(strings = {"jedis", "redisson"})
    void theFirstAcquireAfterRedisLostItsDataEndsEveryLeaseGrantedBefore(String client) throws Exception {
        try (LockBackend holder = open(client); LockBackend other = open(client)) {
            Lease run = holder.runLock().tryAcquire("0123abcd").orElseThrow();
            Lease exclusive = holder.cacheLock().tryAcquire("pkg/Task_1.json", LockMode.EXCLUSIVE).orElseThrow();
            Lease shared = holder.cacheLock().tryAcquire("pkg/Task_2.json", LockMode.SHARED).orElseThrow();
            // without data loss, acquiring more leaves the held leases alone
            retrying(() -> holder.cacheLock().tryAcquire("pkg/Task_3.json", LockMode.SHARED)).close();
            assertThat(run.isHeld() && exclusive.isHeld() && shared.isHeld()).as("leases held before the restart").isTrue();

            REDIS.server().restart();
            // Redis forgot them: another node takes the same run lock at once
            Lease taken = retrying(() -> other.runLock().tryAcquire("0123abcd"));
            assertThat(taken.isHeld()).isTrue();
            assertThat(run.isHeld()).as("the old holder, before it spoke to Redis again").isTrue();

            // the old holder's next acquire, as a task about to publish takes its cache lock
            try (Lease publish = retrying(() -> holder.cacheLock().tryAcquire("pkg/Task_4.json", LockMode.EXCLUSIVE))) {
                assertThat(publish.isHeld()).as("the lease just taken").isTrue();
                assertThat(run.isHeld()).as("the run lease granted before the restart").isFalse();
                assertThat(exclusive.isHeld()).as("the exclusive cache lease granted before the restart").isFalse();
                assertThat(shared.isHeld()).as("the shared cache lease granted before the restart").isFalse();
            }
            assertThat(taken.isHeld()).as("the other node's lease, granted after the restart").isTrue();
            taken.close();
            run.close();
            exclusive.close();
            shared.close();
        }
    }

    /** The first calls after a restart may meet connections the restart broke; the client then reconnects. */
    private static Lease retrying(Supplier<Optional<Lease>> acquire) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return acquire.get().orElseThrow(() -> new AssertionError("the lock is taken"));
            } catch (LockException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static LockBackend open(String client) {
        return new RedisLockBackendProvider().open(LeaseSettings.of("data-loss-" + client, TTL, "test"),
                MapConfigSection.of("kart.lock.redis").with("host", REDIS.server().host()).with("port", REDIS.server().port())
                .with("client", client).with("command-timeout", Duration.ofSeconds(1)).with("connect-timeout", Duration.ofSeconds(1)));
    }
}
