package dev.kart.lock.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.LockScripts;
import dev.kart.test.support.redis.LocalRedisSentinel;
import dev.kart.test.support.redis.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.providers.SentineledConnectionProvider;

/**
 * An application's Jedis {@code RedisSentinelClient} held in the moment of a failover when Jedis names the new primary
 * and its pool still goes to the old one (7.4.1's {@code initMaster} sets the one before the other): the raise of the
 * fencing counter meant for the new primary goes to the old one, and the new primary, whose counter lags the old one's
 * last grants (they never reached it), hands out the next token. kart sees from the grant's token that the raise
 * missed its counter, undoes the grant, raises the counter on the new primary and acquires again: no token is handed
 * out twice. (A CI run of JedisSentinelFailoverTest handed out two tokens twice through this moment, with kart's own
 * client; that client now sends each command to the primary named when it is sent: CurrentPrimaryConnectionsTest.)
 */
class JedisFailoverWindowTest {
    @RegisterExtension
    static final RedisServerExtension NEW_PRIMARY = RedisServerExtension.controllable();

    /**
     * Jedis's provider, its primary set by the test: every command goes to the pool of the primary named, but for one
     * raise of the fencing counter after {@link #failOverTo}, which goes to the old primary's pool.
     */
    private static final class HeldInTheWindow extends SentineledConnectionProvider {
        private final AtomicReference<HostAndPort> named;
        private final JedisClientConfig config;
        private ConnectionPool namedPool;
        private ConnectionPool oldPool;
        private final AtomicBoolean raiseGoesToOld = new AtomicBoolean();
        private final AtomicBoolean raiseWentToOld = new AtomicBoolean();

        HeldInTheWindow(LocalRedisSentinel deployment, JedisClientConfig config) {
            super(deployment.masterName(), config, new ConnectionPoolConfig(), sentinels(deployment),
                    DefaultJedisClientConfig.builder().build());
            this.config = config;
            HostAndPort first = new HostAndPort(deployment.host(), deployment.primaryPort());
            this.named = new AtomicReference<>(first);
            this.namedPool = new ConnectionPool(first, config);
        }

        synchronized void failOverTo(HostAndPort next) {
            oldPool = namedPool;
            namedPool = new ConnectionPool(next, config);
            named.set(next);
            raiseGoesToOld.set(true);
        }

        @Override
        public HostAndPort getCurrentMaster() {
            return named.get();
        }

        @Override
        public Connection getConnection() {
            return poolNow().getResource();
        }

        @Override
        public synchronized Connection getConnection(CommandArguments args) {
            if (carries(args, LockScripts.FENCE_FLOOR.sha1()) && raiseGoesToOld.compareAndSet(true, false)) {
                raiseWentToOld.set(true);
                return oldPool.getResource();
            }
            return namedPool.getResource();
        }

        private synchronized ConnectionPool poolNow() {
            return namedPool;
        }

        @Override
        public void close() {
            super.close();
            namedPool.close();
            if (oldPool != null) {
                oldPool.close();
            }
        }

        private static boolean carries(CommandArguments args, String word) {
            return StreamSupport.stream(args.spliterator(), false)
                    .anyMatch(arg -> word.equals(new String(arg.getRaw(), StandardCharsets.UTF_8)));
        }

        private static Set<HostAndPort> sentinels(LocalRedisSentinel deployment) {
            Set<HostAndPort> sentinels = new LinkedHashSet<>();
            deployment.sentinelNodes().forEach(node -> sentinels.add(HostAndPort.from(node)));
            return sentinels;
        }
    }

    @Test
    void aGrantFromACounterWhoseRaiseWentToTheOldPrimaryIsUndoneAndTakenAgainAboveEveryEarlierToken() {
        String prefix = "window-" + UUID.randomUUID();
        LeaseSettings lease = LeaseSettings.of(prefix, Duration.ofSeconds(30), "app");
        LockKeys keys = new LockKeys(prefix);
        HostAndPort next = new HostAndPort(NEW_PRIMARY.server().host(), NEW_PRIMARY.server().port());
        try (LocalRedisSentinel deployment = LocalRedisSentinel.start(1, 1);
                HeldInTheWindow provider = new HeldInTheWindow(deployment, DefaultJedisClientConfig.builder().build());
                RedisSentinelClient client = RedisSentinelClient.builder().masterName(deployment.masterName())
                        .sentinels(HeldInTheWindow.sentinels(deployment)).connectionProvider(provider).build();
                LockBackend backend = JedisLocks.open(client, RedisLockSettings.builder(lease).build())) {
            Lease before = backend.cacheLock().tryAcquire("pkg/Before.json", LockMode.EXCLUSIVE).orElseThrow();
            // the new primary as a replica that missed the old one's last INCR: its counter one below the last token
            try (Jedis old = new Jedis(deployment.host(), deployment.primaryPort());
                    Jedis replica = new Jedis(next.getHost(), next.getPort())) {
                replica.set(keys.fence(""), Long.toString(before.fencingToken() - 1));
                replica.set(keys.epoch(""), old.get(keys.epoch("")));
            }

            provider.failOverTo(next);
            Lease after = backend.cacheLock().tryAcquire("pkg/After.json", LockMode.EXCLUSIVE).orElseThrow();

            assertThat(provider.raiseWentToOld).as("the raise meant for the new primary went to the old one").isTrue();
            assertThat(before.isHeld()).as("the lease the new primary lacks, once its leases were checked again").isFalse();
            assertThat(after.fencingToken()).as("the token of the first grant on the new primary")
                    .isGreaterThan(before.fencingToken());
            try (Jedis replica = new Jedis(next.getHost(), next.getPort())) {
                assertThat(replica.get(keys.cache("pkg/After.json"))).as("the new primary's hold")
                        .startsWith(after.fencingToken() + " ");
            }
        }
    }
}
