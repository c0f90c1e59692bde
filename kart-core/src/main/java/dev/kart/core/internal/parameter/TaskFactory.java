package dev.kart.core.internal.parameter;

import dev.kart.config.KartConfigException;
import dev.kart.core.internal.config.KebabCase;
import dev.kart.core.internal.config.TaskSections;
import dev.kart.core.internal.model.ParameterKind;
import dev.kart.core.internal.model.ParametersRejectedException;
import dev.kart.core.internal.model.ParameterTypes;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Creates tasks from text values (the command line) and config: each parameter takes, in order,
 * the given value, the task's {@code kart.tasks."<name>"} entry, its {@link dev.kart.task.Default},
 * and for a task-valued parameter, a task of the parameter's type created the same way.
 */
public final class TaskFactory {
    private static final int MAX_DEPTH = 64;

    private final TaskSections sections;

    /**
     * @param sections the per-task config sections
     * @throws KartConfigException when a section sets a parameter to a value that is not of its type
     */
    @Inject
    public TaskFactory(TaskSections sections) {
        this.sections = sections;
        checkConfiguredValues();
    }

    /**
     * @param type the task type
     * @param values parameter values as text, keyed by parameter name or its kebab-case form
     * @return the task
     * @throws ParameterValueException when a value is unknown, missing or does not parse, or the task's record
     *     rejects it
     */
    public Task<?> create(TaskType type, Map<String, String> values) {
        return create(type, values, Set.of());
    }

