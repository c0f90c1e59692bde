package dev.kart.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h}, {@code --help} of the commands that name tasks: the command's help, and after a task,
 * with the task's parameters in the same layout. Not picocli's usage-help option, which would print
 * before the tasks are known.
 */
final class TaskHelpOption {
    @Option(names = {"-h", "--help"}, description = "Show this help; after a TASK, with the task's parameters.")
    boolean requested;
}
