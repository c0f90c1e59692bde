/**
 * The Redisson binding of the {@code redis} lock backend (artifact
 * {@code dev.kart:kart-lock-redis-redisson}): Redisson's lock with its watchdog for run locks, kart's
 * own lock protocol run through Redisson for cache locks,
 * plus kart's fencing tokens, holder records and lease confirmations. Adding the artifact is enough
 * for a runtime configured by {@code kart.lock.redis.*}; {@link dev.kart.lock.redis.redisson.RedissonLocks}
 * opens the backend in code, over a client of its own or the application's. See docs/redis.md.
 */
package dev.kart.lock.redis.redisson;
