package dev.kart.cli;

import dev.kart.cli.task.TaskCatalog;
import dev.kart.cli.task.TaskInvocation;
import dev.kart.cli.task.TaskLine;
import dev.kart.core.internal.model.TaskType;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** Reads the tasks a command names, with their parameters, from the command's arguments. */
final class TaskWords {
    private TaskWords() {
    }

    /**
     * Reads the one task a command names, or prints the command's help when {@code -h}/{@code --help}
     * is given (with the task's parameters when a task is named).
     *
     * @param spec the command, already parsed once by picocli with task parameters taken as plain words
     * @param runtime where task classes are found
     * @param help the command's help option
     * @param missing what the usage error asks for when no task is named, such as {@code name the task
     *     to build, such as books.BookReport}
     * @return the task with its parameters; empty when the help was printed instead (exit code 0)
     * @throws UsageException when no task is named and no help was asked
     */
    static Optional<TaskInvocation> oneTaskOrHelp(CommandSpec spec, RuntimeOptions runtime, TaskHelpOption help,
            String missing) {
        return tasksOrHelp(spec, runtime, help, false, missing).map(tasks -> tasks.get(0));
    }

    /**
     * Reads the tasks a command names, or prints the command's help when {@code -h}/{@code --help}
     * is given (with the tasks' parameters when tasks are named).
     *
     * @param spec the command, already parsed once by picocli with task parameters taken as plain words
     * @param runtime where task classes are found
     * @param help the command's help option
     * @param severalTasks whether more than one task may be named
     * @param missing what the usage error asks for when no task is named
     * @return the tasks with their parameters, at least one; empty when the help was printed instead
     * @throws UsageException when no task is named and no help was asked
     */
    static Optional<List<TaskInvocation>> tasksOrHelp(CommandSpec spec, RuntimeOptions runtime, TaskHelpOption help,
            boolean severalTasks, String missing) {
        TaskCatalog catalog = new TaskCatalog(runtime.classLoader());
        // the runtime's assembly gets ready on another core while this thread finds the task classes
        runtime.preloadConfig();
        TaskLine line = TaskLine.parse(spec, spec.commandLine().getParseResult().expandedArgs(),
                name -> TaskType.of(catalog.resolve(name)), severalTasks,
                option -> KartCommand.optionOfAnotherCommand(option, spec.name()));
        line.notes().forEach(spec.commandLine().getErr()::println);
        if (help.requested()) {
            if (line.invocations().isEmpty()) {
                spec.commandLine().usage(spec.commandLine().getOut());
            } else {
                line.usage(runtime.configuredParameters(), spec.commandLine().getOut());
            }
            return Optional.empty();
        }
        if (line.invocations().isEmpty()) {
            throw new UsageException("missing TASK: " + missing);
        }
        return Optional.of(line.invocations());
    }
}
