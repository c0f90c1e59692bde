package dev.kart.test.support.redis;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes {@link RedisServerExtension} give the annotated test class (and its subclasses) a Redis in a
 * container through Testcontainers, instead of a {@code redis-server} from PATH or the server named by
 * {@code KART_TEST_REDIS}: the image {@code KART_TEST_REDIS_IMAGE} names, {@code redis:7} unless set,
 * or {@code from-path}, an image of the {@code redis-server} on PATH built with {@code docker import}
 * (no registry needed). It runs with host networking on a free loopback port. Without a Docker
 * engine the class fails, saying how to provide one; it never skips.
 *
 * <pre>{@code
 * @RedisInContainer
 * class MyRedisTest {
 *     @RegisterExtension
 *     static final RedisServerExtension REDIS = RedisServerExtension.any();
 * }
 * }</pre>
 *
 * On a subclass it also switches an extension its superclass registers, so a suite written once
 * runs a second time through a container with a one-line subclass.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RedisInContainer {
}
