/**
 * The Redisson binding of the Redis lock backend ({@code kart.lock.redis.client = "redisson"}):
 * Redisson's lock with its watchdog renewal for run locks, and kart's own lock protocol run through
 * Redisson for cache locks, for deployments configured through a Redisson YAML file.
 * {@link dev.kart.lock.redis.redisson.RedissonLocks} opens it in code, also over an application's own
 * client.
 */
module dev.kart.lock.redis.redisson {
    requires transitive dev.kart.lock.redis;
    requires transitive redisson;
    requires org.slf4j;
    requires io.netty.buffer;
    // the event loop, timer and resolver of the connections that ask the sentinels while a start failure is worded
    requires io.netty.common;
    requires io.netty.resolver;
    requires io.netty.transport;

    exports dev.kart.lock.redis.redisson;
    // its Lua scripts, read as resources of their package
    opens dev.kart.lock.redis.redisson.internal;

    provides dev.kart.lock.redis.internal.RedisClientBinding with dev.kart.lock.redis.redisson.internal.RedissonBinding;
}
