/**
 * The Jedis binding of the Redis lock backend ({@code kart.lock.redis.client = "jedis"}): kart's own
 * lock protocol (SET NX PX, Lua compare-and-delete and compare-and-pexpire, INCR fencing counters,
 * pub/sub wake-ups) over Jedis. {@link dev.kart.lock.redis.jedis.JedisLocks} opens it in code, also
 * over an application's own client.
 */
module dev.kart.lock.redis.jedis {
    requires transitive dev.kart.lock.redis;
    requires transitive redis.clients.jedis;
    requires org.slf4j;

    exports dev.kart.lock.redis.jedis;

    provides dev.kart.lock.redis.internal.RedisClientBinding with dev.kart.lock.redis.jedis.internal.JedisBinding;
}
