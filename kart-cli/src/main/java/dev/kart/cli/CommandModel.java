package dev.kart.cli;

import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What the commands declare their picocli model with: options and parameters whose values picocli
 * keeps in the option itself (its own binding), which a command holds as a field and reads after the
 * parse with {@link ArgSpec#getValue()}.
 *
 * <p>Each command builds its {@link CommandSpec} in code, in one method, instead of annotating its
 * fields: picocli reads annotations by reflection and gets each one through a JDK proxy class (one per
 * annotation type: its own five, and {@code Deprecated} and {@code IntrinsicCandidate} when it scans
 * {@code Object}'s methods for subcommands), which JDK 17's class-data archive cannot keep, so every
 * start made them again (docs/benchmarks.md, "picocli's model built in code"). The values are not
 * bound to fields of the command either: a getter and a setter lambda for each option had Java 17 link
 * two call sites per option at every start (docs/benchmarks.md, "Sixteenth part").
 */
final class CommandModel {
    private static final String TASK_WORDS = "TASK [--PARAMETER=VALUE...]";
    private static final String STANDARD_HELP_OPTIONS = "mixinStandardHelpOptions";

    private CommandModel() {
    }

    /**
     * @param option the option, with its type
     * @param initialValue its value when not given: picocli resets it to this before each parse; for an
     *     option taking several values, picocli starts a new collection at its first match
     * @return the option
     */
    static OptionSpec option(OptionSpec.Builder option, Object initialValue) {
        return initialized(option.initialValue(initialValue).build(), initialValue);
    }

    /**
     * @param option an option that takes no value
     * @return the option, {@code false} until given
     */
    static OptionSpec flag(OptionSpec.Builder option) {
        return option(option.type(boolean.class), false);
    }

    /**
     * @param flag an option made by {@link #flag}
     * @return whether it was given on the line parsed last
     */
    static boolean given(OptionSpec flag) {
        return Boolean.TRUE.equals(flag.getValue());
    }

    /**
     * The words of a command that names tasks, for picocli's first parse (which takes task parameters
     * as plain words) and the command's help; {@link dev.kart.cli.task.TaskLine} reads them again with
     * the tasks' parameters.
     *
     * @param description what the tasks are for, in the help
     * @param severalTasks whether the command takes more than one task
     * @return the positional parameters, an empty list until given; the help shows them as
     *     {@code TASK [--PARAMETER=VALUE...]}, followed by {@code ...} when several tasks may be given
     */
    static PositionalParamSpec taskWords(String description, boolean severalTasks) {
        List<String> none = List.of();
        // The parse takes any number of words, a task's parameters among them, and --help needs no task:
        // the help shows what the command takes instead, which picocli's syntax for those words would
        // show as optional and repeatable.
        return initialized(PositionalParamSpec.builder().paramLabel(TASK_WORDS + (severalTasks ? "..." : ""))
                .hideParamSyntax(true).arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .description(description).initialValue(none).build(), none);
    }

    /**
     * Adds picocli's standard {@code -h}, {@code --help} and {@code -V}, {@code --version}, as
     * {@code mixinStandardHelpOptions} does, without the annotated class picocli reads for that.
     *
     * @param command the command, after its own options
     */
    static void addStandardHelpOptions(CommandSpec command) {
        CommandSpec mixin = helpOnly();
        mixin.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                .initialValue(false).description("Print version information and exit.").build());
        // the name picocli gives its own, by which CommandSpec.mixinStandardHelpOptions() tells it has them
        command.addMixin(STANDARD_HELP_OPTIONS, mixin);
    }

    /**
     * Adds picocli's standard {@code -h}, {@code --help} alone: to a command whose help is not a task's, where
     * {@code -V} would only repeat {@code kart --version} (the commands that take tasks have their own help option).
     *
     * @param command the command, after its own options
     */
    static void addHelpOption(CommandSpec command) {
        command.addMixin("help", helpOnly());
    }

    private static CommandSpec helpOnly() {
        CommandSpec mixin = CommandSpec.create();
        mixin.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .initialValue(false).description("Show this help message and exit.").build());
        return mixin;
    }

    /** picocli applies the initial value when a parse starts; a command may read it before any parse. */
    private static <A extends ArgSpec> A initialized(A argument, Object initialValue) {
        argument.setValue(initialValue);
        return argument;
    }
}
