/**
 * A real Redis server for tests and benchmarks: {@link dev.kart.test.support.redis.RedisServerExtension} provides one from
 * {@code KART_TEST_REDIS}, a {@code redis-server} on PATH, or a container through Testcontainers (for
 * classes annotated {@link dev.kart.test.support.redis.RedisInContainer}), and fails the tests with
 * instructions when there is none. Servers it starts can be stopped, restarted and paused.
 */
package dev.kart.test.support.redis;
