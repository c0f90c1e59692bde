package dev.kart.lock.redis;

import dev.kart.config.ConfigSection;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;

/**
 * Provides the {@code redis} lock backend, over Jedis or Redisson as {@code kart.lock.redis.client}
 * says. Chosen by {@code kart.lock.backend = redis}, or by {@code auto} when
 * {@code kart.lock.redis.host} (or {@code url}) is given.
 *
 * <p>Also the way to open a backend in code, as a benchmark does: settings that lack a
 * {@code kart.lock.redis.*} key take its value from this module's {@code reference.conf}.
 */
public final class RedisLockBackendProvider implements LockBackendProvider {
    /** The backend's name in {@code kart.lock.backend}. */
    public static final String NAME = "redis";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean requestedBy(ConfigSection section) {
        return RedisSettings.requested(section);
    }

    /**
     * Opens the backend and checks that Redis answers, within the connect timeout.
     *
     * @param lease prefix, TTL, renew interval and owner from {@code kart.lock}; a set
     *     {@code kart.lock.redis.timeout} (the Python system's {@code redis_timeout}) replaces the TTL
     * @param section the {@code kart.lock.redis} section
     * @return the open backend
     * @throws dev.kart.lock.LockException when Redis cannot be reached; the message names host and
     *     port, never the password
     * @throws dev.kart.config.KartConfigException when a {@code kart.lock.redis} key is invalid; the
     *     message names it
     */
    @Override
    public LockBackend open(LeaseSettings lease, ConfigSection section) {
        RedisSettings redis = RedisSettings.from(lease, section);
        return switch (redis.client()) {
            case JEDIS -> JedisLockBackend.open(redis);
            case REDISSON -> RedissonLockBackend.open(redis);
        };
    }
}
