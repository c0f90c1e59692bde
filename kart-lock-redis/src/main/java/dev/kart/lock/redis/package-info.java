/**
 * The {@code redis} lock backend: {@link dev.kart.lock.redis.RedisLockBackendProvider} opens it
 * over Jedis (kart's own protocol in Lua scripts: SET NX PX, compare-and-delete, compare-and-pexpire,
 * INCR fencing counters, pub/sub wake-ups) or over Redisson (its lock and read-write lock with its
 * watchdog), as {@code kart.lock.redis.client} says. See docs/redis.md.
 */
package dev.kart.lock.redis;
