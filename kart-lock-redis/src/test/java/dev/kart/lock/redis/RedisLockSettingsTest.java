package dev.kart.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueType;
import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.redis.RedisLockSettings.Client;
import dev.kart.test.support.config.MapConfigSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading {@code kart.lock.redis} into {@link RedisLockSettings}, and building them in code: the
 * builder's defaults are this module's reference.conf, the URL form, the Python system's timeout,
 * and errors naming the key.
 */
class RedisLockSettingsTest {
    private static final LeaseSettings LEASE = LeaseSettings.of("app", Duration.ofSeconds(30), "test");
    private static final MapConfigSection EMPTY = MapConfigSection.of("kart.lock.redis");
    private static final MapConfigSection BASE = EMPTY.with("host", "redis.example");

    @Test
    void theBuildersDefaultsAreThoseOfReferenceConf() {
        MapConfigSection reference = referenceConf().with("host", "redis.example");
        assertThat(reference.has("port")).as("reference.conf read").isTrue();
        RedisLockSettings fromFile = RedisLockSettings.from(LEASE, reference);
        RedisLockSettings built = RedisLockSettings.builder(LEASE).host("redis.example").build();
        assertThat(built).isEqualTo(fromFile);
        assertThat(built.port()).isEqualTo(6379);
        assertThat(built.database()).isZero();
        assertThat(built.ssl()).isFalse();
        assertThat(built.client()).isEqualTo(Client.AUTO);
        assertThat(built.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(built.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(built.poolSize()).isEqualTo(16);
        assertThat(built.fallbackPoll()).isEqualTo(Duration.ofSeconds(1));
        assertThat(built.safetyMargin()).isEqualTo(Duration.ofMillis(100));
        assertThat(built.username()).isEmpty();
        assertThat(built.password()).isEmpty();
        assertThat(built.redissonConfig()).isEmpty();
        assertThat(built.lease()).isEqualTo(LEASE);
        assertThat(built.clusterNodes()).isEmpty();
        assertThat(built.cluster()).isFalse();
        assertThat(built.clusterGroups()).isEqualTo(16);
    }

    @Test
    void clusterNodesAreReadAsSeedsAndNameTheBackend() {
        MapConfigSection section = EMPTY.with("cluster.nodes", List.of("redis-1.internal:7000", " 10.0.0.2:7001 ", "[::1]:7002"))
                .with("cluster.groups", 32).with("username", "kart");
        assertThat(RedisLockSettings.namesServer(section)).isTrue();
        assertThat(RedisLockSettings.namesServer(EMPTY.with("cluster.nodes", List.of()))).isFalse();
        RedisLockSettings settings = RedisLockSettings.from(LEASE, section);
        assertThat(settings.cluster()).isTrue();
        assertThat(settings.clusterNodes()).containsExactly(new RedisLockSettings.Node("redis-1.internal", 7000),
                new RedisLockSettings.Node("10.0.0.2", 7001), new RedisLockSettings.Node("::1", 7002));
        assertThat(settings.clusterGroups()).isEqualTo(32);
        assertThat(settings.address()).isEqualTo("Redis Cluster at redis-1.internal:7000, 10.0.0.2:7001, [::1]:7002");
        assertThat(settings).isEqualTo(RedisLockSettings.builder(LEASE).username("kart")
                .clusterNodes(List.of("redis-1.internal:7000", "10.0.0.2:7001", "[::1]:7002")).clusterGroups(32).build());
        assertThat(settings.toBuilder().build()).isEqualTo(settings);
        assertThat(RedisLockSettings.from(LEASE, EMPTY.with("cluster.nodes", "h1:7000, h2:7001")).clusterNodes())
                .as("one string, as -D gives it").containsExactly(new RedisLockSettings.Node("h1", 7000),
                        new RedisLockSettings.Node("h2", 7001));
    }

    @Test
    void sentinelNodesOrARedissonFileAloneNameTheBackendSoTheirMistakesAreNotSilentlyInMemory() {
        assertThat(RedisLockSettings.namesServer(EMPTY.with("sentinel.nodes", List.of("127.0.0.1:26379")))).isTrue();
        assertThat(RedisLockSettings.namesServer(EMPTY.with("sentinel.nodes", "127.0.0.1:26379"))).isTrue();
        assertThat(RedisLockSettings.namesServer(EMPTY.with("redisson-config", "/etc/kart/redisson.yaml"))).isTrue();
        assertThat(RedisLockSettings.namesServer(EMPTY.with("sentinel.nodes", List.of()))).isFalse();
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, EMPTY.with("sentinel.nodes", List.of("127.0.0.1:26379"))))
                .isInstanceOf(KartConfigException.class).hasMessageStartingWith("config key 'kart.lock.redis.sentinel.master'"
                        + " is not set but kart.lock.redis.sentinel.nodes is (set in a test), expected the name");
    }

