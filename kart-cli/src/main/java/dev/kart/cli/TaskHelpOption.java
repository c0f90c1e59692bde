package dev.kart.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h}, {@code --help} of the commands that name tasks: the command's help, and after a task,
 * with the task's parameters in the same layout. Not picocli's usage-help option, which would print
 * before the tasks are known.
 */
final class TaskHelpOption {
    boolean requested;

    /** @return the option as picocli's mixin, bound to {@link #requested}; for one command */
    CommandSpec mixin() {
        CommandSpec mixin = CommandSpec.wrapWithoutInspection(this);
        mixin.addOption(CommandModel.flag(OptionSpec.builder("-h", "--help")
                .description("Show this help; after a TASK, with the task's parameters."),
                () -> requested, value -> requested = value));
        return mixin;
    }
}
