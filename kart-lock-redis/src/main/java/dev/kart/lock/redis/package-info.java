/**
 * The {@code redis} lock backend, shared by its client bindings:
 * {@link dev.kart.lock.redis.RedisLockBackendProvider} (found by {@code ServiceLoader}, selected by
 * {@code kart.lock.backend = redis} or by a {@code kart.lock.redis.host}) and its one settings type,
 * {@link dev.kart.lock.redis.RedisLockSettings}. The client libraries live in the binding modules,
 * {@code kart-lock-redis-jedis} and {@code kart-lock-redis-redisson}; add one of them. See docs/redis.md.
 */
package dev.kart.lock.redis;
