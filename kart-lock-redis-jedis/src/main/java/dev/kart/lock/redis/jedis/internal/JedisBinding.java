package dev.kart.lock.redis.jedis.internal;

import dev.kart.config.KartConfigException;
import dev.kart.lock.LockBackend;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.RedisClientBinding;
import dev.kart.lock.redis.internal.RedisLockBackend;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Jedis binding, found by kart-lock-redis's provider with {@link java.util.ServiceLoader}; also
 * what {@code JedisLocks} opens. Public only for the service loader.
 */
public final class JedisBinding implements RedisClientBinding {
    /** The binding's name in messages and in {@code kart.lock.redis.client}. */
    static final String NAME = "jedis";

    @Override
    public RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }

    @Override
    public void check(RedisLockSettings settings) {
        if (settings.redissonConfig().isPresent()) {
            throw new KartConfigException("config key 'kart.lock.redis.redisson-config' is set ("
                    + settings.redissonConfig().get() + "), but the Jedis binding was chosen, which does not read it:"
                    + " use client = \"redisson\", or host and port");
        }
    }

    @Override
    public LockBackend open(RedisLockSettings settings) {
        check(settings);
        JedisConnections connections = JedisConnections.own(settings);
        return backend(settings, connections);
    }

    /**
     * @param client the application's client, left open when the backend closes
     * @param settings the backend's settings; where Redis is comes from the client
     * @return the open backend
     * @throws dev.kart.lock.LockException when Redis does not answer through the client
     */
    public static LockBackend open(UnifiedJedis client, RedisLockSettings settings) {
        return backend(settings, JedisConnections.given(client, settings));
    }

    private static LockBackend backend(RedisLockSettings settings, JedisConnections connections) {
        // a cluster needs every script's keys in one slot; one server keeps the layout it always had
        LockKeys keys = connections.clustered() ? LockKeys.cluster(settings.lease().prefix(), settings.clusterGroups())
                : new LockKeys(settings.lease().prefix());
        return new RedisLockBackend(connections.failures(), keys, new JedisLockClient(settings, keys, connections));
    }
}
