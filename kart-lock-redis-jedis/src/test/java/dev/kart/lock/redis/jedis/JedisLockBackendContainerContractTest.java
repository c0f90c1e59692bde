package dev.kart.lock.redis.jedis;

import dev.kart.test.support.redis.RedisInContainer;

/**
 * The lock contract through the Jedis binding once more, against Redis in a container started through
 * Testcontainers, as a user's tests get it: in kart's build an image of the redis-server on PATH, made
 * with docker import and run with host networking on a Docker engine without a bridge or a registry.
 */
@RedisInContainer
class JedisLockBackendContainerContractTest extends JedisLockBackendContractTest {
}
