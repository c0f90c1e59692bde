package dev.kart.cli.task;

import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import java.util.Optional;

/**
 * What the configuration sets a task's parameters to ({@code kart.tasks."CLASS".NAME}), for
 * {@code kart run TASK --help}: a parameter not given on the command line takes that value, not its
 * default.
 */
@FunctionalInterface
public interface ConfiguredParameters {
    /** No configuration read: every parameter shows only its default. */
    ConfiguredParameters NONE = (type, parameter) -> Optional.empty();

    /**
     * @param type a task type
     * @param parameter one of its parameters
     * @return the value the configuration gives it and where, such as
     *     {@code 20 (kart.tasks."dev.kart.examples.books.BookReport"."top", /etc/kart.conf, line 2)};
     *     empty when it sets none
     */
    Optional<String> of(TaskType type, TaskParameter parameter);
}
