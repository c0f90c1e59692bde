package dev.kart.lock.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.config.KartConfigException;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.test.support.redis.RedisServerExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** The Jedis binding's entry point for applications: over a client of its own, or over the application's. */
class JedisLocksTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @Test
    void aBackendOverTheApplicationsClientLocksAndLeavesTheClientOpen() throws Exception {
        LeaseSettings lease = LeaseSettings.of("given-" + UUID.randomUUID(), Duration.ofSeconds(30), "app");
        try (JedisPooled jedis = new JedisPooled(REDIS.server().host(), REDIS.server().port())) {
            try (LockBackend holder = JedisLocks.open(jedis, RedisLockSettings.builder(lease).build());
                    LockBackend waiter = JedisLocks.open(jedis, RedisLockSettings.builder(lease.withOwner("other")).build())) {
                assertThat(holder.toString()).isEqualTo("redis lock backend (jedis) on Redis of the application's JedisPooled,"
                        + " prefix " + lease.prefix());
                Lease held = holder.cacheLock().tryAcquire("pkg/Task_1.json", LockMode.EXCLUSIVE).orElseThrow();
                assertThat(jedis.exists(lease.prefix() + ":cache:pkg/Task_1.json")).isTrue();
                // the waiter subscribes to release notifications through a connection borrowed from the client
                CompletableFuture<Optional<Lease>> waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        return waiter.cacheLock().acquire("pkg/Task_1.json", LockMode.SHARED, HANG_GUARD);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(holder.heldLocks()).singleElement().satisfies(lock -> assertThat(lock.holder()).startsWith("app#"));
                held.close();
                try (Lease shared = waiting.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS).orElseThrow()) {
                    assertThat(shared.isHeld()).isTrue();
                    assertThat(shared.fencingToken()).isGreaterThan(held.fencingToken());
                }
            }
            assertThat(jedis.ping()).as("the application's client after the backends closed").isEqualTo("PONG");
        }
    }

    @Test
    void anApplicationsClientThatCannotReachRedisFailsTheOpen() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (JedisPooled jedis = new JedisPooled(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(1000).build())) {
            assertThatThrownBy(() -> JedisLocks.open(jedis, RedisLockSettings.builder(lease()).build()))
                    .isInstanceOf(LockException.class)
                    .hasMessageStartingWith("Redis lock backend (jedis): the application's Redis client cannot reach");
        }
    }

    @Test
    void settingsThatSayNowhereAreAnErrorNamingTheHostKey() {
        assertThatThrownBy(() -> JedisLocks.open(RedisLockSettings.builder(lease()).build()))
                .isInstanceOf(KartConfigException.class).hasMessageContaining("'kart.lock.redis.host' is empty");
    }

    @Test
    void aRedissonYamlFileIsNotForThisBinding(@TempDir Path directory) throws IOException {
        Path yaml = Files.writeString(directory.resolve("redisson.yaml"), "singleServerConfig:\n  address: \"redis://h:1\"\n");
        assertThatThrownBy(() -> JedisLocks.open(RedisLockSettings.builder(lease()).redissonConfig(yaml).build()))
                .isInstanceOf(KartConfigException.class).hasMessageContaining("kart.lock.redis.redisson-config")
                .hasMessageContaining("Jedis binding");
    }

    private static LeaseSettings lease() {
        return LeaseSettings.of("locks-" + UUID.randomUUID(), Duration.ofSeconds(30), "test");
    }
}
