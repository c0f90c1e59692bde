package dev.kart.task;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The file extension of a task's main output, which picks its format: {@code json} (the default
 * when absent), {@code txt}, {@code bin}, {@code csv}, {@code tsv}, {@code ser}, and any of them
 * with {@code .gz} appended.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OutputFormat {
    /** @return the extension, such as {@code "csv.gz"} */
    String value();
}
