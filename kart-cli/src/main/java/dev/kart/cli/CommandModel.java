package dev.kart.cli;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What the commands declare their picocli model with: options and parameters whose values live in
 * the command's own fields, as picocli binds annotated fields.
 *
 * <p>Each command builds its {@link CommandSpec} in code, in one method, instead of annotating its
 * fields: picocli reads annotations by reflection and gets each one through a JDK proxy class (one per
 * annotation type: its own five, and {@code Deprecated} and {@code IntrinsicCandidate} when it scans
 * {@code Object}'s methods for subcommands), which JDK 17's class-data archive cannot keep, so every
 * start made them again (docs/benchmarks.md, "picocli's model built in code").
 */
final class CommandModel {
    private static final String TASK_WORDS = "TASK [--PARAMETER=VALUE...]";
    private static final String STANDARD_HELP_OPTIONS = "mixinStandardHelpOptions";

    private CommandModel() {
    }

    /**
     * @param option the option, with its type
     * @param getter reads the field that holds its value
     * @param setter writes that field
     * @param <T> the field's type
     * @return the option, reset to the field's present value before each parse
     */
    static <T> OptionSpec option(OptionSpec.Builder option, Supplier<T> getter, Consumer<T> setter) {
        FieldBinding<T> field = new FieldBinding<>(getter, setter);
        return option.getter(field).setter(field).initialValue(getter.get()).build();
    }

    /**
     * @param option an option that takes no value
     * @param getter reads the {@code boolean} field that holds its value
     * @param setter writes that field
     * @return the option: {@code true} when given
     */
    static OptionSpec flag(OptionSpec.Builder option, Supplier<Boolean> getter, Consumer<Boolean> setter) {
        return option(option.type(boolean.class), getter, setter);
    }

    /**
     * The words of a command that names tasks, for picocli's first parse (which takes task parameters
     * as plain words) and the command's help; {@link dev.kart.cli.task.TaskLine} reads them again with
     * the tasks' parameters.
     *
     * @param description what the tasks are for, in the help
     * @param getter reads the field that holds the words
     * @param setter writes that field
     * @return the positional parameters {@code TASK [--PARAMETER=VALUE...]...}
     */
    static PositionalParamSpec taskWords(String description, Supplier<List<String>> getter,
            Consumer<List<String>> setter) {
        FieldBinding<List<String>> field = new FieldBinding<>(getter, setter);
        return PositionalParamSpec.builder().paramLabel(TASK_WORDS).arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).description(description)
                .getter(field).setter(field).initialValue(getter.get()).build();
    }

    /**
     * Adds picocli's standard {@code -h}, {@code --help} and {@code -V}, {@code --version}, as
     * {@code mixinStandardHelpOptions} does, without the annotated class picocli reads for that.
     *
     * @param command the command, after its own options
     */
    static void addStandardHelpOptions(CommandSpec command) {
        CommandSpec mixin = CommandSpec.create();
        mixin.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .initialValue(false).description("Show this help message and exit.").build());
        mixin.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                .initialValue(false).description("Print version information and exit.").build());
        // the name picocli gives its own, by which CommandSpec.mixinStandardHelpOptions() tells it has them
        command.addMixin(STANDARD_HELP_OPTIONS, mixin);
    }

    /** A value kept in a field: picocli sets it while parsing and reads it for multi-value options. */
    private static final class FieldBinding<T> implements IGetter, ISetter {
        private final Supplier<T> getter;
        private final Consumer<T> setter;

        FieldBinding(Supplier<T> getter, Consumer<T> setter) {
            this.getter = getter;
            this.setter = setter;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            return (V) getter.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V value) {
            V previous = get();
            setter.accept((T) value);  // picocli converts each value to the option's declared type
            return previous;
        }
    }
}
