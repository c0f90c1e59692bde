package dev.kart.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers {@link KartExtension} with default settings, so the tests of the class (or the one
 * method) can take a {@link KartTestRuntime} parameter. For settings of your own, register the
 * extension with {@code @RegisterExtension} and {@link KartExtension#with} instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(KartExtension.class)
public @interface KartTest {
}
