package dev.kart.lock.redis;

import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.lock.LockSettings;

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
    public boolean requestedBy(LockSettings settings) {
        return RedisSettings.requested(settings);
    }

    /**
     * Opens the backend and checks that Redis answers, within the connect timeout.
     *
     * @param settings the {@code kart.lock} section
     * @return the open backend
     * @throws dev.kart.lock.LockException when Redis cannot be reached; the message names host and
     *     port, never the password
     * @throws IllegalArgumentException when a {@code kart.lock.redis} key is invalid; the message names it
     */
    @Override
    public LockBackend open(LockSettings settings) {
        RedisSettings redis = RedisSettings.from(settings);
        return switch (redis.client()) {
            case JEDIS -> JedisLockBackend.open(redis);
            case REDISSON -> RedissonLockBackend.open(redis);
        };
    }
}
