package dev.kart.lock.redis.redisson.internal;

import dev.kart.config.KartConfigException;
import dev.kart.internal.text.DurationText;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.RedisFailures;
import java.io.IOException;
import java.time.Duration;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.ShardedSubscriptionMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.SubscriptionMode;

/**
 * Builds the Redisson configuration of a backend: from the Redisson YAML file when given, else from
 * the kart keys: a cluster servers configuration with {@code kart.lock.redis.cluster.nodes}, a sentinel
 * servers one with {@code kart.lock.redis.sentinel}, a single server one without either; those built from
 * the kart keys run one Netty event-loop thread rather than Redisson's 32, without Redisson's
 * object references.
 */
final class RedissonConfigs {
    private RedissonConfigs() {
    }

    /**
     * Checks that the application's Redisson client renews locks as the lease settings need.
     *
     * @param config the client's configuration
     * @param settings the backend's settings
     * @throws KartConfigException naming the Redisson setting to change, when the watchdog would keep
     *     run locks for another time than the lease TTL
     */
    static void requireLeaseWatchdog(Config config, RedisLockSettings settings) {
        if (!settings.lease().renews()) {
            return; // run leases are taken with a fixed lease time: the watchdog is not involved
        }
        long ttl = settings.lease().ttl().toMillis();
        long watchdog = config.getLockWatchdogTimeout();
        if (watchdog != ttl) {
            // each in the unit its own setting takes: Redisson's in milliseconds, kart's as HOCON; and the kart key
            // that set the TTL, as kart.lock.redis.timeout wins over kart.lock.ttl: changing the other would do nothing
            String ttlKey = settings.lease().ttlKey();
            throw new KartConfigException("the RedissonClient's lockWatchdogTimeout is " + watchdog + " ms but the lease"
                    + " TTL is " + settings.lease().ttlSetting() + ": Redis would keep"
                    + " locks for another time than kart counts them held. Set Config.setLockWatchdogTimeout(" + ttl
                    + ") on the client, or " + ttlKey + " = " + DurationText.configValue(Duration.ofMillis(watchdog)));
        }
    }