    /**
     * As {@link #create(TaskType, Map)}, for a command line that cannot give some of the task's parameters: its
     * own options have their names ({@code --workers}). A missing value of one of those is to be set in config.
     *
     * @param type the task type
     * @param values parameter values as text, keyed by parameter name or its kebab-case form
     * @param configOnly the names of the parameters the command line cannot give
     * @return the task
     * @throws ParameterValueException when a value is unknown, missing or does not parse, or the task's record
     *     rejects it
     */
    public Task<?> create(TaskType type, Map<String, String> values, Set<String> configOnly) {
        Set<String> known = new HashSet<>();
        for (TaskParameter parameter : type.parameters()) {
            known.add(parameter.name());
            known.add(KebabCase.of(parameter.name()));
        }
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new ParameterValueException("task " + type.family() + " has no parameter '" + key + "'; its parameters: "
                        + type.parameters().stream().map(TaskParameter::toString).toList());
            }
        }
        return create(type, values, 0, configOnly);
    }

    /**
     * @param parameter a task parameter
     * @return whether only code can give it a value: it holds tasks that kart cannot make from the
     *     command line or config (a list, set or map of tasks, a record holding tasks, or a task of a type
     *     that is not a task record). A single task of a record type is not: kart makes it from its own
     *     parameters.
     */
    public static boolean setInCodeOnly(TaskParameter parameter) {
        return switch (parameter.kind()) {
            case TASK -> !parameter.rawType().isRecord();
            case TASK_LIST -> true;
            case VALUE -> holdsTasks(parameter.type());
        };
    }

    private static boolean holdsTasks(Type type) {
        Class<?> raw = ParameterTypes.rawType(type);
        if (Task.class.isAssignableFrom(raw)) {
            return true;
        }
        if (raw == List.class || raw == Set.class) {
            return holdsTasks(ParameterTypes.typeArgument(type, 0));
        }
        if (raw == Map.class) {
            return holdsTasks(ParameterTypes.typeArgument(type, 1));
        }
        return raw.isRecord() && Arrays.stream(raw.getRecordComponents()).anyMatch(c -> holdsTasks(c.getGenericType()));
    }

    /**
     * @return the value a task section sets
     * @throws KartConfigException when it is not a value of the parameter's type: a configuration error,
     *     not a command-line mistake, naming the key and where it was set
     */
    private Object configuredValue(TaskType type, TaskParameter parameter, String path) {
        try {
            return ParameterParser.fromConfig(sections.value(path), parameter.type(),
                    "parameter '" + parameter.name() + "' of task " + type.family());
        } catch (ParameterValueException e) {
            throw sections.badValue(path, "is a bad value for " + e.getMessage());
        }
    }

    /**
     * Reads every value parameter a task section sets, so that a bad value stops the runtime at start
     * even where no task of a build reads it: a dependency whose dependent sets that parameter in code
     * (its own value wins, as in luigi) or a task no build makes.
     */
    private void checkConfiguredValues() {
        for (TaskType type : sections.typesWithSections()) {
            for (TaskParameter parameter : type.parameters()) {
                if (parameter.kind() == ParameterKind.VALUE && !setInCodeOnly(parameter)) {
                    sections.parameterPath(type, parameter).ifPresent(path -> configuredValue(type, parameter, path));
                }
            }
        }
    }

    private Task<?> create(TaskType type, Map<String, String> values, int depth, Set<String> configOnly) {
        if (depth > MAX_DEPTH) {
            throw new ParameterValueException("task " + type.family() + ": task-valued parameters nest more than "
                    + MAX_DEPTH + " levels deep; is a task type its own parameter?");
        }
        List<Object> arguments = new ArrayList<>(type.parameters().size());
        List<String> configured = new ArrayList<>();
        for (TaskParameter parameter : type.parameters()) {
            arguments.add(value(type, parameter, values, depth, configOnly, configured));
        }
        try {
            return type.instantiate(arguments.toArray());
        } catch (ParametersRejectedException e) {
            // the record's validation refused a value given to it, as a parse failure would have; it says what is
            // wrong, not where the value came from: name the config keys that gave values
            String message = asOptions(e.getMessage(), e.getCause() == null ? null : e.getCause().getMessage(), type,
                    values);
            throw new ParameterValueException(configured.isEmpty() ? message : message + " (values set in"
                    + " config: " + configured.stream().map(sections::describe).collect(Collectors.joining(", ")) + ")",
                    e.getCause());
        }
    }

    /**
     * A record's validation names a parameter by its Java name ({@code minLength is 0}), which is no option the
     * command line takes: the parameters given there are named as options instead ({@code --min-length is 0}),
     * as the task's help lists them. A name with a capital ({@code minLength}) is replaced wherever it stands as a
     * word, being no word of prose; any other ({@code top}) only where the reason starts with it, so that a
     * parameter named as an English word leaves the rest of the sentence alone.
     *
     * @param message {@code task FAMILY rejected its parameters: } and the constructor's reason
     * @param reason the constructor's reason, the end of {@code message}
     * @param values the values the command line gave, by name or in kebab-case
     */
    private static String asOptions(String message, String reason, TaskType type, Map<String, String> values) {
        if (reason == null || values.isEmpty() || !message.endsWith(reason)) {
            return message;
        }
        String named = reason;
        for (TaskParameter parameter : type.parameters()) {
            String name = parameter.name();
            String kebab = KebabCase.of(name);
            if (!values.containsKey(name) && !values.containsKey(kebab)) {
                continue;
            }
            String option = "--" + kebab;
            if (!kebab.equals(name)) {
                // not after '-' or '.': already an option, or a qualified name such as a class's
                named = named.replaceAll("(?<![\\w.$-])" + Pattern.quote(name) + "(?![\\w$])",
                        Matcher.quoteReplacement(option));
            } else if (named.startsWith(name + " ")) {
                named = option + named.substring(name.length());
            }
        }
        return message.substring(0, message.length() - reason.length()) + named;
    }

    /** @param configuredPaths where the config key a value is taken from is added, for messages */
    private Object value(TaskType type, TaskParameter parameter, Map<String, String> values, int depth,
            Set<String> configOnly, List<String> configuredPaths) {
        String where = "parameter '" + parameter.name() + "' of task " + type.family();
        Optional<String> text = Optional.ofNullable(values.get(parameter.name()))
                .or(() -> Optional.ofNullable(values.get(KebabCase.of(parameter.name()))));
        if (text.isPresent()) {
            return ParameterParser.fromText(text.get(), parameter.type(), where);
        }
        Optional<String> configured = sections.parameterPath(type, parameter);
        if (configured.isPresent()) {
            configuredPaths.add(configured.get());
            return configuredValue(type, parameter, configured.get());
        }
        if (parameter.defaultText().isPresent()) {
            return ParameterParser.fromText(parameter.defaultText().get(), parameter.type(), where + " (@Default)");
        }
        if (setInCodeOnly(parameter)) {
            throw new ParameterValueException(where + " (" + parameter.type().getTypeName() + ") is set in code only:"
                    + " kart cannot make it from the command line or config, so it cannot make " + type.simpleName()
                    + " either; run a task whose code creates " + type.simpleName());
        }
        if (parameter.kind() == ParameterKind.TASK) {
            return create(TaskType.of(parameter.rawType()), new HashMap<>(), depth + 1, Set.of());
        }
        String key = "kart.tasks.\"" + type.family() + "\"." + KebabCase.of(parameter.name());
        if (depth > 0) {
            // a dependency made for a task-valued parameter: the command line's options are the given task's only
            throw new ParameterValueException("missing value for " + where + " (" + parameter.type().getTypeName()
                    + "), a dependency made for a task-valued parameter: set it in config, as in -D '" + key
                    + "=VALUE', or declare @Default");
        }
        if (configOnly.contains(parameter.name())) {
            throw new ParameterValueException("missing value for " + where + " (" + parameter.type().getTypeName()
                    + "): --" + KebabCase.of(parameter.name()) + " is kart's own option, so set it in config, as in -D '"
                    + key + "=VALUE', or declare @Default");
        }
        throw new ParameterValueException("missing value for " + where + " (" + parameter.type().getTypeName()
                + "): give --" + KebabCase.of(parameter.name()) + "=..., set " + key + ", or declare @Default");
    }
}
