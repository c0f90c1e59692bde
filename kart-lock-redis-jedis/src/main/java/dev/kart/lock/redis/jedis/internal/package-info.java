/**
 * Internal: the Jedis binding's implementation (its lock scripts, connections, release subscriber,
 * listing), found through {@link dev.kart.lock.redis.jedis.internal.JedisBinding} by the provider's
 * service loader. Not exported; no compatibility promise.
 */
package dev.kart.lock.redis.jedis.internal;
