package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.SentinelProbe;
import dev.kart.lock.redis.internal.SentinelView;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.client.RedisClient;
import org.redisson.client.RedisClientConfig;
import org.redisson.client.RedisConnection;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.client.protocol.decoder.ObjectListReplayDecoder;

/**
 * Asks sentinels over Redisson connections of its own, one per question: a RedissonClient that could not start keeps
 * the primary the sentinels named to itself, and has no client to ask. Opened for one backend's failure and closed
 * after it: one event-loop thread, one timer and one executor thread serve every question of it, and closing waits
 * until they have ended, so that an application embedding kart is left no threads of it.
 *
 * <p>Each question takes at most connect-timeout plus command-timeout to connect and log in, once the sentinel's
 * host name is resolved (on the caller's thread, by the JDK's resolver, which the system's resolver settings bound),
 * and a command-timeout for each of its one or two commands.
 */
final class RedissonSentinelProbe implements SentinelProbe, AutoCloseable {
    /** Redisson's own command of this name decodes the address into a URI of the scheme it connects with. */
    private static final RedisCommand<List<Object>> GET_MASTER_ADDR_BY_NAME = new RedisCommand<>("SENTINEL",
            "GET-MASTER-ADDR-BY-NAME", new ObjectListReplayDecoder<>());
    /** How long closing waits for the probe's threads: they have nothing left to do. */
    private static final Duration THREADS_END = Duration.ofSeconds(2);

    private final RedisLockSettings settings;
    private final NioEventLoopGroup group;
    private final HashedWheelTimer timer;
    private final ExecutorService executor;
    /** Every thread the probe started, for closing to wait until each has ended, not only until it was told to. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** @param settings the backend's settings; only those of a Sentinel deployment are ever asked about */
    RedissonSentinelProbe(RedisLockSettings settings) {
        this.settings = settings;
        // daemon threads: one that outlives close keeps no JVM from exiting
        this.group = new NioEventLoopGroup(1, recorded("kart-sentinel-probe"));
        this.timer = new HashedWheelTimer(recorded("kart-sentinel-probe-timer"));
        this.executor = Executors.newSingleThreadExecutor(recorded("kart-sentinel-probe-executor"));
    }

    private ThreadFactory recorded(String name) {
        ThreadFactory daemons = new DefaultThreadFactory(name, true);
        return task -> {
            Thread thread = daemons.newThread(task);
            threads.add(thread);
            return thread;
        };
    }

    @Override
    public SentinelView ask(String node) {
        RedisLockSettings.Sentinel sentinel = settings.sentinel().orElseThrow();
        RedisClientConfig config = new RedisClientConfig()
                .setAddress(RedissonConfigs.sentinelAddress(settings, node))
                .setConnectTimeout(RedissonConfigs.millis(settings.connectTimeout()))
                .setCommandTimeout(RedissonConfigs.millis(settings.commandTimeout()))
                .setGroup(group)
                .setTimer(timer)
                .setExecutor(executor)
                // Redisson's default picks a DNS resolver by probing for the native epoll transport, which kart
                // does not bring; the JDK's resolver does for one question
                .setResolverGroup(DefaultAddressResolverGroup.INSTANCE);
        sentinel.username().ifPresent(config::setUsername);
        sentinel.password().ifPresent(config::setPassword);
        RedisClient client = RedisClient.create(config);
        try {
            RedisConnection connection = connect(client);
            return SentinelView.of(connection.sync(StringCodec.INSTANCE, GET_MASTER_ADDR_BY_NAME, sentinel.master()),
                    () -> masters(connection));
        } finally {
            // leaves the group, timer and executor, which it was given, to close
            client.shutdown();
        }
    }

    private static List<Map<String, String>> masters(RedisConnection connection) {
        return connection.sync(StringCodec.INSTANCE, RedisCommands.SENTINEL_MASTERS);
    }

    /** @return a connection, logged in; within connect-timeout plus command-timeout, a name's lookup included */
    private RedisConnection connect(RedisClient client) {
        Duration bound = settings.connectTimeout().plus(settings.commandTimeout());
        try {
            return client.connectAsync().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no connection to the sentinel within " + bound, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking a sentinel", e);
        }
    }

    /**
     * Ends the probe's threads and waits until each has ended, up to {@link #THREADS_END} in all: no quiet period,
     * nothing is left to run.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + THREADS_END.toNanos();
        group.shutdownGracefully(0, THREADS_END.toMillis(), TimeUnit.MILLISECONDS);
        executor.shutdownNow();
        timer.stop();
        try {
            for (Thread thread : threads) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
