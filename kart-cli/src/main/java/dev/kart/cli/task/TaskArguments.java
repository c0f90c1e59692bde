package dev.kart.cli.task;

import dev.kart.cli.UsageException;
import dev.kart.core.internal.config.EditDistance;
import dev.kart.core.internal.config.KebabCase;
import dev.kart.core.internal.model.ParameterKind;
import dev.kart.core.internal.model.ParameterTypes;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads task names and their parameter values from the words of a command line:
 * {@code books.BookReport --top=5 --min-length 4 --verbose}. A value follows its name after
 * {@code =} or as the next word; a boolean parameter given alone means {@code true}. Names are the
 * parameter's own ({@code minLength}) or its kebab-case form ({@code min-length}). Values stay text:
 * {@link dev.kart.core.internal.parameter.ParameterParser} turns them into the parameter's type.
 */
public final class TaskArguments {
    private static final int LONG_NAME = 6;

    private TaskArguments() {
    }

    /**
     * One task named on the command line with its parameter values.
     *
     * @param type the task's type
     * @param values parameter values as text, by the parameter's own name
     */
    public record Invocation(TaskType type, Map<String, String> values) {
        /** Copies the map. */
        public Invocation {
            values = Map.copyOf(values);
        }
    }

    /**
     * @param words the words after the command: task names, each followed by its parameters
     * @param resolve turns a task name into its type
     * @param commandOptions the command's own options (such as {@code --workers}), for hints when a
     *     misspelt one is taken for a task parameter
     * @param manyTasks whether more than one task may be named
     * @return one invocation per task named, in order
     * @throws UsageException when no task is named, a word is not a parameter of its task, a value is
     *     missing, or a parameter is given twice
     */
    public static List<Invocation> parse(List<String> words, Function<String, TaskType> resolve,
            Collection<String> commandOptions, boolean manyTasks) {
        List<Invocation> invocations = new ArrayList<>();
        TaskType type = null;
        Map<String, String> values = null;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("-") || word.equals("-")) {
                if (type != null && !manyTasks) {
                    throw new UsageException("unexpected argument '" + word + "' after task " + type.family()
                            + ": give task parameters as --name=value");
                }
                if (type != null) {
                    invocations.add(new Invocation(type, values));
                }
                type = resolve.apply(word);
                values = new LinkedHashMap<>();
                continue;
            }
            if (type == null) {
                throw new UsageException("unknown option '" + word + "'" + hint(optionName(word), List.of(), commandOptions)
                        + "; task parameters come after the task name");
            }
            if (!word.startsWith("--")) {
                throw new UsageException("unknown option '" + word + "' for task " + type.family()
                        + ": task parameters are given as --name=value");
            }
            TaskType owner = type;
            TaskParameter parameter = parameter(owner, optionName(word))
                    .orElseThrow(() -> unknownParameter(word, owner, commandOptions));
            String value;
            int equals = word.indexOf('=');
            if (equals >= 0) {
                value = word.substring(equals + 1);
            } else if (isBoolean(parameter)) {
                boolean explicit = i + 1 < words.size() && isBooleanText(words.get(i + 1));
                value = explicit ? words.get(++i) : "true";
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw new UsageException("task parameter --" + KebabCase.of(parameter.name()) + " of " + type.family()
                        + " needs a value (" + parameter.type().getTypeName() + "): give --"
                        + KebabCase.of(parameter.name()) + "=VALUE");
            }
            if (values.putIfAbsent(parameter.name(), value) != null) {
                throw new UsageException("task parameter --" + KebabCase.of(parameter.name()) + " of " + type.family()
                        + " is given twice ('" + values.get(parameter.name()) + "' and '" + value + "')");
            }
        }
        if (type == null) {
            throw new UsageException("missing TASK: name the task to work on, such as books.BookReport");
        }
        invocations.add(new Invocation(type, values));
        return invocations;
    }

    private static String optionName(String word) {
        String name = word.replaceFirst("^-+", "");
        int equals = name.indexOf('=');
        return equals >= 0 ? name.substring(0, equals) : name;
    }

    private static Optional<TaskParameter> parameter(TaskType type, String name) {
        return type.parameters().stream()
                .filter(p -> p.name().equals(name) || KebabCase.of(p.name()).equals(name)).findFirst();
    }

    private static boolean isBoolean(TaskParameter parameter) {
        return parameter.rawType() == boolean.class || parameter.rawType() == Boolean.class;
    }

    private static boolean isBooleanText(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }

    private static UsageException unknownParameter(String word, TaskType type, Collection<String> commandOptions) {
        List<String> parameters = type.parameters().stream().map(p -> "--" + KebabCase.of(p.name())).toList();
        String name = optionName(word);
        String where = ofDependency(type, name)
                .map(dependency -> ". It is a parameter of the dependency " + dependency.family() + ": set it in config,"
                        + " as in -D 'kart.tasks.\"" + dependency.family() + "\"." + name + "=VALUE'")
                .orElse(hint(name, parameters, commandOptions));
        return new UsageException("unknown option '" + word + "' for task " + type.family() + where
                + (parameters.isEmpty() ? "; the task has no parameters" : "; its parameters: " + String.join(", ", parameters)));
    }

    /** The nearest task type among the dependencies' types that has a parameter of that name. */
    private static Optional<TaskType> ofDependency(TaskType root, String name) {
        Deque<TaskType> pending = new ArrayDeque<>(List.of(root));
        Set<Class<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            TaskType type = pending.poll();
            if (!seen.add(type.type())) {
                continue;
            }
            if (type != root && parameter(type, name).isPresent()) {
                return Optional.of(type);
            }
            for (TaskParameter dependency : type.dependencyParameters()) {
                Class<?> raw = dependency.kind() == ParameterKind.TASK ? dependency.rawType()
                        : ParameterTypes.rawType(ParameterTypes.typeArgument(dependency.type(), 0));
                if (raw.isRecord()) {
                    pending.add(TaskType.of(raw));
                }
            }
        }
        return Optional.empty();
    }

    private static String hint(String name, List<String> parameters, Collection<String> commandOptions) {
        List<String> candidates = new ArrayList<>(parameters);
        candidates.addAll(commandOptions);
        String wanted = "--" + name.toLowerCase(Locale.ROOT);
        // One edit for short names, two for longer ones: "--text" is not a misspelt "--set".
        int allowed = name.length() >= LONG_NAME ? 2 : 1;
        return candidates.stream()
                .min(Comparator.comparingInt(candidate -> EditDistance.between(candidate.toLowerCase(Locale.ROOT), wanted)))
                .filter(candidate -> EditDistance.between(candidate.toLowerCase(Locale.ROOT), wanted) <= allowed)
                .map(candidate -> " (did you mean " + candidate + "?)")
                .orElse("");
    }
}
