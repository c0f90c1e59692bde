package dev.kart.task;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a parameter takes when a task is created from the command line or from config and
 * neither gives one. The text is parsed as the parameter's type, the same way a command-line value
 * is: {@code "3"}, {@code "2024-01-31"}, {@code "PT5M"} or {@code "5m"}, {@code "a,b,c"} for lists.
 * A {@code boolean} or {@code Boolean} parameter without one is {@code false} unless given, as luigi's
 * {@code BoolParameter}; any other value without one must be given (a task-valued parameter is made from its own
 * task's parameters).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface Default {
    /** @return the default value as text */
    String value();
}
