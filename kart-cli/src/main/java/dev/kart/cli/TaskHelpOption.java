package dev.kart.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h}, {@code --help} of the commands that name tasks: the command's help, and after a task,
 * with the task's parameters in the same layout. Not picocli's usage-help option, which would print
 * before the tasks are known.
 */
final class TaskHelpOption {
    private final OptionSpec help = CommandModel.flag(OptionSpec.builder("-h", "--help")
            .description("Show this help; after a TASK, with the task's parameters."));

    /** @return the option as picocli's mixin; for one command */
    CommandSpec mixin() {
        CommandSpec mixin = CommandSpec.wrapWithoutInspection(this);
        mixin.addOption(help);
        return mixin;
    }

    /** @return whether the line parsed last asked for help */
    boolean requested() {
        return CommandModel.given(help);
    }
}
