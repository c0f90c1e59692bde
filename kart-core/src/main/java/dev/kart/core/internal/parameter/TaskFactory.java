package dev.kart.core.internal.parameter;

import dev.kart.core.internal.config.KebabCase;
import dev.kart.core.internal.config.TaskSections;
import dev.kart.core.internal.model.ParameterKind;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates tasks from text values (the command line) and config: each parameter takes, in order,
 * the given value, the task's {@code kart.tasks."<name>"} entry, its {@link dev.kart.task.Default},
 * and for a task-valued parameter, a task of the parameter's type created the same way.
 */
public final class TaskFactory {
    private static final int MAX_DEPTH = 64;

    private final TaskSections sections;

    /** @param sections the per-task config sections */
    @Inject
    public TaskFactory(TaskSections sections) {
        this.sections = sections;
    }

    /**
     * @param type the task type
     * @param values parameter values as text, keyed by parameter name or its kebab-case form
     * @return the task
     * @throws ParameterValueException when a value is unknown, missing or does not parse
     */
    public Task<?> create(TaskType type, Map<String, String> values) {
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
        return create(type, values, 0);
    }

    private Task<?> create(TaskType type, Map<String, String> values, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ParameterValueException("task " + type.family() + ": task-valued parameters nest more than "
                    + MAX_DEPTH + " levels deep; is a task type its own parameter?");
        }
        List<Object> arguments = new ArrayList<>(type.parameters().size());
        for (TaskParameter parameter : type.parameters()) {
            arguments.add(value(type, parameter, values, depth));
        }
        return type.instantiate(arguments.toArray());
    }

    private Object value(TaskType type, TaskParameter parameter, Map<String, String> values, int depth) {
        String where = "parameter '" + parameter.name() + "' of task " + type.family();
        Optional<String> text = Optional.ofNullable(values.get(parameter.name()))
                .or(() -> Optional.ofNullable(values.get(KebabCase.of(parameter.name()))));
        if (text.isPresent()) {
            return ParameterParser.fromText(text.get(), parameter.type(), where);
        }
        Optional<String> configured = sections.parameterPath(type, parameter);
        if (configured.isPresent()) {
            return ParameterParser.fromConfig(sections.value(configured.get()), parameter.type(), where + " (from "
                    + configured.get() + ")");
        }
        if (parameter.defaultText().isPresent()) {
            return ParameterParser.fromText(parameter.defaultText().get(), parameter.type(), where + " (@Default)");
        }
        if (parameter.kind() == ParameterKind.TASK) {
            return create(TaskType.of(parameter.rawType()), new HashMap<>(), depth + 1);
        }
        throw new ParameterValueException("missing value for " + where + " (" + parameter.type().getTypeName()
                + "): give --" + KebabCase.of(parameter.name()) + "=..., set kart.tasks.\"" + type.family() + "\"."
                + KebabCase.of(parameter.name()) + ", or declare @Default");
    }
}
