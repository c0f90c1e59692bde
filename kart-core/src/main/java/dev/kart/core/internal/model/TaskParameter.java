package dev.kart.core.internal.model;

import dev.kart.TaskDefinitionException;
import dev.kart.task.Task;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * One parameter of a task type: a record component with its name, generic type, significance and
 * default. Immutable.
 */
public final class TaskParameter {
    private final String taskName;
    private final String name;
    private final Type type;
    private final Class<?> rawType;
    private final ParameterKind kind;
    private final boolean significant;
    private final Optional<String> defaultText;
    private final Method accessor;

    TaskParameter(String taskName, String name, Type type, Class<?> rawType, ParameterKind kind,
            boolean significant, Optional<String> defaultText, Method accessor) {
        this.taskName = taskName;
        this.name = name;
        this.type = type;
        this.rawType = rawType;
        this.kind = kind;
        this.significant = significant;
        this.defaultText = defaultText;
        this.accessor = accessor;
    }

    /** @return the component's name */
    public String name() {
        return name;
    }

    /** @return the component's generic type */
    public Type type() {
        return type;
    }

    /** @return the component's erased type */
    public Class<?> rawType() {
        return rawType;
    }

    /** @return whether it holds a value, a task or a list of tasks */
    public ParameterKind kind() {
        return kind;
    }

    /** @return whether it enters the unique id */
    public boolean significant() {
        return significant;
    }

    /**
     * @return the {@link dev.kart.task.Default} text, if any; for a {@code boolean} or {@code Boolean} parameter
     *     without one, {@code "false"} ({@link TaskType#IMPLICIT_BOOLEAN_DEFAULT})
     */
    public Optional<String> defaultText() {
        return defaultText;
    }

    /**
     * @param task a task of this parameter's type
     * @return the parameter's value in {@code task}
     */
    public Object valueOf(Task<?> task) {
        try {
            return accessor.invoke(task);
        } catch (ReflectiveOperationException e) {
            throw new TaskDefinitionException("cannot read parameter '" + name + "' of task " + taskName, e);
        }
    }

    @Override
    public String toString() {
        return name + ": " + type.getTypeName() + (significant ? "" : " (insignificant)");
    }
}
