package dev.kart.lock.redis.jedis;

import dev.kart.lock.LockBackend;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.ServerAddress;
import dev.kart.lock.redis.jedis.internal.JedisBinding;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Opens the {@code redis} lock backend over Jedis, for an application that opens its lock backend
 * itself and hands it to {@code Kart.builder().lockBackend(...)}. kart's lock protocol runs in Lua
 * scripts on one Redis server (or a managed endpoint that looks like one), on the primary of a
 * Sentinel deployment, followed through failovers, or on a Redis Cluster: then every lock key carries
 * its group's hash tag, and the group's fencing counter and data epoch share its slot (docs/redis.md,
 * "Deployment: Redis Cluster").
 *
 * <pre>{@code
 * try (JedisPooled jedis = new JedisPooled("redis.internal", 6379);
 *         LockBackend locks = JedisLocks.open(jedis, RedisLockSettings.builder(lease).build());
 *         Kart kart = Kart.builder().lockBackend(locks).build()) {
 *     kart.build(task);
 * }
 * }</pre>
 *
 * A runtime configured by {@code kart.lock.redis.*} needs none of this: it finds the binding on the
 * class path. Thread-safe.
 */
public final class JedisLocks {
    private JedisLocks() {
    }

    /**
     * Opens the backend over a pooled Jedis client of its own, built from the settings (host and port,
     * the sentinels, or the seed nodes of a Redis Cluster; credentials, TLS, timeouts, pool size), and
     * checks that Redis answers within the connect timeout.
     *
     * @param settings the settings; they must say where Redis is
     * @return the open backend; closing it closes its client
     * @throws dev.kart.lock.LockException when Redis cannot be reached; the message names host and
     *     port, never the password
     * @throws dev.kart.config.KartConfigException when the settings say nowhere
     */
    public static LockBackend open(RedisLockSettings settings) {
        ServerAddress.require(settings);
        return new JedisBinding().open(settings);
    }

    /**
     * Opens the backend over the application's client, such as a {@link JedisPooled} or a
     * {@link RedisClient}, and checks that Redis answers through it. The connection settings of
     * {@code settings} (host, port, credentials, timeouts, pool size) are not used: the client's are.
     * The client's pool serves the lock calls and, for as long as a local waiter needs one, the
     * subscriber of release notifications; size it for the workers plus a few.
     *
     * @param client the application's client to one Redis server, a {@link redis.clients.jedis.RedisSentinelClient}
     *     whose primary kart follows through failovers (through the client's pool, which Jedis moves to a new primary a
     *     moment after naming it: a grant in that moment is undone when its fencing token shows it, see docs/redis.md,
     *     "Deployment: Sentinel"), or a client of a Redis Cluster (a
     *     {@link redis.clients.jedis.RedisClusterClient}, best with {@code maxAttempts(1)} so that no
     *     command is sent twice); the backend never closes it
     * @param settings lease settings, {@code fallback-poll} and {@code safety-margin}
     * @return the open backend; closing it stops renewals and leaves the client open
     * @throws dev.kart.lock.LockException when Redis does not answer through the client
     */
    public static LockBackend open(UnifiedJedis client, RedisLockSettings settings) {
        return JedisBinding.open(client, settings);
    }
}
