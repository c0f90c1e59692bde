package dev.kart.cli;

import dev.kart.cli.task.TaskArguments;
import dev.kart.cli.task.TaskCatalog;
import dev.kart.core.internal.model.TaskType;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Reads the task names and parameters of a command's positional words. */
final class TaskWords {
    private TaskWords() {
    }

    /**
     * @param words the positional words (task names and {@code --parameter=value} words)
     * @param runtime where task classes are found
     * @param spec the command, whose own options are suggested for misspelt ones
     * @param manyTasks whether more than one task may be named
     * @return the tasks named, with their parameter values
     */
    static List<TaskArguments.Invocation> parse(List<String> words, RuntimeOptions runtime, CommandSpec spec,
            boolean manyTasks) {
        TaskCatalog catalog = new TaskCatalog(runtime.classLoader());
        List<String> options = spec.optionsMap().keySet().stream().filter(name -> name.startsWith("--")).sorted().toList();
        return TaskArguments.parse(words, name -> TaskType.of(catalog.resolve(name)), options, manyTasks);
    }
}
