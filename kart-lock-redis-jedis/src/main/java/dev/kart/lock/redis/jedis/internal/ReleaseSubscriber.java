package dev.kart.lock.redis.jedis.internal;

import dev.kart.internal.text.DurationText;
import dev.kart.lock.redis.internal.ReleaseNotifications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
 * every listener is told its notifications were lost, so it asks Redis at once (a loss is no release).
 *
 * <p>The connection is opened on its own thread, never on a waiter's and never under the lock that
 * orders the subscribe commands: a Redis that does not answer costs a waiter nothing but the
 * notifications it would have had, and other waiters are not held up behind it. At most one
 * connection is open or being opened at a time; one that is not up within the connect wait is closed,
 * and one that comes up after every waiter left is kept for the next (the idle channel holds it
 * open) or, once the subscriber is closed, closed at once. Thread-safe.
 */
final class ReleaseSubscriber implements ReleaseNotifications, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseSubscriber.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final JedisConnections connections;
    private final String idleChannel;
    private final Duration connectWait;
    private final ScheduledExecutorService timers;
    private final Map<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> unconfirmed = new ConcurrentHashMap<>();
    /**
     * Orders subscribe and unsubscribe decisions, the writes on the subscriber connection and the
     * changes of {@link #current}; never held while connecting or reading.
     */
    private final ReentrantLock commands = new ReentrantLock();
    /** The subscription being opened or up; null when there is none. Changed under {@link #commands}. */
    private volatile Subscription current;
    private volatile boolean closed;

    /**
     * @param connections where the subscriber connects
     * @param idleChannel a channel nothing publishes to, subscribed first, so the connection stays
     *     open while no one waits
     * @param connectWait how long a subscriber connection may take to come up before it is closed
     * @param timers where the end of the connect wait is scheduled
     */
    ReleaseSubscriber(JedisConnections connections, String idleChannel, Duration connectWait, ScheduledExecutorService timers) {
        this.connections = connections;
        this.idleChannel = idleChannel;
        this.connectWait = connectWait;
        this.timers = timers;
    }

    /**
     * Starts telling {@code listener} about releases of {@code channel}, starting the subscriber
     * connection on its own thread when none is up or being opened. Never waits for Redis.
     *
     * @param channel a lock key
     * @param listener the listener
     * @return a stage completed once notifications for the channel flow, or once it is clear they
     *     will not (the subscriber could not connect, broke or closed: the caller's fallback poll then
     *     does the work); never completed exceptionally
     */
    @Override
    public CompletionStage<Void> listen(String channel, Listener listener) {
        commands.lock();
        try {
            Set<Listener> set = listeners.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet());
            boolean first = set.isEmpty();
            set.add(listener);
            if (closed) {
                return DONE;
            }
            if (!first) {
                return unconfirmed.getOrDefault(channel, DONE);
            }
            Subscription subscription = current;
            if (subscription != null && !subscription.alive) {
                // given up and not ended yet: its end wakes this listener, and the next listen reconnects
                return DONE;
            }
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            unconfirmed.put(channel, confirmed);
            if (subscription == null) {
                current = start();
            } else if (subscription.up) {
                try {
                    subscription.pubSub.subscribe(channel);
                } catch (JedisException | IllegalStateException e) {
                    // the connection broke: its thread wakes every listener as it ends
                    unconfirmed.remove(channel, confirmed);
                    return DONE;
                }
            }
            // else being opened: subscribed with the channels that came meanwhile once it is up
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
            if (subscription != null && subscription.up && subscription.alive) {
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

    /**
     * Closes the subscriber connection, also one still being opened (it is closed as soon as it is
     * open); waiters fall back to polling until they give up.
     */
    @Override
    public void close() {
        commands.lock();
        try {
            closed = true;
            Subscription subscription = current;
            if (subscription != null) {
                subscription.shutdown();
            }
        } finally {
            commands.unlock();
        }
        wakeEveryone();
    }

    /** Starts a subscription with the idle channel and every channel listened to; called under the lock. */
    private Subscription start() {
        Set<String> channels = new LinkedHashSet<>();
        channels.add(idleChannel);
        channels.addAll(listeners.keySet());
        Subscription started = new Subscription(channels);
        try {
            timers.schedule(started::giveUpUnlessUp, connectWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the backend is closing: close() shuts the subscription down
        }
        started.thread.start();
        return started;
    }

    private void wakeEveryone() {
        unconfirmed.values().forEach(future -> future.complete(null));
        listeners.values().forEach(set -> set.forEach(Listener::notificationsLost));
    }

    /** One subscriber connection and the thread that opens and reads it. */
    private final class Subscription {
        private final Set<String> firstChannels;
        private final Thread thread;
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
                    cameUp();
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
        /** Whether the server confirmed the idle channel; set under the lock. */
        private volatile boolean up;
        private volatile boolean alive = true;
        private volatile Connection connection;

        Subscription(Set<String> channels) {
            this.firstChannels = channels;
            this.thread = new Thread(() -> run(channels.toArray(String[]::new)), "kart-redis-releases");
            thread.setDaemon(true);
        }

        private void run(String[] channels) {
            try {
                connections.subscribe(pubSub, channels, this::opened);
            } catch (JedisException e) {
                if (alive && !closed) {
                    LOG.debug("release subscriber of {} lost its connection: {}", connections.failures().address(),
                            connections.failures().describe(e));
                }
            } finally {
                alive = false;
                closeConnection();
                commands.lock();
                try {
                    if (current == this) {
                        current = null;
                    }
                } finally {
                    commands.unlock();
                }
                wakeEveryone();
            }
        }

        /** Told the new connection before anything is sent on it; closes one that arrives too late. */
        private void opened(Connection opened) {
            connection = opened;
            // read after the write above, as shutdown() reads the connection after clearing alive:
            // one of the two sees the other and closes it
            if (!alive) {
                closeConnection();
            }
        }

        /** On the reader thread, once the server confirmed the idle channel. */
        private void cameUp() {
            commands.lock();
            try {
                if (!alive) {
                    return;
                }
                up = true;
                // channels listened to while connecting, and first channels no one listens to any more
                List<String> added = new ArrayList<>();
                for (String channel : listeners.keySet()) {
                    if (!firstChannels.contains(channel)) {
                        added.add(channel);
                    }
                }
                Set<String> left = new HashSet<>(firstChannels);
                left.remove(idleChannel);
                left.removeAll(listeners.keySet());
                if (!added.isEmpty()) {
                    pubSub.subscribe(added.toArray(String[]::new));
                }
                if (!left.isEmpty()) {
                    pubSub.unsubscribe(left.toArray(String[]::new));
                }
            } catch (JedisException | IllegalStateException e) {
                // the connection broke; the reader fails next and wakes every listener
            } finally {
                commands.unlock();
            }
        }

        /** At the end of the connect wait: a connection not up by now is closed, and its waiters poll. */
        private void giveUpUnlessUp() {
            if (up || !alive) {
                return;
            }
            commands.lock();
            try {
                if (up || !alive) {
                    return;
                }
                LOG.debug("release subscriber of {} did not come up within {}; waiters poll",
                        connections.failures().address(), DurationText.configValue(connectWait));
                shutdown();
            } finally {
                commands.unlock();
            }
            wakeEveryone();
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
