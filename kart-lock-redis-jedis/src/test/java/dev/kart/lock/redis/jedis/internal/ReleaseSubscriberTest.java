package dev.kart.lock.redis.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.test.support.redis.RedisServerExtension;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The Jedis binding's release notifications against a real redis-server: a listener hears the
 * releases of its key once its subscription is confirmed, stops hearing them when it leaves, and is
 * woken when the subscriber connection breaks or closes, so that it asks Redis itself.
 */
class ReleaseSubscriberTest {
    private static final long HANG_GUARD_SECONDS = 30;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    private JedisConnections connections;
    private ReleaseSubscriber subscriber;
    private String prefix;

    /** Counts its wake-ups. */
    private static final class Counting implements dev.kart.lock.redis.internal.ReleaseNotifications.Listener {
        final Semaphore wakeups = new Semaphore(0);

        @Override
        public void released() {
            wakeups.release();
        }

        boolean woken() throws InterruptedException {
            return wakeups.tryAcquire(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void open() {
        prefix = "subscriber-" + UUID.randomUUID();
        RedisLockSettings settings = RedisLockSettings.builder(LeaseSettings.of(prefix, Duration.ofSeconds(30), "test"))
                .host(REDIS.server().host()).port(REDIS.server().port()).build();
        connections = JedisConnections.own(settings);
        subscriber = new ReleaseSubscriber(connections, prefix + ":subscriber", Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        subscriber.close();
        connections.close();
    }

    @Test
    void aListenerHearsTheReleasesOfItsKeyOnceSubscribed() throws Exception {
        String key = prefix + ":run:a";
        Counting listener = new Counting();
        subscriber.listen(key, listener).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        publish(key);
        assertThat(listener.woken()).isTrue();

        String other = prefix + ":run:b";
        Counting second = new Counting();
        subscriber.listen(other, second).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        publish(other);
        assertThat(second.woken()).as("a channel added to the running subscription").isTrue();
        assertThat(listener.wakeups.availablePermits()).as("the first listener heard nothing of the other key").isZero();
    }

    @Test
    void aListenerThatLeftHearsNothingWhileAnotherOfTheKeyStillDoes() throws Exception {
        String key = prefix + ":run:a";
        Counting leaving = new Counting();
        Counting staying = new Counting();
        subscriber.listen(key, leaving).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        subscriber.listen(key, staying).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        subscriber.unlisten(key, leaving);
        publish(key);
        assertThat(staying.woken()).isTrue();
        assertThat(leaving.wakeups.availablePermits()).isZero();
    }

    @Test
    void aBrokenSubscriberConnectionWakesEveryListenerAndTheNextListenerReconnects() throws Exception {
        String key = prefix + ":run:a";
        Counting listener = new Counting();
        subscriber.listen(key, listener).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        try (Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            admin.clientKill(redis.clients.jedis.params.ClientKillParams.clientKillParams()
                    .type(redis.clients.jedis.args.ClientType.PUBSUB));
        }
        assertThat(listener.woken()).as("woken by the broken connection").isTrue();

        String next = prefix + ":run:b";
        Counting later = new Counting();
        subscriber.listen(next, later).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        publish(next);
        assertThat(later.woken()).as("notified over a new connection").isTrue();
    }

    @Test
    void closingWakesEveryListener() throws Exception {
        Counting listener = new Counting();
        subscriber.listen(prefix + ":run:a", listener).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        subscriber.close();
        assertThat(listener.woken()).isTrue();
    }

    private static void publish(String channel) {
        try (Jedis jedis = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            jedis.publish(channel, "released");
        }
    }
}
