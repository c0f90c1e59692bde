/**
 * The Redis lock backend ({@code kart.lock.backend = "redis"}): its provider and its settings, and
 * what both client bindings share (key layout, leases and their renewal, release watches, the data
 * epoch), which only the binding modules see. It has no client library: the binding on the module
 * or class path ({@code kart-lock-redis-jedis} or {@code kart-lock-redis-redisson}) talks to Redis.
 */
module dev.kart.lock.redis {
    requires transitive dev.kart.api;
    requires org.slf4j;

    exports dev.kart.lock.redis;
    exports dev.kart.lock.redis.internal to dev.kart.lock.redis.jedis, dev.kart.lock.redis.redisson;

    uses dev.kart.lock.redis.internal.RedisClientBinding;
    provides dev.kart.lock.LockBackendProvider with dev.kart.lock.redis.RedisLockBackendProvider;
}
