package dev.kart.lock.redis.internal;

import dev.kart.lock.LockBackend;
import dev.kart.lock.redis.RedisLockSettings;

/**
 * A client binding of the {@code redis} backend, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.kart.lock.redis.internal.RedisClientBinding}) in its own module:
 * {@code kart-lock-redis-jedis} or {@code kart-lock-redis-redisson}. Not for applications: they name
 * a binding with {@code kart.lock.redis.client}, or call the binding module's entry point.
 */
public interface RedisClientBinding {
    /** @return which client it is, {@code kart.lock.redis.client}; never {@link RedisLockSettings.Client#AUTO} */
    RedisLockSettings.Client client();

    /**
     * Opens a backend over a client of its own, built from the settings, and checks that Redis answers.
     *
     * @param settings the backend's settings, already checked to say where Redis is
     * @return the open backend; closing it closes the client
     * @throws dev.kart.lock.LockException when Redis cannot be reached within the connect timeout
     * @throws dev.kart.config.KartConfigException when a setting cannot be used by this binding, or the sentinels
     *     answer that they monitor no primary of {@code sentinel.master}, or the client stopped at one of them that
     *     does not while another does
     */
    LockBackend open(RedisLockSettings settings);

    /**
     * Checks, without connecting, that this binding can use the settings; called when the runtime
     * starts, long before {@link #open} connects. The default checks nothing.
     *
     * @param settings the backend's settings, already checked to say where Redis is
     * @throws dev.kart.config.KartConfigException when a setting cannot be used by this binding
     */
    default void check(RedisLockSettings settings) {
    }
}
