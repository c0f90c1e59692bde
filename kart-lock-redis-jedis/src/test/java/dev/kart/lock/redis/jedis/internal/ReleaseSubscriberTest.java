package dev.kart.lock.redis.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.DaemonThreads;
import dev.kart.test.support.redis.RedisRelay;
import dev.kart.test.support.redis.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
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
 * woken when the subscriber connection breaks or closes, so that it asks Redis itself. A subscriber
 * connection that hangs (behind a {@link RedisRelay} holding new connections) holds no listener up,
 * serves once it comes up, is given up after the connect wait, and is closed with the subscriber.
 */
class ReleaseSubscriberTest {
    private static final long HANG_GUARD_SECONDS = 30;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    private JedisConnections connections;
    private ScheduledExecutorService timers;
    private ReleaseSubscriber subscriber;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private String prefix;

    /** Counts the releases it heard and the losses of its notifications, apart. */
    private static final class Counting implements dev.kart.lock.redis.internal.ReleaseNotifications.Listener {
        final Semaphore releases = new Semaphore(0);
        final Semaphore losses = new Semaphore(0);

        @Override
        public void released() {
            releases.release();
        }

        @Override
        public void notificationsLost() {
            losses.release();
        }

        boolean woken() throws InterruptedException {
            return releases.tryAcquire(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        }

        /** Told its notifications were lost, and told of no release meanwhile. */
        boolean toldOfALoss() throws InterruptedException {
            return losses.tryAcquire(HANG_GUARD_SECONDS, TimeUnit.SECONDS) && releases.availablePermits() == 0;
        }
    }

    @BeforeEach
    void open() {
        prefix = "subscriber-" + UUID.randomUUID();
        RedisLockSettings settings = RedisLockSettings.builder(LeaseSettings.of(prefix, Duration.ofSeconds(30), "test"))
                .host(REDIS.server().host()).port(REDIS.server().port()).build();
        connections = JedisConnections.own(settings);
        timers = DaemonThreads.scheduler("subscriber-test-timer", 1);
        subscriber = new ReleaseSubscriber(connections, prefix + ":subscriber", Duration.ofSeconds(10), timers);
    }

    @AfterEach
    void close() throws Exception {
        // subscribers before their connections
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        subscriber.close();
        connections.close();
        timers.shutdownNow();
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
        assertThat(listener.releases.availablePermits()).as("the first listener heard nothing of the other key").isZero();
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
        assertThat(leaving.releases.availablePermits()).isZero();
    }

    @Test
    void aBrokenSubscriberConnectionTellsEveryListenerAndTheNextListenerReconnects() throws Exception {
        String key = prefix + ":run:a";
        Counting listener = new Counting();
        subscriber.listen(key, listener).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        try (Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            admin.clientKill(redis.clients.jedis.params.ClientKillParams.clientKillParams()
                    .type(redis.clients.jedis.args.ClientType.PUBSUB));
        }
        assertThat(listener.toldOfALoss()).as("told of the broken connection, not of a release").isTrue();

        String next = prefix + ":run:b";
        Counting later = new Counting();
        subscriber.listen(next, later).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        publish(next);
        assertThat(later.woken()).as("notified over a new connection").isTrue();
    }

    @Test
    void closingTellsEveryListenerItsNotificationsAreLost() throws Exception {
        Counting listener = new Counting();
        subscriber.listen(prefix + ":run:a", listener).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        subscriber.close();
        assertThat(listener.toldOfALoss()).isTrue();
    }

