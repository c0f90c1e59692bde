package dev.kart.lock.redis.redisson;

import dev.kart.test.support.redis.RedisInContainer;

/**
 * Four JVMs build one DAG of run-locked tasks over the Redisson binding once more, against Redis in a
 * container started through Testcontainers (in kart's build an image of the redis-server on PATH, made
 * with docker import and run with host networking): every run() executes once.
 */
@RedisInContainer
class RedissonMultiProcessContentionContainerTest extends RedissonMultiProcessContentionTest {
}
