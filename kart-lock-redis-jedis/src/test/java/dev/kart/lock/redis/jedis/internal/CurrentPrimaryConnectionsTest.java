package dev.kart.lock.redis.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.RedisFailures;
import dev.kart.test.support.redis.LocalRedisSentinel;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.SentineledConnectionProvider;

/**
 * The Jedis binding's connections to a Sentinel deployment, against two real redis-servers standing for the primary
 * before a failover and the one after: every command goes to the server named as the primary when it is sent, from
 * the first command after the name changes (Jedis's own provider names the new primary before it swaps its pool, and
 * sent a fencing counter's raise meant for the new primary to the old one), and the old primary's connections are
 * closed as they come back; commands of several threads across failovers all go through, a borrow that meets a pool
 * just closed borrowing again; kart's own client of a Sentinel deployment borrows from these, never from Jedis's pool. The
 * failover itself: JedisSentinelFailoverTest.
 */
class CurrentPrimaryConnectionsTest {
    @RegisterExtension
    static final RedisServerExtension BEFORE = RedisServerExtension.controllable();
    @RegisterExtension
    static final RedisServerExtension AFTER = RedisServerExtension.controllable();

    private final AtomicReference<HostAndPort> named = new AtomicReference<>();
    private final AtomicBoolean sentinelsClosed = new AtomicBoolean();
    private CurrentPrimaryConnections connections;
    private UnifiedJedis client;
    private String key;

    @BeforeEach
    void open() {
        named.set(address(BEFORE.server()));
        connections = new CurrentPrimaryConnections(named::get, () -> sentinelsClosed.set(true),
                DefaultJedisClientConfig.builder().clientName("kart-test-primary").build(), new ConnectionPoolConfig());
        client = new UnifiedJedis(connections);
        key = "primary-" + UUID.randomUUID();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void theFirstCommandAfterThePrimaryIsRenamedGoesToTheNewPrimary() {
        client.set(key, "before");
        named.set(address(AFTER.server()));
        client.set(key, "after");

        assertThat(valueOn(BEFORE.server())).as("the value on the primary before the failover").isEqualTo("before");
        assertThat(valueOn(AFTER.server())).as("the value on the primary after it").isEqualTo("after");
        assertThat(connections.getConnectionMap()).containsOnlyKeys(address(AFTER.server()));
    }

    @Test
    void aConnectionToTheOldPrimaryBorrowedAcrossTheChangeIsClosedWhenItComesBack() {
        Connection inFlight = connections.getConnection();
        inFlight.ping();
        assertThat(kartClientsOn(BEFORE.server(), 1)).isEqualTo(1);

        named.set(address(AFTER.server()));
        client.set(key, "after");
        inFlight.close();

        assertThat(kartClientsOn(BEFORE.server(), 0)).as("kart's connections left open to the old primary").isZero();
        assertThat(kartClientsOn(AFTER.server(), 1)).isEqualTo(1);
        assertThat(valueOn(BEFORE.server())).isNull();
    }

    @Test
    void closingClosesThePoolAndStopsFollowingTheSentinels() {
        client.set(key, "x");
        client.close();

        assertThat(sentinelsClosed).isTrue();
        assertThat(kartClientsOn(BEFORE.server(), 0)).isZero();
    }

    @Test
    void commandsOfSeveralThreadsAcrossFailoversAllGoThrough() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        AtomicBoolean failingOver = new AtomicBoolean(true);
        try {
            List<Future<Integer>> senders = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                String own = key + ":" + thread;
                senders.add(threads.submit(() -> {
                    int sent = 0;
                    while (failingOver.get() || sent < 100) {
                        client.incr(own);
                        sent++;
                    }
                    return sent;
                }));
            }
            for (int failover = 0; failover < 6; failover++) {
                Thread.sleep(50);
                named.set(address(failover % 2 == 0 ? AFTER.server() : BEFORE.server()));
            }
            failingOver.set(false);
            for (int thread = 0; thread < senders.size(); thread++) {
                int sent = senders.get(thread).get(30, TimeUnit.SECONDS);
                long landed = countOn(BEFORE.server(), key + ":" + thread) + countOn(AFTER.server(), key + ":" + thread);
                assertThat(landed).as("the commands of thread %d that landed on either server", thread).isEqualTo(sent);
            }
        } finally {
            failingOver.set(false);
            threads.shutdownNow();
        }
    }

    @Test
    void kartsOwnSentinelClientSendsNoCommandThroughJedissPool() {
        try (LocalRedisSentinel deployment = LocalRedisSentinel.start(1, 1)) {
            Set<HostAndPort> sentinels = new LinkedHashSet<>();
            deployment.sentinelNodes().forEach(node -> sentinels.add(HostAndPort.from(node)));
            SentineledConnectionProvider jedisPool = new SentineledConnectionProvider(deployment.masterName(),
                    DefaultJedisClientConfig.builder().build(), new ConnectionPoolConfig(), sentinels,
                    DefaultJedisClientConfig.builder().build()) {
                @Override
                public Connection getConnection() {
                    throw new AssertionError("a command borrowed from Jedis's pool, which moves a moment after the primary");
                }

                @Override
                public Connection getConnection(CommandArguments args) {
                    return getConnection();
                }
            };
            RedisLockSettings settings = RedisLockSettings.builder(LeaseSettings.of(key, Duration.ofSeconds(30), "test"))
                    .build();
            try (JedisConnections sentinelClient = JedisConnections.followingSentinels(jedisPool,
                    DefaultJedisClientConfig.builder().build(), new ConnectionPoolConfig(),
                    RedisFailures.ownClient(JedisBinding.NAME, settings))) {
                String reply = sentinelClient.call("setting", key, redis -> redis.set(key, "through the sentinels"));
                assertThat(reply).isEqualTo("OK");
                assertThat(sentinelClient.primary()).contains(deployment.host() + ":" + deployment.primaryPort());
            }
        }
    }

    private static HostAndPort address(TestRedis redis) {
        return new HostAndPort(redis.host(), redis.port());
    }

    private static long countOn(TestRedis redis, String counter) {
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            String value = jedis.get(counter);
            return value == null ? 0 : Long.parseLong(value);
        }
    }

    private String valueOn(TestRedis redis) {
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            return jedis.get(key);
        }
    }

    /**
     * @return kart's connections open to the server, read until they are as many as {@code expected} or 5 s passed:
     *     a connection the client closed may be listed a moment longer
     */
    private static long kartClientsOn(TestRedis redis, long expected) {
        long count = -1;
        for (int read = 0; read < 100 && count != expected; read++) {
            if (read > 0) {
                sleepBriefly();
            }
            count = redis.clients().stream().filter(line -> line.contains("name=kart-test-primary")).count();
        }
        return count;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
