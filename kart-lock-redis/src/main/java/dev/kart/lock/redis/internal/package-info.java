/**
 * Internal: what the Redis client bindings share, for {@code kart-lock-redis-jedis} and
 * {@code kart-lock-redis-redisson} only; not exported, and no compatibility promise. The binding SPI
 * ({@link dev.kart.lock.redis.internal.RedisClientBinding}), the backend over a binding
 * ({@link dev.kart.lock.redis.internal.RedisLockBackend}), the key layout, the lease window and
 * keep-alives, the data epoch, release watches and wake-ups, holder records and failure messages.
 */
package dev.kart.lock.redis.internal;
