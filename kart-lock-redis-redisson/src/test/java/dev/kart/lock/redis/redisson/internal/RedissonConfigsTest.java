package dev.kart.lock.redis.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.config.KartConfigException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.RedisFailures;
import dev.kart.test.support.config.MapConfigSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.SubscriptionMode;

/** The Redisson configuration kart builds: from its keys or from a Redisson YAML file, the watchdog always at the TTL. */
class RedissonConfigsTest {
    private static final LeaseSettings LEASE = LeaseSettings.of("app", Duration.ofSeconds(30), "test");

    @Test
    void fromTheKeysASingleServerThatFailsFast() {
        RedisLockSettings settings = RedisLockSettings.builder(LEASE).url("rediss://kart@cache.internal:6380/3").password("pw")
                .commandTimeout(Duration.ofSeconds(2)).poolSize(8).build();
        Config config = RedissonConfigs.of(settings, RedisFailures.ownClient("redisson", settings));
        SingleServerConfig server = config.useSingleServer();
        assertThat(server.getAddress()).isEqualTo("rediss://cache.internal:6380");
        assertThat(server.getDatabase()).isEqualTo(3);
        assertThat(server.getUsername()).isEqualTo("kart");
        assertThat(server.getPassword()).isEqualTo("pw");
        assertThat(server.getTimeout()).isEqualTo(2000);
        assertThat(server.getRetryAttempts()).as("kart retries the task, not the command").isZero();
        assertThat(config.getLockWatchdogTimeout()).isEqualTo(30_000);
    }

    @Test
    void fromTheSentinelKeysASentinelServersConfigOnThePrimary() {
        RedisLockSettings settings = RedisLockSettings.builder(LEASE).sentinel("kart-primary", List.of("s1.internal:26379",
                "[::1]:26380")).sentinelUsername("sentinel-user").sentinelPassword("sentinel-pw").username("kart")
                .password("pw").database(2).commandTimeout(Duration.ofSeconds(2)).ssl(true).build();
        Config config = RedissonConfigs.of(settings, RedisFailures.ownClient("redisson", settings));
        assertThat(config.isSentinelConfig()).isTrue();
        SentinelServersConfig servers = config.useSentinelServers();
        assertThat(servers.getMasterName()).isEqualTo("kart-primary");
        assertThat(servers.getSentinelAddresses()).containsExactly("rediss://s1.internal:26379", "rediss://[::1]:26380");
        assertThat(servers.getSentinelUsername()).isEqualTo("sentinel-user");
        assertThat(servers.getSentinelPassword()).isEqualTo("sentinel-pw");
        assertThat(servers.getUsername()).isEqualTo("kart");
        assertThat(servers.getPassword()).isEqualTo("pw");
        assertThat(servers.getDatabase()).isEqualTo(2);
        assertThat(servers.getTimeout()).isEqualTo(2000);
        assertThat(servers.getReadMode()).as("lock calls read the primary, never a lagging replica").isEqualTo(ReadMode.MASTER);
        assertThat(servers.getSubscriptionMode()).isEqualTo(SubscriptionMode.MASTER);
        assertThat(servers.getRetryAttempts()).as("kart retries the task, not the command").isZero();
        assertThat(config.getLockWatchdogTimeout()).isEqualTo(30_000);
    }

    @Test
    void anIpv6HostIsBracketedInTheAddress() {
        RedisLockSettings settings = RedisLockSettings.builder(LEASE).host("::1").port(6379).build();
        assertThat(RedissonConfigs.of(settings, RedisFailures.ownClient("redisson", settings)).useSingleServer().getAddress())
                .isEqualTo("redis://[::1]:6379");
    }

    @Test
    void aRedissonYamlFileStandsForTheServerKeys(@TempDir Path directory) throws Exception {
        Path yaml = Files.writeString(directory.resolve("redisson.yaml"), "singleServerConfig:\n  address: \"redis://127.0.0.1:1\"\n");
        RedisLockSettings settings = RedisLockSettings.builder(LEASE).redissonConfig(yaml).build();
        Config config = RedissonConfigs.of(settings, RedisFailures.ownClient("redisson", settings));
        assertThat(config.useSingleServer().getAddress()).isEqualTo("redis://127.0.0.1:1");
        assertThat(config.getLockWatchdogTimeout()).isEqualTo(30_000);

        Path broken = Files.writeString(directory.resolve("broken.yaml"), "singleServerConfig: [unclosed");
        RedisLockSettings brokenSettings = RedisLockSettings.builder(LEASE).redissonConfig(broken).build();
        assertThatThrownBy(() -> RedissonConfigs.of(brokenSettings, RedisFailures.ownClient("redisson", brokenSettings)))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.lock.redis.redisson-config").hasMessageContaining("not a Redisson YAML");
    }

    @Test
    void anApplicationsConfigurationMustRenewAsTheLeasesNeed() {
        // a TTL other than Redisson's default watchdog timeout (30 s)
        RedisLockSettings settings = RedisLockSettings.builder(LEASE.withTtl(Duration.ofMinutes(3))).build();
        RedissonConfigs.requireLeaseWatchdog(new Config().setLockWatchdogTimeout(180_000), settings);
        assertThatThrownBy(() -> RedissonConfigs.requireLeaseWatchdog(new Config(), settings))
                .isInstanceOf(KartConfigException.class).hasMessageContaining("lockWatchdogTimeout is 30000 ms but the lease TTL is kart.lock.ttl = 3m")
                .hasMessageEndingWith("Set Config.setLockWatchdogTimeout(180000) on the client, or kart.lock.ttl = 30s");
        RedissonConfigs.requireLeaseWatchdog(new Config(), RedisLockSettings.builder(LEASE.withoutRenewal()).build());
    }

    /** kart.lock.redis.timeout wins over kart.lock.ttl: advice to change kart.lock.ttl would change nothing. */
    @Test
    void theWatchdogMessageNamesTheKeyThatSetTheTtl() {
        RedisLockSettings settings = RedisLockSettings.from(LEASE, MapConfigSection.of("kart.lock.redis")
                .with("host", "redis.internal").with("timeout", Duration.ofMinutes(3)));
        assertThatThrownBy(() -> RedissonConfigs.requireLeaseWatchdog(new Config(), settings))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("lockWatchdogTimeout is 30000 ms but the lease TTL is kart.lock.redis.timeout = 3m")
                .hasMessageEndingWith("Set Config.setLockWatchdogTimeout(180000) on the client, or kart.lock.redis.timeout = 30s")
                .message().doesNotContain("kart.lock.ttl");
    }
}
