package dev.kart.cli.task;

import dev.kart.core.internal.model.TaskType;
import java.util.Map;
import java.util.Set;

/**
 * One task named on a command line, with the parameter values given after it.
 *
 * @param word the task's name as typed, such as {@code books.BookReport}: what the command's messages
 *     call it by
 * @param type the task's type
 * @param values parameter values as typed, by the parameter's declared name; parameters not given are
 *     absent (config and {@code @Default} supply them when the task is made)
 * @param configOnly the declared names of the parameters this command line cannot give, its own options
 *     having their names ({@code --workers}): config sets them
 */
public record TaskInvocation(String word, TaskType type, Map<String, String> values, Set<String> configOnly) {
    /** Copies the map and the set. */
    public TaskInvocation {
        values = Map.copyOf(values);
        configOnly = Set.copyOf(configOnly);
    }
}
