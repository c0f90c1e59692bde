package dev.kart.cli;

import dev.kart.cli.task.TaskCatalog;
import dev.kart.cli.task.TaskInvocation;
import dev.kart.cli.task.TaskLine;
import dev.kart.core.internal.model.TaskType;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Reads the tasks a command names, with their parameters, from the command's arguments. */
final class TaskWords {
    private TaskWords() {
    }

    /**
     * @param spec the command, already parsed once by picocli with task parameters taken as plain words
     * @param runtime where task classes are found
     * @param severalTasks whether more than one task may be named
     * @return the command's arguments read again, with the tasks' parameters as options
     */
    static TaskLine read(CommandSpec spec, RuntimeOptions runtime, boolean severalTasks) {
        TaskCatalog catalog = new TaskCatalog(runtime.classLoader());
        return TaskLine.parse(spec, spec.commandLine().getParseResult().expandedArgs(),
                name -> TaskType.of(catalog.resolve(name)), severalTasks);
    }

    /**
     * @param line the command's arguments, read
     * @param missing what the usage error asks for when the line names no task, such as {@code name the
     *     task to build, such as books.BookReport}
     * @return the tasks the line names, at least one
     * @throws UsageException when it names none
     */
    static List<TaskInvocation> required(TaskLine line, String missing) {
        if (line.invocations().isEmpty()) {
            throw new UsageException("missing TASK: " + missing);
        }
        return line.invocations();
    }

    /**
     * Prints the command's help: with the tasks' parameters when the line names tasks.
     *
     * @param spec the command
     * @param line its arguments, read
     * @return the exit code
     */
    static int help(CommandSpec spec, TaskLine line) {
        if (line.invocations().isEmpty()) {
            spec.commandLine().usage(spec.commandLine().getOut());
        } else {
            line.usage(spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
