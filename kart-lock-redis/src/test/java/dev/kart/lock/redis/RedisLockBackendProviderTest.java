package dev.kart.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;

import dev.kart.config.KartConfigException;
import dev.kart.core.Kart;
import dev.kart.lock.LeaseSettings;
import dev.kart.test.support.config.MapConfigSection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** While another backend is chosen: each value on its own, without a binding, and no server is asked for. */
    @Test
    void checkingTheSectionOfABackendNotChosenRefusesAMalformedValueNamingTheKey() {
        RedisLockBackendProvider provider = new RedisLockBackendProvider();
        MapConfigSection none = MapConfigSection.of("kart.lock.redis");

        // the words of a loaded configuration's (kart-cli's ConfigMessagesTest), this test section's here
        assertThatThrownBy(() -> provider.check(none.with("timeout", "abc"))).isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("config key 'kart.lock.redis.timeout' is a String, expected a Duration");
        assertThatThrownBy(() -> provider.check(none.with("port", 70000))).isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.lock.redis.port' (set in a test) is 70000, expected a TCP port from 1 to 65535");
        assertThatThrownBy(() -> provider.check(none.with("url", "http://redis"))).isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("config key 'kart.lock.redis.url' (set in a test)");
        assertThatThrownBy(() -> provider.check(none.with("cluster.nodes", List.of("h1")))).isInstanceOf(
                KartConfigException.class).hasMessageStartingWith("config key 'kart.lock.redis.cluster.nodes' (set in a test)");
        // docs/configuration.md: the ranges of single keys whichever backend is chosen, the sentinels' as the cluster's
        assertThatThrownBy(() -> provider.check(none.with("sentinel.nodes", List.of("s1")))).isInstanceOf(
                KartConfigException.class).hasMessage("config key 'kart.lock.redis.sentinel.nodes' (set in a test) has 's1'"
                + " (entry 1), which has no port, expected host:port of a sentinel, the port from 1 to 65535 (an IPv6 address in brackets: [::1]:26379)");
        assertThatThrownBy(() -> provider.check(none.with("sentinel.nodes", "s1:99999"))).isInstanceOf(
                KartConfigException.class).hasMessageStartingWith("config key 'kart.lock.redis.sentinel.nodes' (set in a test)"
                + " has 's1:99999' (entry 1), which has port 99999, expected host:port of a sentinel");
        assertThatThrownBy(() -> provider.check(none.with("safety-margin", Duration.ofSeconds(-1)))).isInstanceOf(
                KartConfigException.class).hasMessage("config key 'kart.lock.redis.safety-margin' (set in a test) is -1s,"
                + " expected at least 0 and less than a quarter of the lease TTL");
    }

    @Test
    void checkingTheSectionOfABackendNotChosenLeavesWhatDependsOnOtherKeysToTheRunThatChoosesIt() {
        RedisLockBackendProvider provider = new RedisLockBackendProvider();

        // no host (Redis is not chosen), a command timeout above a third of the TTL, a url beside a host, a
        // sentinel master without sentinels: each is an error only where Redis is used
        provider.check(MapConfigSection.of("kart.lock.redis").with("port", 6380).with("timeout", Duration.ofSeconds(9))
                .with("url", "redis://a:6379").with("host", "b").with("sentinel.master", "primary"));
    }

    /** The keys it reads when one is set, against reference.conf's: a key missing there would go unchecked. */
    @Test
    void theKeysCheckedAreReferenceConfs() {
        Config reference = ConfigFactory.parseFile(Path.of("src/main/resources/reference.conf").toFile())
                .resolve(ConfigResolveOptions.noSystem()).getConfig("kart.lock.redis");
        List<String> declared = new ArrayList<>();
        leaves(reference.root(), "", declared);

        assertThat(RedisLockSettings.KEYS).containsExactlyInAnyOrderElementsOf(declared);
    }

    /** Every leaf's path, those whose default is null too, which Config.entrySet leaves out. */
    private static void leaves(ConfigObject object, String prefix, List<String> paths) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            if (entry.getValue() instanceof ConfigObject child) {
                leaves(child, prefix + entry.getKey() + ".", paths);
            } else {
                paths.add(prefix + entry.getKey());
            }
        }
    }

    /** What the runtime quotes before the backend opens (a second Ctrl-C tells when the leases still held expire). */
    @Test
    void theLeaseTakesTheTtlOfTheTimeoutWithItsKeyWhenTheSectionSetsIt() {
        RedisLockBackendProvider provider = new RedisLockBackendProvider();
        MapConfigSection section = MapConfigSection.of("kart.lock.redis");

        assertThat(provider.lease(LEASE, section.with("host", "127.0.0.1"))).as("no timeout set: kart.lock's lease")
                .isEqualTo(LEASE);
        LeaseSettings timeout = provider.lease(LEASE, section.with("timeout", Duration.ofSeconds(9)));
        assertThat(timeout.ttlSetting()).isEqualTo("kart.lock.redis.timeout = 9s");
        assertThat(timeout.renewInterval()).as("an unset renew interval follows the TTL").isEqualTo(Duration.ofSeconds(3));
        assertThat(provider.lease(LEASE.withRenewInterval(Duration.ofSeconds(2)), section.with("timeout",
                Duration.ofSeconds(9))).renewInterval()).as("a set one stays").isEqualTo(Duration.ofSeconds(2));
    }

    /** The runtime derives the lease once and prepares the backend with it: the section is applied a second time. */
    @Test
    void theLeaseItDerivedGivesTheSameSettingsAgain() {
        RedisLockBackendProvider provider = new RedisLockBackendProvider();
        MapConfigSection section = MapConfigSection.of("kart.lock.redis").with("host", "127.0.0.1")
                .with("timeout", Duration.ofSeconds(9)).with("command-timeout", Duration.ofSeconds(1));

        LeaseSettings derived = provider.lease(LEASE, section);
        assertThat(provider.lease(derived, section)).isEqualTo(derived);
        assertThat(RedisLockSettings.from(derived, section)).as("what prepare reads")
                .isEqualTo(RedisLockSettings.from(LEASE, section));
        assertThat(RedisLockSettings.from(derived, section).lease()).isEqualTo(derived);
    }

    /** Asked at start before prepare: it checks the value it reads, and needs neither a binding nor a server. */
    @Test
    void theLeaseRefusesATimeoutThatIsNotPositiveNamingTheKey() {
        MapConfigSection section = MapConfigSection.of("kart.lock.redis");

        assertThatThrownBy(() -> new RedisLockBackendProvider().lease(LEASE, section.with("timeout", Duration.ZERO)))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.lock.redis.timeout' (set in a test) is 0s, expected a positive duration such as 30s or 5m");
        assertThatThrownBy(() -> new RedisLockBackendProvider().lease(LEASE, section.with("timeout", "abc")))
                .isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("config key 'kart.lock.redis.timeout' is a String, expected a Duration");
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
