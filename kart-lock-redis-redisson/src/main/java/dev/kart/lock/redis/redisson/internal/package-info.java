/**
 * Internal: the Redisson binding's implementation (its configuration, scripts, holders, release
 * notifications, listing), found through {@link dev.kart.lock.redis.redisson.internal.RedissonBinding}
 * by the provider's service loader. Not exported; no compatibility promise.
 */
package dev.kart.lock.redis.redisson.internal;
