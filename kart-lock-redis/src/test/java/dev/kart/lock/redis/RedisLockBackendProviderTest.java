package dev.kart.lock.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.config.KartConfigException;
import dev.kart.core.Kart;
import dev.kart.lock.LeaseSettings;
import dev.kart.test.support.config.MapConfigSection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider with no client binding on the class path, as a user has it who added only
 * kart-lock-redis: every way of opening the backend says, in one line, which artifact to add. (Each
 * binding module tests the provider with its binding.)
 */
class RedisLockBackendProviderTest {
    private static final LeaseSettings LEASE = LeaseSettings.of("provider", Duration.ofSeconds(30), "test");

    @TempDir
    Path workspace;

    @Test
    void withoutABindingTheErrorNamesBothArtifacts() {
        assertThatThrownBy(() -> new RedisLockBackendProvider().open(RedisLockSettings.builder(LEASE).host("127.0.0.1").build()))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.lock.redis.client")
                .hasMessageContaining("dev.kart:kart-lock-redis-jedis")
                .hasMessageContaining("dev.kart:kart-lock-redis-redisson")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aNamedBindingThatIsMissingIsAnErrorNamingItsArtifact() {
        assertThatThrownBy(() -> new RedisLockBackendProvider().open(LEASE, MapConfigSection.of("kart.lock.redis")
                .with("host", "127.0.0.1").with("client", "redisson")))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.lock.redis.client' is 'redisson', but the redisson binding is not on the class path"
                        + " (found: none): add dev.kart:kart-lock-redis-redisson to your dependencies");
    }

    @Test
    void preparingTheBackendChecksItsSettingsAndBindingBeforeAnyConnection() {
        RedisLockBackendProvider provider = new RedisLockBackendProvider();

        assertThatThrownBy(() -> provider.prepare(LEASE, MapConfigSection.of("kart.lock.redis").with("host", "127.0.0.1")))
                .isInstanceOf(KartConfigException.class).hasMessageContaining("dev.kart:kart-lock-redis-jedis");
        assertThatThrownBy(() -> provider.prepare(LEASE, MapConfigSection.of("kart.lock.redis").with("port", 6379)))
                .isInstanceOf(KartConfigException.class).hasMessageContaining("'kart.lock.redis.host' is empty");
        assertThatThrownBy(() -> provider.prepare(LEASE, MapConfigSection.of("kart.lock.redis").with("host", "127.0.0.1")
                .with("port", 0))).isInstanceOf(KartConfigException.class).hasMessageContaining("kart.lock.redis.port");
    }

    @Test
    void settingsThatSayNowhereAreAnErrorNamingTheHostKey() {
        assertThatThrownBy(() -> new RedisLockBackendProvider().open(RedisLockSettings.builder(LEASE).build()))
                .isInstanceOf(KartConfigException.class).hasMessageContaining("'kart.lock.redis.host' is empty");
    }

    @Test
    void aRuntimeGivenARedisHostSaysWhichArtifactToAdd() {
        assertThatThrownBy(() -> Kart.builder().workspace(workspace).set("kart.lock.redis.host", "127.0.0.1").build())
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("dev.kart:kart-lock-redis-jedis");
    }
}