    @Test
    void sentinelNodesAreAlsoOneCommaSeparatedStringAsTheCommandLineGivesThem() {
        RedisLockSettings settings = RedisLockSettings.from(LEASE, EMPTY.with("sentinel.master", "kart-primary")
                .with("sentinel.nodes", "s1:26379, s2:26380"));
        assertThat(settings.sentinel().orElseThrow().nodes()).containsExactly("s1:26379", "s2:26380");
    }

    @Test
    void clusterSettingsThatCannotWorkAreOneLineErrorsNamingTheKey() {
        MapConfigSection cluster = EMPTY.with("cluster.nodes", List.of("127.0.0.1:7000"));
        assertInvalid(EMPTY.with("cluster.nodes", List.of("127.0.0.1:7000", "redis-2")), "kart.lock.redis.cluster.nodes",
                "has 'redis-2' (entry 2), which has no port, expected \"host:port\" seed nodes of the Redis Cluster");
        assertInvalid(EMPTY.with("cluster.nodes", List.of("h:0")), "kart.lock.redis.cluster.nodes", "which has port 0");
        assertInvalid(EMPTY.with("cluster.nodes", List.of("h:x")), "kart.lock.redis.cluster.nodes", "which has port 'x'");
        assertInvalid(EMPTY.with("cluster.nodes", List.of("::1:7000")), "kart.lock.redis.cluster.nodes",
                "an IPv6 address without brackets");
        assertInvalid(cluster.with("url", "redis://h:6379"), "kart.lock.redis.url",
                "is set (h) and kart.lock.redis.cluster.nodes is set (127.0.0.1:7000), expected one of the two");
        assertInvalid(cluster.with("host", "h"), "kart.lock.redis.host", "is set (h) and kart.lock.redis.cluster.nodes is set");
        assertInvalid(cluster.with("database", 2), "kart.lock.redis.database", "a Redis Cluster has database 0 only");
        assertInvalid(cluster.with("cluster.groups", 0), "kart.lock.redis.cluster.groups", "is 0, expected 1 to 1024");
        assertThatThrownBy(() -> RedisLockSettings.from(LeaseSettings.of("a{b}", Duration.ofSeconds(30), "t"), cluster))
                .isInstanceOf(KartConfigException.class).hasMessageStartingWith("config key 'kart.lock.prefix' is 'a{b}',"
                        + " expected a prefix without '{' or '}' for Redis Cluster").hasMessageNotContaining("\n");
    }

