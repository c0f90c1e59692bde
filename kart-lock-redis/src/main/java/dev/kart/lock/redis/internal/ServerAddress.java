package dev.kart.lock.redis.internal;

import dev.kart.config.KartConfigException;
import dev.kart.lock.redis.RedisLockSettings;

/** The check a backend makes before it opens a client of its own from settings: they must say where Redis is. */
public final class ServerAddress {
    private ServerAddress() {
    }

    /**
     * @param settings the backend's settings
     * @throws KartConfigException naming {@code kart.lock.redis.host} when neither a host, a URL, the
     *     sentinels, the nodes of a Redis Cluster nor a Redisson YAML file says where Redis is
     */
    public static void require(RedisLockSettings settings) {
        if (settings.redissonConfig().isEmpty() && settings.host().isEmpty() && settings.sentinel().isEmpty()
                && !settings.cluster()) {
            throw new KartConfigException("config key 'kart.lock.redis.host' is empty, expected the Redis server's host"
                    + " name (or set kart.lock.redis.url, or kart.lock.redis.sentinel, or kart.lock.redis.cluster.nodes"
                    + " for a Redis Cluster"
                    + (settings.client() != RedisLockSettings.Client.JEDIS
                            ? ", or kart.lock.redis.redisson-config for the Redisson binding" : "") + ")");
        }
    }
}
