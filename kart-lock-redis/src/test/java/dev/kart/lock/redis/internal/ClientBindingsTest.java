package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.config.KartConfigException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.RedisLockSettings.Client;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which binding {@code kart.lock.redis.client} picks from those on the class path. The bindings
 * here are named stand-ins that are never opened; the binding modules' tests open the real ones.
 */
class ClientBindingsTest {
    private static final LeaseSettings LEASE = LeaseSettings.of("bindings", Duration.ofSeconds(30), "test");
    private static final RedisClientBinding JEDIS = binding(Client.JEDIS);
    private static final RedisClientBinding REDISSON = binding(Client.REDISSON);

    @Test
    void autoPicksTheOneOnTheClassPathAndJedisWhenBothAre() {
        assertThat(ClientBindings.choose(settings(Client.AUTO), List.of(JEDIS, REDISSON))).isSameAs(JEDIS);
        assertThat(ClientBindings.choose(settings(Client.AUTO), List.of(REDISSON))).isSameAs(REDISSON);
        assertThat(ClientBindings.choose(settings(Client.AUTO), List.of(JEDIS))).isSameAs(JEDIS);
    }

    @Test
    void aNamedClientPicksItsBinding() {
        assertThat(ClientBindings.choose(settings(Client.REDISSON), List.of(JEDIS, REDISSON))).isSameAs(REDISSON);
        assertThat(ClientBindings.choose(settings(Client.JEDIS), List.of(JEDIS, REDISSON))).isSameAs(JEDIS);
    }

    @Test
    void autoWithARedissonYamlFilePicksRedisson(@TempDir Path directory) throws Exception {
        Path yaml = Files.writeString(directory.resolve("redisson.yaml"), "singleServerConfig:\n  address: \"redis://h:1\"\n");
        RedisLockSettings settings = RedisLockSettings.builder(LEASE).redissonConfig(yaml).build();
        assertThat(ClientBindings.choose(settings, List.of(JEDIS, REDISSON))).isSameAs(REDISSON);
        assertThatThrownBy(() -> ClientBindings.choose(settings, List.of(JEDIS))).isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.lock.redis.client' is 'auto' and kart.lock.redis.redisson-config is set, so it"
                        + " needs redisson, but the redisson binding is not on the class path (found: jedis): add"
                        + " dev.kart:kart-lock-redis-redisson to your dependencies");
    }

    @Test
    void aRegistrationThatCannotBeUsedIsAnErrorNamingItsServicesFile(@TempDir Path directory) throws Exception {
        String file = "META-INF/services/" + RedisClientBinding.class.getName();
        Files.createDirectories(directory.resolve(file).getParent());
        Files.writeString(directory.resolve(file), "com.acme.MissingBinding\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {directory.toUri().toURL()},
                ClientBindingsTest.class.getClassLoader())) {
            assertThatThrownBy(() -> ClientBindings.found(loader)).isInstanceOf(KartConfigException.class)
                    .hasMessageStartingWith(file + " on the class path registers a class kart cannot use: ")
                    .hasMessageContaining("com.acme.MissingBinding");
        }
    }

    @Test
    void aMissingBindingIsAnErrorNamingItsArtifact() {
        assertThatThrownBy(() -> ClientBindings.choose(settings(Client.JEDIS), List.of(REDISSON)))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.lock.redis.client' is 'jedis', but the jedis binding is not on the class path"
                        + " (found: redisson): add dev.kart:kart-lock-redis-jedis to your dependencies");
        assertThatThrownBy(() -> ClientBindings.choose(settings(Client.AUTO), List.of()))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("no Redis client binding is on the class path")
                .hasMessageContaining("dev.kart:kart-lock-redis-jedis").hasMessageContaining("dev.kart:kart-lock-redis-redisson");
    }

    @Test
    void thisModuleAloneHasNoBinding() {
        assertThat(ClientBindings.found(ClientBindingsTest.class.getClassLoader())).isEmpty();
    }

    private static RedisLockSettings settings(Client client) {
        return RedisLockSettings.builder(LEASE).host("127.0.0.1").client(client).build();
    }

    private static RedisClientBinding binding(Client client) {
        return new RedisClientBinding() {
            @Override
            public Client client() {
                return client;
            }

            @Override
            public LockBackend open(RedisLockSettings settings) {
                throw new AssertionError("a stand-in binding is never opened");
            }

            @Override
            public String toString() {
                return client.configName();
            }
        };
    }
}
