/**
 * The Jedis binding of the {@code redis} lock backend (artifact {@code dev.kart:kart-lock-redis-jedis}):
 * kart's own lock protocol in Lua scripts over Jedis. Adding the artifact is enough for a runtime
 * configured by {@code kart.lock.redis.*}; {@link dev.kart.lock.redis.jedis.JedisLocks} opens the
 * backend in code, over a client of its own or the application's. See docs/redis.md.
 */
package dev.kart.lock.redis.jedis;
