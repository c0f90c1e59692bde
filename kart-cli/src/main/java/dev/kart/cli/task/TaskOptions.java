package dev.kart.cli.task;

import dev.kart.core.internal.config.KebabCase;
import dev.kart.core.internal.model.ParameterKind;
import dev.kart.core.internal.model.ParameterTypes;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.parameter.TaskFactory;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A task type's parameters as picocli options, so that one picocli parse reads kart's options and a
 * task's parameters together, with one help layout and one "did you mean".
 *
 * <p>Each value parameter gets an option named in kebab-case ({@code --min-length}) and a hidden one
 * with its declared name ({@code --minLength}), except for names kart's own options take. A
 * {@code boolean} (or {@code Boolean}) parameter takes an optional {@code true}/{@code false}: alone it
 * means {@code true}. Every other parameter takes one value, after {@code =} or as the next word. A
 * task-valued parameter (a dependency) gets no option: the runtime builds it from its own task's
 * parameters. A parameter that holds tasks in another way (a list of tasks, a map of them) gets no
 * option either: only code gives it a value ({@link TaskFactory#setInCodeOnly}).
 *
 * <p>Values stay text: {@link dev.kart.core.internal.parameter.ParameterParser} turns them into the
 * parameter's type when the task is made, with the same rules as for {@code kart.tasks} config and
 * {@code @Default}, which still apply to parameters not given on the command line.
 */
public final class TaskOptions {
    /** Keeps a value as typed, even for a boolean option (whose type picocli needs for its optional value). */
    private static final ITypeConverter<String> AS_TYPED = text -> text;
    private static final String BOOLEAN_VALUES = "true|false";

    private final TaskType type;
    private final List<OptionSpec> options;
    private final List<TaskParameter> shadowed;

    private TaskOptions(TaskType type, List<OptionSpec> options, List<TaskParameter> shadowed) {
        this.type = type;
        this.options = List.copyOf(options);
        this.shadowed = List.copyOf(shadowed);
    }

    /**
     * @param type the task
     * @param taken the option names of the command itself, such as {@code --workers}: a parameter
     *     does not get an option of such a name
     * @return new options for the task's parameters (an option belongs to one command: build them
     *     again for another)
     */
    public static TaskOptions of(TaskType type, Collection<String> taken) {
        List<OptionSpec> options = new ArrayList<>();
        List<TaskParameter> shadowed = new ArrayList<>();
        for (TaskParameter parameter : type.parameters()) {
            if (parameter.kind() != ParameterKind.VALUE || TaskFactory.setInCodeOnly(parameter)) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String name : List.of(name(parameter), "--" + parameter.name())) {
                if (!taken.contains(name) && !names.contains(name)) {
                    names.add(name);
                }
            }
            if (names.isEmpty()) {
                shadowed.add(parameter);
                continue;
            }
            for (int i = 0; i < names.size(); i++) {
                // The declared name is a second spelling: accepted, not listed in the help.
                options.add(option(parameter, names.get(i), i > 0));
            }
        }
        return new TaskOptions(type, options, shadowed);
    }

    /**
     * @param option an option of a command line
     * @return the task parameter it sets, when it is an option made by {@link #of}
     */
    public static Optional<TaskParameter> parameterOf(ArgSpec option) {
        return option.userObject() instanceof TaskParameter parameter ? Optional.of(parameter) : Optional.empty();
    }

    /**
     * @param parameter a task parameter
     * @return its option name as the help shows it, such as {@code --min-length}
     */
    public static String name(TaskParameter parameter) {
        return "--" + KebabCase.of(parameter.name());
    }

    /**
     * @param dependency a task-valued parameter: a task, or a list of tasks
     * @return the class of the task it holds (of each element, for a list)
     */
    public static Class<?> dependencyClass(TaskParameter dependency) {
        return dependency.kind() == ParameterKind.TASK ? dependency.rawType()
                : ParameterTypes.rawType(ParameterTypes.typeArgument(dependency.type(), 0));
    }

    /**
     * @param parameter a task parameter
     * @return whether its option is a flag: alone it means true, or it takes true or false
     */
    static boolean isFlag(TaskParameter parameter) {
        return parameter.rawType() == boolean.class || parameter.rawType() == Boolean.class;
    }

    /**
     * @param text a flag's value as typed
     * @return whether it is one a flag takes: true or false, in any case
     */
    static boolean isBoolean(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }

    /** @return the task */
    public TaskType type() {
        return type;
    }

    /** @return every option, those the help shows and the hidden second spellings */
    public List<OptionSpec> options() {
        return options;
    }

    /** @return the options the help shows, one per parameter, in declaration order */
    public List<OptionSpec> shown() {
        return options.stream().filter(option -> !option.hidden()).toList();
    }

    /**
     * @return value parameters that have no option because kart's own options take both their names;
     *     they are set in config only
     */
    public List<TaskParameter> shadowed() {
        return shadowed;
    }

    /**
     * @param type a Java type
     * @return its name without package prefixes, such as {@code Map<String, Long>}
     */
    public static String readable(Type type) {
        Class<?> raw = ParameterTypes.rawType(type);
        String name = type instanceof Class<?> c ? c.getName() : type.getTypeName();
        if (raw.isPrimitive()) {
            return name;
        }
        return name.replaceAll("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.(?=[A-Z])", "").replace('$', '.')
                .replace(",", ", ").replace(",  ", ", ");
    }

    private static OptionSpec option(TaskParameter parameter, String name, boolean hidden) {
        boolean flag = isFlag(parameter);
        return OptionSpec.builder(name)
                .type(flag ? Boolean.class : String.class)
                .arity(flag ? "0..1" : "1")
                .converters(AS_TYPED)
                .paramLabel(flag ? BOOLEAN_VALUES : readable(parameter.type()))
                .description(description(parameter))
                .hidden(hidden)
                .hasInitialValue(false)
                .userObject(parameter)
                .build();
    }

    private static String description(TaskParameter parameter) {
        StringBuilder text = new StringBuilder();
        Class<?> raw = parameter.rawType();
        if (raw.isEnum()) {
            text.append("One of ").append(Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "))).append(". ");
        }
        text.append(parameter.defaultText()
                .map(value -> "Default: " + (value.isEmpty() ? "(empty)" : value) + ".")
                .orElse("No default: give it here or in config."));
        if (!parameter.significant()) {
            text.append(" Not in the unique id (@Insignificant).");
        }
        return text.toString();
    }
}
