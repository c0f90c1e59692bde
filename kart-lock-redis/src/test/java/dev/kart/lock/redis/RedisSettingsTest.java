package dev.kart.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.config.KartConfigException;
import dev.kart.lock.LeaseSettings;
import dev.kart.test.support.config.MapConfigSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code kart.lock.redis}: defaults from reference.conf, the URL form, and errors naming the key. */
class RedisSettingsTest {
    private static final LeaseSettings LEASE = LeaseSettings.of("app", Duration.ofSeconds(30), "test");
    private static final MapConfigSection EMPTY = MapConfigSection.of("kart.lock.redis");
    private static final MapConfigSection BASE = EMPTY.with("host", "redis.example");

    @Test
    void keysNotGivenComeFromReferenceConf() {
        RedisSettings settings = RedisSettings.from(LEASE, BASE);
        assertThat(settings.host()).isEqualTo("redis.example");
        assertThat(settings.port()).isEqualTo(6379);
        assertThat(settings.database()).isZero();
        assertThat(settings.ssl()).isFalse();
        assertThat(settings.client()).isEqualTo(RedisClientKind.JEDIS);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.poolSize()).isEqualTo(16);
        assertThat(settings.fallbackPoll()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.safetyMargin()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.renews()).isTrue();
        assertThat(settings.redissonConfig()).isEmpty();
    }

    @Test
    void thePythonSystemsTimeoutIsTheTtl() {
        assertThat(RedisSettings.from(LEASE, BASE.with("timeout", Duration.ofSeconds(7))).ttl()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aRedissUrlGivesHostPortDatabaseUserPasswordAndTls() {
        RedisSettings settings = RedisSettings.from(LEASE, EMPTY
                .with("url", "rediss://kart:p%40ss@cache.internal:6380/3"));
        assertThat(settings.host()).isEqualTo("cache.internal");
        assertThat(settings.port()).isEqualTo(6380);
        assertThat(settings.database()).isEqualTo(3);
        assertThat(settings.username()).contains("kart");
        assertThat(settings.password()).contains("p@ss");
        assertThat(settings.ssl()).isTrue();
        assertThat(settings.toString()).doesNotContain("p@ss").contains("***");
        assertThat(settings.address()).isEqualTo("Redis at cache.internal:6380 (database 3) over TLS");
    }

    @Test
    void theBackendIsRequestedByAHostOrAUrl() {
        assertThat(RedisSettings.requested(EMPTY)).isFalse();
        assertThat(RedisSettings.requested(EMPTY.with("host", " "))).isFalse();
        assertThat(RedisSettings.requested(BASE)).isTrue();
        assertThat(RedisSettings.requested(EMPTY.with("url", "redis://h"))).isTrue();
        assertThat(new RedisLockBackendProvider().requestedBy(BASE)).isTrue();
        assertThat(new RedisLockBackendProvider().name()).isEqualTo("redis");
    }

    @Test
    void invalidValuesAreErrorsNamingTheKey() {
        assertInvalid(EMPTY, "kart.lock.redis.host", "is empty");
        assertInvalid(BASE.with("port", 0), "kart.lock.redis.port", "from 1 to 65535");
        assertInvalid(BASE.with("database", -1), "kart.lock.redis.database", "is -1");
        assertInvalid(BASE.with("pool-size", 0), "kart.lock.redis.pool-size", "at least 1");
        assertInvalid(BASE.with("command-timeout", Duration.ZERO), "kart.lock.redis.command-timeout", "positive");
        assertInvalid(BASE.with("client", "lettuce"), "kart.lock.redis.client", "\"jedis\" or \"redisson\"");
        assertInvalid(BASE.with("safety-margin", Duration.ofSeconds(10)), "kart.lock.redis.safety-margin",
                "less than a quarter of the lease TTL");
        assertInvalid(BASE.with("url", "http://h"), "kart.lock.redis.url", "scheme 'http'");
        assertInvalid(BASE.with("url", "redis://h/x"), "kart.lock.redis.url", "path '/x'");
        assertInvalid(BASE.with("redisson-config", "/nonexistent.yaml"), "kart.lock.redis.redisson-config",
                "client is 'jedis'");
        assertInvalid(BASE.with("client", "redisson").with("redisson-config", "/nonexistent.yaml"),
                "kart.lock.redis.redisson-config", "does not exist");
    }

    @Test
    void aRedissonYamlFileStandsForTheServerKeys(@TempDir Path directory) throws Exception {
        Path yaml = Files.writeString(directory.resolve("redisson.yaml"), "singleServerConfig:\n  address: \"redis://127.0.0.1:1\"\n");
        RedisSettings settings = RedisSettings.from(LEASE, EMPTY
                .with("client", "redisson").with("redisson-config", yaml.toString()));
        assertThat(settings.redissonConfig()).contains(yaml);
        assertThat(settings.address()).contains(yaml.toAbsolutePath().toString());
        assertThat(RedissonConfigs.of(settings).getLockWatchdogTimeout()).isEqualTo(30_000);

        Path broken = Files.writeString(directory.resolve("broken.yaml"), "singleServerConfig: [unclosed");
        RedisSettings brokenSettings = RedisSettings.from(LEASE, EMPTY
                .with("client", "redisson").with("redisson-config", broken.toString()));
        assertThatThrownBy(() -> RedissonConfigs.of(brokenSettings)).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.lock.redis.redisson-config").hasMessageContaining("not a Redisson YAML");
    }

    @Test
    void thePasswordIsRedactedFromMessages() {
        RedisSettings settings = RedisSettings.from(LEASE, BASE.with("password", "hunter2-secret"));
        assertThat(settings.redact("AUTH failed for hunter2-secret")).isEqualTo("AUTH failed for ***");
        assertThat(settings.toString()).doesNotContain("hunter2-secret");
    }

    private static void assertInvalid(MapConfigSection settings, String key, String expected) {
        assertThatThrownBy(() -> RedisSettings.from(LEASE, settings)).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("'" + key + "'").hasMessageContaining(expected);
    }
}
