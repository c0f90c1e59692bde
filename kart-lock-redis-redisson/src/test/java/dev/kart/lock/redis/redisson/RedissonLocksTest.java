package dev.kart.lock.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.config.KartConfigException;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.test.support.redis.RedisServerExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** The Redisson binding's entry point for applications: over a client of its own, or over the application's. */
class RedissonLocksTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    private LeaseSettings lease;
    private RedissonClient application;

    @BeforeEach
    void lease() {
        lease = LeaseSettings.of("given-" + UUID.randomUUID(), TTL, "app");
    }

    @AfterEach
    void shutDown() {
        if (application != null) {
            application.shutdown();
        }
    }

    @Test
    void aBackendOverTheApplicationsClientLocksAndLeavesTheClientRunning() {
        application = client(TTL.toMillis());
        try (LockBackend backend = RedissonLocks.open(application, RedisLockSettings.builder(lease).build())) {
            assertThat(backend.toString()).isEqualTo("redis lock backend (redisson) on Redis of the application's"
                    + " RedissonClient, prefix " + lease.prefix());
            try (Lease run = backend.runLock().tryAcquire("0123").orElseThrow();
                    Lease shared = backend.cacheLock().tryAcquire("pkg/Task_1.json", LockMode.SHARED).orElseThrow()) {
                assertThat(run.isHeld() && shared.isHeld()).isTrue();
                assertThat(application.getLock(lease.prefix() + ":run:0123").isLocked()).isTrue();
                assertThat(backend.heldLocks()).hasSize(2);
            }
            assertThat(backend.heldLocks()).isEmpty();
        }
        assertThat(application.isShutdown()).as("the application's client after the backend closed").isFalse();
    }

    @Test
    void aCacheLockOfAnOwnerNamedOutsideAsciiIsListedUnderThatNameAndReleasedByIt() {
        // the lock scripts' arguments (the holder id among them) go to Redis as UTF-8 bytes
        LeaseSettings named = LeaseSettings.of(lease.prefix(), TTL, "hôst-ü:42");
        application = client(TTL.toMillis());
        try (LockBackend backend = RedissonLocks.open(application, RedisLockSettings.builder(named).build())) {
            try (Lease cache = backend.cacheLock().tryAcquire("pkg/Task_1.json", LockMode.EXCLUSIVE).orElseThrow()) {
                assertThat(backend.heldLocks()).singleElement().satisfies(held -> {
                    assertThat(held.owner()).isEqualTo("hôst-ü:42");
                    assertThat(held.fencingToken()).isEqualTo(cache.fencingToken());
                });
            }
            assertThat(backend.heldLocks()).as("released by the holder id it was taken with").isEmpty();
        }
    }

    @Test
    void aClientWhoseWatchdogKeepsLocksForAnotherTimeThanTheTtlIsRefused() {
        application = client(10_000);
        assertThatThrownBy(() -> RedissonLocks.open(application, RedisLockSettings.builder(lease).build()))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("lockWatchdogTimeout is 10000 ms but the lease TTL is kart.lock.ttl = 30s")
                .hasMessageContaining("Config.setLockWatchdogTimeout(30000) on the client, or kart.lock.ttl = 10s");
    }

    @Test
    void leasesThatAreNeverRenewedDoNotNeedTheWatchdog() {
        application = client(10_000);
        try (LockBackend backend = RedissonLocks.open(application, RedisLockSettings.builder(lease.withoutRenewal()).build());
                Lease run = backend.runLock().tryAcquire("0123").orElseThrow()) {
            assertThat(run.isHeld()).isTrue();
        }
    }

    @Test
    void aServerThatForgotTheLockScriptsIsSentThemAgain() {
        application = client(TTL.toMillis());
        try (LockBackend backend = RedissonLocks.open(application, RedisLockSettings.builder(lease).build())) {
            Lease first = backend.cacheLock().tryAcquire("pkg/Task_1.json", LockMode.EXCLUSIVE).orElseThrow();
            // as after a restart without persistence or a SCRIPT FLUSH: every EVALSHA is answered NOSCRIPT
            application.getScript().scriptFlush();
            first.close();
            assertThat(application.getBucket(lease.prefix() + ":cache:pkg/Task_1.json").isExists())
                    .as("the lock key after the release sent once the server forgot release.lua").isFalse();
            application.getScript().scriptFlush();
            try (Lease second = backend.cacheLock().tryAcquire("pkg/Task_1.json", LockMode.EXCLUSIVE).orElseThrow()) {
                assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
                assertThat(second.isHeld()).isTrue();
            }
            application.getScript().scriptFlush();
            try (Lease run = backend.runLock().tryAcquire("0123").orElseThrow()) {
                assertThat(run.fencingToken()).as("a run lease's token, from redisson-record.lua").isGreaterThan(first.fencingToken());
                assertThat(backend.heldLocks()).hasSize(1);
            }
            assertThat(backend.heldLocks()).isEmpty();
        }
    }

    @Test
    void settingsThatSayNowhereAreAnErrorNamingTheHostKey() {
        assertThatThrownBy(() -> RedissonLocks.open(RedisLockSettings.builder(lease).build()))
                .isInstanceOf(KartConfigException.class).hasMessageContaining("'kart.lock.redis.host' is empty");
    }

    private static RedissonClient client(long watchdogMillis) {
        // Redisson's default lockWatchdogBatchSize (100): kart no longer uses Redisson's read lock, whose batched renewal was wrong
        Config config = new Config().setLockWatchdogTimeout(watchdogMillis);
        config.useSingleServer().setAddress("redis://" + REDIS.server().host() + ":" + REDIS.server().port());
        return Redisson.create(config);
    }
}