    /**
     * @param settings the backend's settings
     * @param failures redacts the password from a YAML parser's message
     * @return the configuration, with the lock watchdog (run locks) set to the lease TTL
     * @throws KartConfigException when the Redisson YAML file cannot be read; the message names the key
     */
    static Config of(RedisLockSettings settings, RedisFailures failures) {
        Config config;
        if (settings.redissonConfig().isPresent()) {
            try {
                config = Config.fromYAML(settings.redissonConfig().get().toFile());
            } catch (IOException | RuntimeException e) {
                throw new KartConfigException("config key 'kart.lock.redis.redisson-config' is "
                        + settings.redissonConfig().get().toAbsolutePath() + ", which is not a Redisson YAML configuration: "
                        + failures.redact(String.valueOf(e.getMessage())), e);
            }
        } else if (settings.cluster()) {
            config = new Config();
            ClusterServersConfig cluster = config.useClusterServers()
                    .setConnectTimeout(millis(settings.connectTimeout()))
                    .setTimeout(millis(settings.commandTimeout()))
                    .setMasterConnectionPoolSize(settings.poolSize())
                    .setMasterConnectionMinimumIdleSize(Math.min(2, settings.poolSize()))
                    .setSubscriptionConnectionPoolSize(Math.max(1, settings.poolSize() / 4))
                    .setSubscriptionConnectionMinimumIdleSize(1)
                    // every read from the primary that holds the key: a replica may not have a grant yet
                    .setReadMode(ReadMode.MASTER)
                    .setSubscriptionMode(SubscriptionMode.MASTER)
                    // kart listens to Redisson's unlock messages of run locks through a classic topic
                    // (RedissonReleaseNotifications); with sharded pub/sub, Redisson's default where Redis 7
                    // has it, its lock would SPUBLISH them, which a classic subscription does not hear
                    .setShardedSubscriptionMode(ShardedSubscriptionMode.OFF)
                    // fail fast like the Jedis binding: kart retries the task, not the command
                    .setRetryAttempts(0);
            settings.clusterNodes().forEach(node -> cluster.addNodeAddress((settings.ssl() ? "rediss://" : "redis://")
                    + hostForUri(node.host()) + ":" + node.port()));
            settings.username().ifPresent(cluster::setUsername);
            settings.password().ifPresent(cluster::setPassword);
        } else if (settings.sentinel().isPresent()) {
            config = new Config();
            RedisLockSettings.Sentinel sentinel = settings.sentinel().get();
            SentinelServersConfig servers = config.useSentinelServers()
                    .setMasterName(sentinel.master())
                    .setDatabase(settings.database())
                    .setConnectTimeout(millis(settings.connectTimeout()))
                    .setTimeout(millis(settings.commandTimeout()))
                    // every lock call needs the primary: replicas lag behind it
                    .setReadMode(ReadMode.MASTER)
                    .setSubscriptionMode(SubscriptionMode.MASTER)
                    .setMasterConnectionPoolSize(settings.poolSize())
                    .setMasterConnectionMinimumIdleSize(Math.min(2, settings.poolSize()))
                    .setSlaveConnectionPoolSize(1)
                    .setSlaveConnectionMinimumIdleSize(0)
                    .setSubscriptionConnectionPoolSize(Math.max(1, settings.poolSize() / 4))
                    .setSubscriptionConnectionMinimumIdleSize(1)
                    .setRetryAttempts(0)
                    // Redisson alone refuses a deployment whose sentinels know fewer than two sentinels, which
                    // Jedis and the sentinels themselves accept: one sentinel works with both bindings alike
                    .setCheckSentinelsList(false);
            sentinel.nodes().forEach(node -> servers.addSentinelAddress(sentinelAddress(settings, node)));
            settings.username().ifPresent(servers::setUsername);
            settings.password().ifPresent(servers::setPassword);
            sentinel.username().ifPresent(servers::setSentinelUsername);
            sentinel.password().ifPresent(servers::setSentinelPassword);
        } else {
            config = new Config();
            SingleServerConfig server = config.useSingleServer()
                    .setAddress((settings.ssl() ? "rediss://" : "redis://") + hostForUri(settings.host()) + ":" + settings.port())
                    .setDatabase(settings.database())
                    .setConnectTimeout(millis(settings.connectTimeout()))
                    .setTimeout(millis(settings.commandTimeout()))
                    .setConnectionPoolSize(settings.poolSize())
                    .setConnectionMinimumIdleSize(Math.min(2, settings.poolSize()))
                    .setSubscriptionConnectionPoolSize(Math.max(1, settings.poolSize() / 4))
                    .setSubscriptionConnectionMinimumIdleSize(1)
                    // fail fast like the Jedis binding: kart retries the task, not the command
                    .setRetryAttempts(0);
            settings.username().ifPresent(server::setUsername);
            settings.password().ifPresent(server::setPassword);
        }
        if (settings.redissonConfig().isEmpty()) {
            // Redisson's default is 32 event-loop threads; every lock call is a hop to one of them and back, and
            // spread over many threads each hop is likelier to wake a sleeping one (a context switch) than to
            // find one awake. One serves kart's pool: lock calls are short, the loop never blocks, and a few
            // thousand calls a second are a small part of what one thread reads and writes; with one per core,
            // 8 threads locking at once cost about a quarter more CPU per acquire + release on two cores
            config.setNettyThreads(1);
            // Redisson's object references (an RObject stored as a value) are not used by kart, whose values are
            // strings; with them on, every argument of every call goes through the class loader to be checked
            // for references, and the acquiring threads queue on its lock
            config.setReferenceEnabled(false);
        }
        // run locks renewed every TTL/3, kept for a TTL, like kart's own renewals of cache locks
        config.setLockWatchdogTimeout(settings.lease().ttl().toMillis());
        return config;
    }

    /**
     * @param settings the backend's settings, whose ssl chooses the scheme
     * @param node a sentinel's address as {@code kart.lock.redis.sentinel.nodes} has it, an IPv6 address's too
     * @return its address as Redisson takes it: {@code redis://host:port} or {@code rediss://[::1]:port}
     */
    static String sentinelAddress(RedisLockSettings settings, String node) {
        return (settings.ssl() ? "rediss://" : "redis://") + hostForUri(RedisLockSettings.Sentinel.host(node)) + ":"
                + RedisLockSettings.Sentinel.port(node);
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** @return a duration in the whole milliseconds Redisson's timeouts take, at least 1 */
    static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
