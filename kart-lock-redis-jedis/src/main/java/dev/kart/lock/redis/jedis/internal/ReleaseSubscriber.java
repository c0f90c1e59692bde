package dev.kart.lock.redis.jedis.internal;

import dev.kart.lock.redis.internal.ReleaseNotifications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The release notifications of one Jedis backend: one subscriber connection, opened when the first
 * waiter needs it, carrying the channels of every key some local waiter waits for (a lock key's
 * channel is the key itself; release.lua publishes on it). Notifications only speed waiters up:
 * each waiter also asks Redis again at least every fallback poll, so a lost notification or a
 * subscriber connection that broke costs latency, never correctness. When the connection breaks,
 * every listener is woken so it asks Redis at once. Thread-safe.
 */
final class ReleaseSubscriber implements ReleaseNotifications, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseSubscriber.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final JedisConnections connections;
    private final String idleChannel;
    private final Duration connectWait;
    private final Map<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> unconfirmed = new ConcurrentHashMap<>();
    /** Orders subscribe and unsubscribe decisions and the writes on the subscriber connection. */
    private final ReentrantLock commands = new ReentrantLock();
    private volatile Subscription current;
    private volatile boolean closed;

    /**
     * @param connections where the subscriber connects
     * @param idleChannel a channel nothing publishes to, subscribed first, so the connection stays
     *     open while no one waits
     * @param connectWait how long a first waiter waits for the subscriber connection to come up
     */
    ReleaseSubscriber(JedisConnections connections, String idleChannel, Duration connectWait) {
        this.connections = connections;
        this.idleChannel = idleChannel;
        this.connectWait = connectWait;
    }

    /**
     * Starts telling {@code listener} about releases of {@code channel}, connecting the subscriber
     * first when it is not up (waiting at most the connect wait).
     *
     * @param channel a lock key
     * @param listener the listener
     * @return a stage completed once notifications for the channel flow; completed at once when the
     *     subscriber cannot connect (the caller's fallback poll then does the work)
     */
    @Override
    public CompletionStage<Void> listen(String channel, Listener listener) {
        commands.lock();
        try {
            Set<Listener> set = listeners.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet());
            boolean first = set.isEmpty();
            set.add(listener);
            if (!first || closed) {
                return unconfirmed.getOrDefault(channel, DONE);
            }
            Subscription before = current;
            Subscription subscription = connected();
            if (subscription == null || subscription != before) {
                // unreachable (polling does the work), or just started with this channel among its
                // first SUBSCRIBE, which the server had executed whole when it confirmed the first channel
                return DONE;
            }
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            unconfirmed.put(channel, confirmed);
            try {
                subscription.pubSub.subscribe(channel);
            } catch (JedisException | IllegalStateException e) {
                unconfirmed.remove(channel, confirmed);
                return DONE;
            }
            return confirmed;
        } finally {
            commands.unlock();
        }
    }

    /**
     * Stops telling {@code listener} about {@code channel}; unsubscribes when no one else listens.
     *
     * @param channel the lock key
     * @param listener the listener
     */
    @Override
    public void unlisten(String channel, Listener listener) {
        commands.lock();
        try {
            Set<Listener> set = listeners.get(channel);
            if (set == null || !set.remove(listener) || !set.isEmpty()) {
                return;
            }
            listeners.remove(channel);
            CompletableFuture<Void> pending = unconfirmed.remove(channel);
            if (pending != null) {
                pending.complete(null);
            }
            Subscription subscription = current;
            if (subscription != null && subscription.alive) {
                try {
                    subscription.pubSub.unsubscribe(channel);
                } catch (JedisException | IllegalStateException e) {
                    // the connection broke; its loss is handled by the subscriber thread
                }
            }
        } finally {
            commands.unlock();
        }
    }

    /** Closes the subscriber connection; waiters fall back to polling until they give up. */
    @Override
    public void close() {
        commands.lock();
        try {
            closed = true;
            Subscription subscription = current;
            current = null;
            if (subscription != null) {
                subscription.shutdown();
            }
        } finally {
            commands.unlock();
        }
        wakeEveryone();
    }

    /** Returns a live subscription, starting one when there is none; null when Redis cannot be reached. */
    private Subscription connected() {
        Subscription subscription = current;
        if (subscription != null && subscription.alive) {
            return subscription;
        }
        List<String> channels = new ArrayList<>();
        channels.add(idleChannel);
        channels.addAll(listeners.keySet());
        Subscription started = new Subscription(channels);
        try {
            if (started.up.await(connectWait.toMillis(), TimeUnit.MILLISECONDS) && started.alive) {
                current = started;
                return started;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started.shutdown();
        return null;
    }

    private void wakeEveryone() {
        unconfirmed.values().forEach(future -> future.complete(null));
        listeners.values().forEach(set -> set.forEach(Listener::released));
    }

    /** One subscriber connection and the thread reading it. */
    private final class Subscription {
        private final CountDownLatch up = new CountDownLatch(1);
        private final JedisPubSub pubSub = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int subscribedChannels) {
                if (!alive) {
                    // shut down while connecting: an application's connection, which shutdown()
                    // cannot close, goes back to its pool once unsubscribed
                    unsubscribe();
                    return;
                }
                if (channel.equals(idleChannel)) {
                    up.countDown();
                }
                CompletableFuture<Void> pending = unconfirmed.remove(channel);
                if (pending != null) {
                    pending.complete(null);
                }
            }

            @Override
            public void onMessage(String channel, String message) {
                Set<Listener> set = listeners.get(channel);
                if (set != null) {
                    set.forEach(Listener::released);
                }
            }
        };
        private volatile boolean alive = true;
        private volatile Connection connection;

        Subscription(List<String> channels) {
            Thread thread = new Thread(() -> run(channels.toArray(String[]::new)), "kart-redis-releases");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(String[] channels) {
            try {
                connections.subscribe(pubSub, channels, opened -> connection = opened);
            } catch (JedisException e) {
                if (!closed) {
                    LOG.debug("release subscriber of {} lost its connection: {}", connections.failures().address(),
                            connections.failures().describe(e));
                }
            } finally {
                alive = false;
                up.countDown();
                closeConnection();
                if (current == this) {
                    current = null;
                }
                wakeEveryone();
            }
        }

        void shutdown() {
            alive = false;
            try {
                if (pubSub.isSubscribed()) {
                    pubSub.unsubscribe();
                }
            } catch (JedisException | IllegalStateException e) {
                // closing the socket below ends the reader anyway
            }
            closeConnection();
        }

        private void closeConnection() {
            Connection open = connection;
            if (open != null) {
                try {
                    open.close();
                } catch (JedisException e) {
                    // already broken
                }
            }
        }
    }
}