    @Test
    void listeningNeverWaitsForASubscriberConnectionThatHangsAndTheConnectionServesOnceItComesUp() throws Exception {
        try (RedisRelay relay = RedisRelay.start(REDIS.server())) {
            // a connect wait longer than the test: the connection is not given up meanwhile
            ReleaseSubscriber behind = behind(relay, Duration.ofSeconds(HANG_GUARD_SECONDS * 4));
            relay.holdNewConnections();
            String key = prefix + ":run:a";
            Counting listener = new Counting();
            CompletableFuture<Void> subscribed = behind.listen(key, listener).toCompletableFuture();
            // nor is a listener of another key, on another thread, held up behind the first
            String other = prefix + ":run:b";
            Counting second = new Counting();
            CompletableFuture<Void> otherSubscribed = CompletableFuture.supplyAsync(
                    () -> behind.listen(other, second).toCompletableFuture()).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(subscribed).as("subscribed while the connection hangs").isNotDone();
            assertThat(otherSubscribed).as("subscribed while the connection hangs").isNotDone();

            relay.passNewConnections();
            subscribed.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            otherSubscribed.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            publish(key);
            assertThat(listener.woken()).as("notified over the connection that came up late").isTrue();
            publish(other);
            assertThat(second.woken()).as("a channel listened to while connecting").isTrue();
        }
    }

    @Test
    void aSubscriberConnectionNotUpWithinTheConnectWaitIsGivenUpAndTheNextListenConnectsAgain() throws Exception {
        try (RedisRelay relay = RedisRelay.start(REDIS.server())) {
            ReleaseSubscriber behind = behind(relay, Duration.ofSeconds(1));
            relay.holdNewConnections();
            String key = prefix + ":run:a";
            Counting listener = new Counting();
            CompletableFuture<Void> subscribed = behind.listen(key, listener).toCompletableFuture();
            subscribed.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(listener.toldOfALoss()).as("told the connection was given up, to poll").isTrue();
            awaitSubscriberThreads(0);

            relay.passNewConnections();
            String other = prefix + ":run:b";
            Counting later = new Counting();
            behind.listen(other, later).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            publish(other);
            assertThat(later.woken()).as("notified over a new connection").isTrue();
        }
    }

    @Test
    void closingTheSubscriberWhileItsConnectionHangsClosesTheConnectionAndEndsItsThread() throws Exception {
        try (RedisRelay relay = RedisRelay.start(REDIS.server())) {
            ReleaseSubscriber behind = behind(relay, Duration.ofSeconds(HANG_GUARD_SECONDS * 4));
            relay.holdNewConnections();
            Counting listener = new Counting();
            CompletableFuture<Void> subscribed = behind.listen(prefix + ":run:a", listener).toCompletableFuture();
            behind.close();
            subscribed.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(listener.toldOfALoss()).isTrue();
            awaitSubscriberThreads(0);
            relay.passNewConnections();
            // what the closed connection had sent reaches Redis now, and the connection ends there too
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
            while (REDIS.server().clients().stream().anyMatch(client -> client.contains(" flags=P "))) {
                assertThat(System.nanoTime() < deadline).as("subscribers left: %s", REDIS.server().clients()).isTrue();
                Thread.sleep(20);
            }
        }
    }

    /** A subscriber whose connections go through the relay; closed after the test. */
    private ReleaseSubscriber behind(RedisRelay relay, Duration connectWait) {
        RedisLockSettings settings = RedisLockSettings.builder(LeaseSettings.of(prefix, Duration.ofSeconds(30), "test"))
                .host(relay.host()).port(relay.port()).build();
        JedisConnections relayed = JedisConnections.own(settings);
        ReleaseSubscriber subscriber = new ReleaseSubscriber(relayed, prefix + ":subscriber", connectWait, timers);
        toClose.add(relayed);
        toClose.add(subscriber);
        return subscriber;
    }

    private static void awaitSubscriberThreads(long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        while (subscriberThreads() > count) {
            assertThat(System.nanoTime() < deadline).as("subscriber threads within %d s", HANG_GUARD_SECONDS).isTrue();
            Thread.sleep(20);
        }
    }

    private static long subscriberThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().equals("kart-redis-releases")).count();
    }

    private static void publish(String channel) {
        try (Jedis jedis = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            jedis.publish(channel, "released");
        }
    }
}