    @Test
    void aHostWithAPortOrAUrlInTheHostKeyIsRefusedSayingWhereEachPartGoes() {
        assertInvalid(EMPTY.with("host", "localhost:6391"), "kart.lock.redis.host", "is 'localhost:6391', a host and a port,"
                + " expected the host alone (localhost), with the port in kart.lock.redis.port (--redis-port 6391)");
        assertInvalid(EMPTY.with("host", "[::1]:6391"), "kart.lock.redis.host", "is '[::1]:6391', a host and a port,"
                + " expected the host alone (::1), with the port in kart.lock.redis.port (--redis-port 6391)");
        assertInvalid(EMPTY.with("host", "redis://localhost:6391"), "kart.lock.redis.host", "is a URL (redis://...),"
                + " expected a host name or address alone; give the whole URL as kart.lock.redis.url instead, such as"
                + " -D kart.lock.redis.url=redis://localhost:6391, where a password in it is kept out of messages");
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, EMPTY.with("host", "rediss://kart:secret@redis.internal:6380/2")))
                .isInstanceOf(KartConfigException.class).hasMessageContaining("is a URL (rediss://...)")
                .hasMessageContaining("such as -D kart.lock.redis.url=rediss://USER:PASSWORD@redis.internal:6380/2,")
                .hasMessageNotContaining("secret").hasMessageNotContaining("kart:");
        assertThat(RedisLockSettings.from(LEASE, EMPTY.with("host", "::1")).host()).as("an IPv6 address").isEqualTo("::1");
        assertThat(RedisLockSettings.from(LEASE, EMPTY.with("host", "redis.internal")).host()).isEqualTo("redis.internal");
    }

    @Test
    void aHostOrPortBesideAUrlIsAOneLineErrorNamingBothAndWhereEachWasSet() {
        MapConfigSection url = EMPTY.with("url", "redis://localhost:16500");
        assertInvalid(url.with("host", "otherhost"), "kart.lock.redis.host", "is set (otherhost) and"
                + " kart.lock.redis.url is set (localhost:16500, set in a test), expected one of the two");
        assertInvalid(url.with("port", 6379), "kart.lock.redis.port", "is set (6379) and"
                + " kart.lock.redis.url is set (localhost:16500, set in a test), expected one of the two");
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, url.with("host", "other").with("url", "redis://:secret@h:1")))
                .isInstanceOf(KartConfigException.class).hasMessageNotContaining("secret");
        // reference.conf's port, database and ssl are defaults, not a second answer; a blank host is no host
        MapConfigSection reference = referenceConf().with("url", "redis://localhost:16500");
        RedisLockSettings settings = RedisLockSettings.from(LEASE, new ForwardingSection(reference) {
            @Override
            public boolean isDefault(String key) {
                return !key.equals("url");
            }
        });
        assertThat(settings.port()).isEqualTo(16500);
        assertThat(RedisLockSettings.from(LEASE, url.with("host", " ")).host()).isEqualTo("localhost");
    }

    /**
     * A trial's url mistakes, each told as what it is rather than as "no host"; none repeats a password. A
     * host a resolver takes but RFC 2396 does not (a docker-compose service's name) and an @ in a password
     * are read as meant.
     */
    @Test
    void aUrlsPortHostAndPasswordAreReadAsMeantOrRefusedSayingWhichPartIsWrong() {
        assertInvalid(EMPTY.with("url", "redis://127.0.0.1:99999"), "kart.lock.redis.url", "has port 99999, expected a"
                + " TCP port from 1 to 65535 after the host");
        assertInvalid(EMPTY.with("url", "redis://127.0.0.1:6402x"), "kart.lock.redis.url", "has a port that is no number");
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, EMPTY.with("url", "redis://:pass#x@127.0.0.1:6402")))
                .hasMessageContaining("config key 'kart.lock.redis.url' (set in a test) has a query (?...) or fragment"
                        + " (#...), which kart's url does not take (a ? or # in the password is written %3F or %23)")
                .hasMessageNotContaining("pass#");
        // a / in the password ends the address there: its first part would read as host and port, the rest as a path
        for (String slashed : List.of("redis://admin:s3cr/et@h:6379", "redis://u:1234/abc@h")) {
            assertThatThrownBy(() -> RedisLockSettings.from(LEASE, EMPTY.with("url", slashed))).as(slashed)
                    .hasMessageContaining("(a / in the user or password is written %2F)")
                    .hasMessageNotContaining("s3cr").hasMessageNotContaining("abc");
        }
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, EMPTY.with("url", "redis://:50%off@h")))
                .hasMessageContaining("has a % that starts no escape (a % in the password is written %25)")
                .hasMessageNotContaining("50%off");
        assertInvalid(EMPTY.with("url", "redis://fe80::1"), "kart.lock.redis.url", "has an IPv6 address without brackets");
        assertInvalid(EMPTY.with("url", "redis://::1:6379"), "kart.lock.redis.url", "has an IPv6 address without brackets");
        RedisLockSettings underscore = RedisLockSettings.from(LEASE, EMPTY.with("url", "redis://my_redis:6402"));
        assertThat(underscore.host()).isEqualTo("my_redis");
        assertThat(underscore.port()).isEqualTo(6402);
        RedisLockSettings at = RedisLockSettings.from(LEASE, EMPTY.with("url", "redis://ops:p@ss+1@127.0.0.1:6402"));
        assertThat(at.host()).isEqualTo("127.0.0.1");
        assertThat(at.username()).contains("ops");
        assertThat(at.password()).as("an @ and a + of the password as typed").contains("p@ss+1");
        assertThat(RedisLockSettings.from(LEASE, EMPTY.with("url", "redis://:p%40ss%2B1@h")).password()).contains("p@ss+1");
        RedisLockSettings ipv6 = RedisLockSettings.from(LEASE, EMPTY.with("url", "redis://[::1]:6391"));
        assertThat(ipv6.host()).isEqualTo("::1");
        assertThat(ipv6.address()).isEqualTo("Redis at [::1]:6391");
        assertThat(RedisLockSettings.from(LEASE, EMPTY.with("url", "redis://h:")).port()).as("an empty port").isEqualTo(6379);
        assertThat(RedisLockSettings.from(LEASE, EMPTY.with("url", "redis://:a:b@h")).password()).contains("a:b");
        // the database is the url's, not kart.lock.redis.database's default, and a sign is no database
        assertInvalid(EMPTY.with("url", "redis://h/-1"), "kart.lock.redis.url", "has path '/-1', which is no database"
                + " number from 0");
        assertInvalid(EMPTY.with("url", "redis://h/+3"), "kart.lock.redis.url", "has path '/+3'");
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, EMPTY.with("url", "redis//:pw-x@h:6402")))
                .hasMessageContaining("config key 'kart.lock.redis.url' (set in a test) does not start with redis:// or"
                        + " rediss://").hasMessageNotContaining("pw-x");
        assertInvalid(EMPTY.with("url", "redis:/h:6402"), "kart.lock.redis.url", "has no // after redis:");
    }

    /** KART_REDIS_PASSWORD or the key beside a url's own password: which one counts is not guessed. */
    @Test
    void aPasswordBesideAUrlWithAnotherPasswordIsAnErrorThatQuotesNeither() {
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, EMPTY.with("password", "secret-key")
                .with("url", "redis://:secret-url@h:6402"))).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("config key 'kart.lock.redis.password' (set in a test) is set and"
                        + " kart.lock.redis.url holds another password (h:6402, set in a test), expected one of the two")
                .hasMessageNotContaining("secret");
        assertThat(RedisLockSettings.from(LEASE, EMPTY.with("password", "same").with("url", "redis://:same@h")).password())
                .contains("same");
        assertThat(RedisLockSettings.from(LEASE, EMPTY.with("password", "key").with("url", "redis://h")).password())
                .as("a url without one takes the key's").contains("key");
    }

    @Test
    void clusterNodesWithSentinelKeysAreOneLineErrorsNamingBoth() {
        MapConfigSection cluster = EMPTY.with("cluster.nodes", List.of("127.0.0.1:7000"));
        assertInvalid(cluster.with("sentinel.master", "m").with("sentinel.nodes", List.of("s1:26379")),
                "kart.lock.redis.sentinel.master", "is set and kart.lock.redis.cluster.nodes is set (127.0.0.1:7000),"
                        + " expected one of the two");
        assertInvalid(cluster.with("sentinel.nodes", List.of("s1:26379")), "kart.lock.redis.sentinel.nodes",
                "is set and kart.lock.redis.cluster.nodes is set");
        assertThatThrownBy(() -> RedisLockSettings.builder(LEASE).clusterNodes(List.of("h1:7000")).sentinelPassword("pw").build())
                .isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("config key 'kart.lock.redis.sentinel.password' is set and kart.lock.redis.cluster.nodes"
                        + " is set (h1:7000)").hasMessageNotContaining("pw").hasMessageNotContaining("\n");
    }

    @Test
    void keysNotInTheSectionKeepTheDefaults() {
        assertThat(RedisLockSettings.from(LEASE, BASE)).isEqualTo(RedisLockSettings.builder(LEASE).host("redis.example").build());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        RedisLockSettings settings = RedisLockSettings.from(LEASE, BASE.with("port", 6380).with("database", 2)
                .with("username", "kart").with("password", "pw").with("ssl", true).with("connect-timeout", Duration.ofSeconds(2))
                .with("command-timeout", Duration.ofSeconds(3)).with("pool-size", 4).with("client", "JEDIS")
                .with("fallback-poll", Duration.ofMillis(500)).with("safety-margin", Duration.ofMillis(50)));
        assertThat(settings).isEqualTo(RedisLockSettings.builder(LEASE).host("redis.example").port(6380).database(2)
                .username("kart").password("pw").ssl(true).connectTimeout(Duration.ofSeconds(2))
                .commandTimeout(Duration.ofSeconds(3)).poolSize(4).client(Client.JEDIS).fallbackPoll(Duration.ofMillis(500))
                .safetyMargin(Duration.ofMillis(50)).build());
    }

    @Test
    void thePythonSystemsTimeoutIsTheTtlAndTheRenewIntervalFollowsIt() {
        RedisLockSettings settings = RedisLockSettings.from(LEASE, BASE.with("timeout", Duration.ofSeconds(9))
                .with("command-timeout", Duration.ofSeconds(1)));
        assertThat(settings.lease().ttl()).isEqualTo(Duration.ofSeconds(9));
        assertThat(settings.lease().renewInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.lease().ttlSetting()).as("messages name the key that set the TTL")
                .isEqualTo("kart.lock.redis.timeout = 9s");
        assertThat(RedisLockSettings.from(LEASE, BASE).lease().ttlKey()).isEqualTo("kart.lock.ttl");

        RedisLockSettings renewSet = RedisLockSettings.from(LEASE.withRenewInterval(Duration.ofSeconds(2)),
                BASE.with("timeout", Duration.ofSeconds(9)).with("command-timeout", Duration.ofSeconds(1)));
        assertThat(renewSet.lease().renewInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aRedissUrlGivesHostPortDatabaseUserPasswordAndTls() {
        RedisLockSettings settings = RedisLockSettings.from(LEASE, EMPTY
                .with("url", "rediss://kart:p%40ss@cache.internal:6380/3"));
        assertThat(settings.host()).isEqualTo("cache.internal");
        assertThat(settings.port()).isEqualTo(6380);
        assertThat(settings.database()).isEqualTo(3);
        assertThat(settings.username()).contains("kart");
        assertThat(settings.password()).contains("p@ss");
        assertThat(settings.ssl()).isTrue();
        assertThat(settings.toString()).doesNotContain("p@ss").contains("***");
        assertThat(settings.address()).isEqualTo("Redis at cache.internal:6380 (database 3) over TLS");
        assertThat(settings.addressFromUrl()).isTrue();
        assertThat(settings.toBuilder().build().addressFromUrl()).as("rebuilt").isTrue();
        assertThat(RedisLockSettings.from(LEASE, EMPTY.with("host", "cache.internal")).addressFromUrl()).isFalse();
    }

    /** database = 2 beside a url without a path was database 0, silently: the url says every part but the password. */
    @Test
    void aDatabaseUserOrTlsSetBesideAUrlIsAnErrorNamingBoth() {
        MapConfigSection url = EMPTY.with("url", "redis://h:6379");
        assertInvalid(url.with("database", 2), "kart.lock.redis.database", "is set (2) and kart.lock.redis.url is set"
                + " (h:6379, set in a test), expected one of the two: the url (redis://[[username][:password]@]host[:port][/database],"
                + " rediss:// for TLS) says the database too");
        assertInvalid(url.with("username", "kart"), "kart.lock.redis.username", "says the user too");
        assertInvalid(url.with("ssl", true), "kart.lock.redis.ssl", "says whether to use TLS too");
        // the same answer as the url's is no conflict: a block of reference.conf's keys copied beside a url
        RedisLockSettings agreeing = RedisLockSettings.from(LEASE, EMPTY.with("url", "rediss://kart@h:6380/2")
                .with("host", "h").with("port", 6380).with("database", 2).with("username", "kart").with("ssl", true));
        assertThat(agreeing.address()).isEqualTo("Redis at h:6380 (database 2) over TLS");
        assertThat(RedisLockSettings.from(LEASE, url.with("database", 0).with("ssl", false)).database()).isZero();
    }

    @Test
    void aUrlWithoutPasswordKeepsThePasswordKey() {
        RedisLockSettings settings = RedisLockSettings.from(LEASE, EMPTY.with("url", "redis://h").with("password", "secret"));
        assertThat(settings.password()).contains("secret");
        assertThat(settings.port()).isEqualTo(6379);
        assertThat(RedisLockSettings.builder(LEASE).url("redis://h:7000").build().address()).isEqualTo("Redis at h:7000");
    }

    @Test
    void theBackendIsRequestedByAHostOrAUrl() {
        RedisLockBackendProvider provider = new RedisLockBackendProvider();
        assertThat(provider.requestedBy(EMPTY)).isFalse();
        assertThat(provider.requestedBy(EMPTY.with("host", " "))).isFalse();
        assertThat(provider.requestedBy(BASE)).isTrue();
        assertThat(provider.requestedBy(EMPTY.with("url", "redis://h"))).isTrue();
        assertThat(provider.requestedBy(referenceConf())).as("reference.conf alone").isFalse();
        assertThat(provider.name()).isEqualTo("redis");
    }

    @Test
    void invalidValuesAreErrorsNamingTheKey() {
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, EMPTY)).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("'kart.lock.redis.host' is empty");
        assertInvalid(BASE.with("port", 0), "kart.lock.redis.port", "from 1 to 65535");
        assertInvalid(BASE.with("database", -1), "kart.lock.redis.database", "is -1");
        assertInvalid(BASE.with("pool-size", 0), "kart.lock.redis.pool-size", "at least 1");
        assertInvalid(BASE.with("command-timeout", Duration.ZERO), "kart.lock.redis.command-timeout", "positive");
        assertInvalid(BASE.with("timeout", Duration.ZERO), "kart.lock.redis.timeout", "positive");
        // as kart.lock.ttl words it
        assertInvalid(BASE.with("timeout", Duration.ofSeconds(-5)), "kart.lock.redis.timeout",
                "is -5s, expected a positive duration such as 30s or 5m");
        assertInvalid(BASE.with("client", "lettuce"), "kart.lock.redis.client", "\"auto\", \"jedis\" or \"redisson\"");
        assertInvalid(BASE.with("safety-margin", Duration.ofSeconds(10)), "kart.lock.redis.safety-margin",
                "less than a quarter of the lease TTL");
        assertInvalid(BASE.with("safety-margin", Duration.ofSeconds(-1)), "kart.lock.redis.safety-margin",
                "is -1s, expected at least 0");
        assertInvalid(BASE.with("url", "http://h"), "kart.lock.redis.url", "scheme 'http'");
        assertInvalid(BASE.with("url", "redis://h/x"), "kart.lock.redis.url", "path '/x'");
        assertInvalid(BASE.with("client", "jedis").with("redisson-config", "/nonexistent.yaml"), "kart.lock.redis.redisson-config",
                "client is 'jedis'");
        assertInvalid(BASE.with("redisson-config", "/nonexistent.yaml"), "kart.lock.redis.redisson-config", "does not exist");
        assertThatThrownBy(() -> RedisLockSettings.builder(LEASE).port(70000).build()).isInstanceOf(KartConfigException.class)
                .as("a value given in code has no origin to name")
                .hasMessage("config key 'kart.lock.redis.port' is 70000, expected a TCP port from 1 to 65535");
    }

    @Test
    void theCommandTimeoutMustBeShorterThanTheRenewIntervalWhichIsShorterThanTheTtl() {
        // TTL 30 s: renewed every 10 s unless set
        assertInvalid(BASE.with("command-timeout", Duration.ofSeconds(10)), "kart.lock.redis.command-timeout",
                "is 10s, expected less than the renew interval (10s, a third of kart.lock.ttl = 30s)");
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE.withRenewInterval(Duration.ofSeconds(4)),
                BASE.with("command-timeout", Duration.ofSeconds(5)))).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("'kart.lock.redis.command-timeout' (set in a test) is 5s")
                .hasMessageContaining("expected less than the renew interval, kart.lock.renew-interval = 4s, so that")
                .as("the renew interval was set on its own: raising it, not the TTL, is the other way out")
                .hasMessageEndingWith("lower kart.lock.redis.command-timeout or raise kart.lock.renew-interval");
        assertInvalid(BASE.with("command-timeout", Duration.ofSeconds(10)), "kart.lock.redis.command-timeout",
                "lower kart.lock.redis.command-timeout or raise kart.lock.ttl");
        // set by hand to just what a third of the TTL would be: raising the TTL would change nothing
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE.withRenewInterval(Duration.ofSeconds(10)),
                BASE.with("command-timeout", Duration.ofSeconds(12)))).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("is 12s, expected less than the renew interval, kart.lock.renew-interval = 10s, so")
                .hasMessageEndingWith("lower kart.lock.redis.command-timeout or raise kart.lock.renew-interval");
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE.withoutRenewal(), BASE.with("command-timeout",
                Duration.ofSeconds(30)))).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("expected less than the lease TTL, kart.lock.ttl = 30s, so that");
        // a third of 100s is no whole number of milliseconds: read to its tenth of a second, not in nanoseconds
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE.withTtl(Duration.ofSeconds(100)),
                BASE.with("command-timeout", Duration.ofSeconds(40)))).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("is 40s, expected less than the renew interval (33.3s, a third of kart.lock.ttl = 100s),");
        // nor a third of 1ms
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE.withTtl(Duration.ofMillis(1)), BASE))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("expected less than the renew interval (333us, a third of kart.lock.ttl = 1ms),");
        assertThat(RedisLockSettings.from(LEASE, BASE.with("command-timeout", Duration.ofMillis(9_999))).commandTimeout())
                .isEqualTo(Duration.ofMillis(9_999));
    }

    @Test
    void aTtlSetByTheRedisTimeoutIsNamedByThatKeyInTheErrorsItCauses() {
        assertInvalid(BASE.with("timeout", Duration.ofMillis(180)), "kart.lock.redis.command-timeout",
                "(60ms, a third of kart.lock.redis.timeout = 180ms), so that a renewal is known to have failed before the"
                + " next one is due; lower kart.lock.redis.command-timeout or raise kart.lock.redis.timeout");
        assertInvalid(BASE.with("timeout", Duration.ofMillis(180)).with("command-timeout", Duration.ofMillis(20)),
                "kart.lock.redis.safety-margin", "less than a quarter of the lease TTL (kart.lock.redis.timeout = 180ms)");
    }

    @Test
    void aRedissonYamlFileStandsForTheServerKeys(@TempDir Path directory) throws Exception {
        Path yaml = Files.writeString(directory.resolve("redisson.yaml"), "singleServerConfig:\n  address: \"redis://127.0.0.1:1\"\n");
        RedisLockSettings settings = RedisLockSettings.from(LEASE, EMPTY.with("redisson-config", yaml.toString()));
        assertThat(settings.redissonConfig()).contains(yaml);
        assertThat(settings.host()).isEmpty();
        assertThat(settings.address()).contains(yaml.toAbsolutePath().toString());
    }

    @Test
    void sentinelsStandForHostAndPort() {
        MapConfigSection section = EMPTY.with("sentinel.master", "kart-primary")
                .with("sentinel.nodes", List.of("s1.internal:26379", " [::1]:26380 ")).with("sentinel.username", "sentinel-user")
                .with("sentinel.password", "sentinel-secret").with("username", "kart").with("password", "pw").with("database", 2);
        RedisLockSettings settings = RedisLockSettings.from(LEASE, section);
        RedisLockSettings.Sentinel sentinel = settings.sentinel().orElseThrow();
        assertThat(sentinel.master()).isEqualTo("kart-primary");
        assertThat(sentinel.nodes()).containsExactly("s1.internal:26379", "[::1]:26380");
        assertThat(RedisLockSettings.Sentinel.host("[::1]:26380")).isEqualTo("::1");
        assertThat(RedisLockSettings.Sentinel.port("[::1]:26380")).isEqualTo(26380);
        assertThat(sentinel.username()).contains("sentinel-user");
        assertThat(sentinel.password()).contains("sentinel-secret");
        assertThat(settings.username()).as("the primary's user").contains("kart");
        assertThat(settings.host()).isEmpty();
        assertThat(settings.address()).isEqualTo("Redis primary 'kart-primary' of sentinels s1.internal:26379,[::1]:26380 (database 2)");
        assertThat(settings.toString()).doesNotContain("sentinel-secret").doesNotContain("pw,");
        assertThat(settings).isEqualTo(RedisLockSettings.builder(LEASE).sentinel("kart-primary", List.of("s1.internal:26379",
                "[::1]:26380")).sentinelUsername("sentinel-user").sentinelPassword("sentinel-secret").username("kart")
                .password("pw").database(2).build());
        assertThat(settings.toBuilder().build()).isEqualTo(settings).hasSameHashCodeAs(settings);
        assertThat(new RedisLockBackendProvider().requestedBy(EMPTY.with("sentinel.master", "kart-primary"))).isTrue();
        assertThat(RedisLockSettings.from(LEASE, BASE).sentinel()).isEmpty();
    }

    @Test
    void invalidSentinelSettingsAreErrorsNamingTheKey() {
        MapConfigSection nodes = EMPTY.with("sentinel.nodes", List.of("s1:26379"));
        // the origin is the other key's: the one missing was set nowhere
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, nodes)).isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("config key 'kart.lock.redis.sentinel.master' is not set but"
                        + " kart.lock.redis.sentinel.nodes is (set in a test), expected ");
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, EMPTY.with("sentinel.master", "m")))
                .isInstanceOf(KartConfigException.class).hasMessageStartingWith("config key 'kart.lock.redis.sentinel.nodes'"
                        + " is empty but kart.lock.redis.sentinel.master is 'm' (set in a test), expected ");
        // set but empty: told as such, with its own origin, not as a key nobody set
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, nodes.with("sentinel.master", "")))
                .isInstanceOf(KartConfigException.class).hasMessage("config key 'kart.lock.redis.sentinel.master' (set in"
                        + " a test) is empty while kart.lock.redis.sentinel.nodes (set in a test) is not, expected the name"
                        + " the sentinels monitor the primary under (their 'sentinel monitor NAME ...' line), such as"
                        + " \"mymaster\"");
        // each bad entry with its number, as cluster.nodes gives it
        assertInvalid(nodes.with("sentinel.master", "m").with("sentinel.nodes", List.of("s1")),
                "kart.lock.redis.sentinel.nodes", "has 's1' (entry 1), which has no port, expected host:port of a sentinel");
        assertInvalid(nodes.with("sentinel.master", "m").with("sentinel.nodes", List.of("s1:26379", "s1:0")),
                "kart.lock.redis.sentinel.nodes", "has 's1:0' (entry 2), which has port 0, expected");
        // a list written over several lines: the entry's own line, not the line the list opens on
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, nodes.with("sentinel.master", "m")
                .with("sentinel.nodes", List.of("s1:26379", ":26379"))
                .withOrigin("sentinel.nodes", "s3.conf, line 3").withOrigin("sentinel.nodes[1]", "s3.conf, line 5")))
                .isInstanceOf(KartConfigException.class).hasMessageStartingWith("config key"
                        + " 'kart.lock.redis.sentinel.nodes' (s3.conf, line 5) has ':26379' (entry 2), which has no host");
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, EMPTY.with("cluster.nodes", List.of("127.0.0.1:7000", "redis-2"))
                .withOrigin("cluster.nodes", "c.conf, line 1").withOrigin("cluster.nodes[1]", "c.conf, line 3")))
                .isInstanceOf(KartConfigException.class).hasMessageStartingWith("config key"
                        + " 'kart.lock.redis.cluster.nodes' (c.conf, line 3) has 'redis-2' (entry 2), which has no port");
        assertInvalid(nodes.with("sentinel.master", "m").with("sentinel.nodes", List.of("s1:26379", "s2:26379", "s3:+1")),
                "kart.lock.redis.sentinel.nodes", "has 's3:+1' (entry 3), which has port '+1', expected");
        assertInvalid(nodes.with("sentinel.master", "m").with("sentinel.nodes", List.of("::1:26379")),
                "kart.lock.redis.sentinel.nodes", "has '::1:26379' (entry 1), which has an IPv6 address without brackets,"
                        + " expected host:port of a sentinel, the port from 1 to 65535 (an IPv6 address in brackets");
        assertInvalid(nodes.with("sentinel.master", "m").with("sentinel.nodes", List.of(":26379")),
                "kart.lock.redis.sentinel.nodes", "has ':26379' (entry 1), which has no host, expected");
        assertInvalid(nodes.with("sentinel.master", "m").with("url", "redis://h"), "kart.lock.redis.url",
                "is set together with kart.lock.redis.sentinel");
        assertInvalid(nodes.with("sentinel.master", "m").with("host", "h"), "kart.lock.redis.host",
                "is 'h' together with kart.lock.redis.sentinel");
    }

    @Test
    void thePasswordIsNeverShown() {
        RedisLockSettings settings = RedisLockSettings.from(LEASE, BASE.with("password", "hunter2-secret"));
        assertThat(settings.toString()).doesNotContain("hunter2-secret").contains("***");
        assertThat(settings.address()).doesNotContain("hunter2-secret");
    }

    @Test
    void aCopyThroughTheBuilderIsEqualAndAChangeIsNot() {
        RedisLockSettings settings = RedisLockSettings.from(LEASE, BASE.with("password", "pw"));
        assertThat(settings.toBuilder().build()).isEqualTo(settings).hasSameHashCodeAs(settings);
        assertThat(settings.toBuilder().poolSize(3).build()).isNotEqualTo(settings);
    }

    @Test
    void clientNamesAndArtifacts() {
        assertThat(Client.named(" Redisson ")).isEqualTo(Client.REDISSON);
        assertThat(Client.JEDIS.artifact()).contains("dev.kart:kart-lock-redis-jedis");
        assertThat(Client.REDISSON.artifact()).contains("dev.kart:kart-lock-redis-redisson");
        assertThat(Client.AUTO.artifact()).isEmpty();
    }

    /** This module's reference.conf, parsed as a file (not the merged class path), environment left out. */
    private static MapConfigSection referenceConf() {
        Config reference = ConfigFactory.parseFile(Path.of("src/main/resources/reference.conf").toFile())
                .resolve(ConfigResolveOptions.noSystem()).getConfig("kart.lock.redis");
        MapConfigSection section = EMPTY;
        for (var entry : reference.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue().valueType() == ConfigValueType.STRING && looksLikeDuration(reference.getString(key))
                    ? reference.getDuration(key) : entry.getValue().unwrapped();
            section = section.with(key, value);
        }
        return section;
    }

    private static boolean looksLikeDuration(String text) {
        return text.matches("\\d+\\s*(ms|s|m|h|d)");
    }

    /** A url pasted where host:port is expected is told as one, not as an IPv6 address without brackets. */
    @Test
    void aUrlInANodeListIsToldAsAUrl() {
        assertInvalid(EMPTY.with("sentinel.master", "m").with("sentinel.nodes", List.of("redis://127.0.0.1:6790")),
                "kart.lock.redis.sentinel.nodes", "has 'redis://127.0.0.1:6790' (entry 1), which is a URL; give host:port,"
                        + " without redis://, expected host:port of a sentinel");
        assertInvalid(EMPTY.with("cluster.nodes", List.of("127.0.0.1:7000", "rediss://127.0.0.1:7001")),
                "kart.lock.redis.cluster.nodes", "has 'rediss://127.0.0.1:7001' (entry 2), which is a URL; give host:port,"
                        + " without rediss://, expected \"host:port\" seed nodes");
    }

    /** The error names the key and where its value was set (MapConfigSection says "set in a test"). */
    private static void assertInvalid(MapConfigSection settings, String key, String expected) {
        assertThatThrownBy(() -> RedisLockSettings.from(LEASE, settings)).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("config key '" + key + "' (set in a test) ").hasMessageContaining(expected);
    }

    /** A section that answers as another, for a test to override one answer. */
    private static class ForwardingSection implements ConfigSection {
        private final ConfigSection delegate;

        ForwardingSection(ConfigSection delegate) {
            this.delegate = delegate;
        }

        @Override
        public String path() {
            return delegate.path();
        }

        @Override
        public boolean has(String key) {
            return delegate.has(key);
        }

        @Override
        public String getString(String key) {
            return delegate.getString(key);
        }

        @Override
        public int getInt(String key) {
            return delegate.getInt(key);
        }

        @Override
        public boolean getBoolean(String key) {
            return delegate.getBoolean(key);
        }

        @Override
        public Duration getDuration(String key) {
            return delegate.getDuration(key);
        }

        @Override
        public List<String> getStringList(String key) {
            return delegate.getStringList(key);
        }

        @Override
        public ConfigSection getSection(String key) {
            return delegate.getSection(key);
        }

        @Override
        public String origin(String key) {
            return delegate.origin(key);
        }

        @Override
        public boolean isDefault(String key) {
            return delegate.isDefault(key);
        }
    }
}
