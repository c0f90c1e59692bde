package dev.kart.core.internal.model;

import dev.kart.TaskDefinitionException;
import dev.kart.core.internal.failure.LinkageErrors;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.Default;
import dev.kart.task.Insignificant;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What kart knows of a task class, read once by reflection and cached: its family name, output
 * type and extension, parameters, and run-lock marker. Immutable.
 */
public final class TaskType {
    /** Extension of the main output when the task declares none. */
    public static final String DEFAULT_EXTENSION = "json";
    /** The value of a {@code boolean} or {@code Boolean} parameter without {@code @Default}, as of luigi's BoolParameter. */
    public static final String IMPLICIT_BOOLEAN_DEFAULT = "false";

    private static final ClassValue<TaskType> CACHE = new ClassValue<>() {
        @Override
        protected TaskType computeValue(Class<?> type) {
            try {
                return new TaskType(type);
            } catch (LinkageError e) {
                // a parameter's type, an annotation or the constructor's signature names a class the class path
                // lacks: reading the record components loads them
                throw new TaskDefinitionException("task " + type.getName() + " cannot be read: " + LinkageErrors.describe(e), e);
            }
        }
    };

    private final Class<?> type;

    private final String packagePath;
    private final String family;
    // kept: Class.getSimpleName() goes through reflection data every time, and every cache file's
    // path asks for it (a tenth of a warm check's CPU)
    private final String simpleName;
    private final List<TaskParameter> parameters;
    private final List<TaskParameter> significantByName;
    private final List<TaskParameter> dependencyParameters;
    private final Type outputType;
    private final String outputExtension;
    private final boolean runWithLock;
    private final Optional<CollisionPolicy> annotatedPolicy;
    private final Constructor<?> constructor;

    private TaskType(Class<?> type) {
        this.type = type;
        this.packagePath = type.getPackageName().replace('.', '/');
        this.family = type.getName();
        this.simpleName = type.getSimpleName();
        if (!Task.class.isAssignableFrom(type)) {
            throw new TaskDefinitionException(family + " is not a task: it does not implement " + Task.class.getName());
        }
        if (!type.isRecord()) {
            throw new TaskDefinitionException("task " + family + " must be a record: its components are its"
                    + " parameters and records are immutable values");
        }
        RecordComponent[] components = type.getRecordComponents();
        List<TaskParameter> params = new ArrayList<>(components.length);
        for (RecordComponent component : components) {
            params.add(parameter(component));
        }
        this.parameters = List.copyOf(params);
        this.significantByName = params.stream().filter(TaskParameter::significant)
                .sorted(Comparator.comparing(TaskParameter::name)).toList();
        this.dependencyParameters = params.stream().filter(p -> p.kind() != ParameterKind.VALUE).toList();
        this.outputType = resolveOutputType(type);
        OutputFormat format = type.getAnnotation(OutputFormat.class);
        this.outputExtension = format == null ? DEFAULT_EXTENSION : format.value();
        RunWithLock lock = type.getAnnotation(RunWithLock.class);
        this.runWithLock = lock != null;
        if (lock != null && lock.onCollision().length > 1) {
            throw new TaskDefinitionException("task " + family + ": @RunWithLock(onCollision) takes at most one policy");
        }
        this.annotatedPolicy = lock == null || lock.onCollision().length == 0
                ? Optional.empty() : Optional.of(lock.onCollision()[0]);
        try {
            this.constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new TaskDefinitionException("task " + family + ": its canonical constructor is not accessible", e);
        }
    }

    /**
     * @param type a task class
     * @return its description, cached per class
     * @throws TaskDefinitionException when the class is not a usable task
     */
    public static TaskType of(Class<?> type) {
        return CACHE.get(type);
    }

    /**
     * @param task a task
     * @return the description of its class
     */
    public static TaskType of(Task<?> task) {
        return CACHE.get(task.getClass());
    }

    /** @return the task class */
    public Class<?> type() {
        return type;
    }

    /** @return the family name that enters the unique id: the class's binary name */
    public String family() {
        return family;
    }

    /** @return the class's simple name, used in file names */
    public String simpleName() {
        return simpleName;
    }

    /** @return the package as a relative directory path with {@code /} separators; empty for the default package */
    public String packagePath() {
        return packagePath;
    }

    /** @return the parameters in declaration order */
    public List<TaskParameter> parameters() {
        return parameters;
    }

    /** @return the significant parameters sorted by name: the order they enter the unique id */
    public List<TaskParameter> significantParametersByName() {
        return significantByName;
    }

    /** @return the parameters holding tasks or lists of tasks */
    public List<TaskParameter> dependencyParameters() {
        return dependencyParameters;
    }

    /**
     * @param name a parameter name
     * @return the parameter, if the task has one of that name
     */
    public Optional<TaskParameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** @return the type argument of {@code Task<T>}: the main output's type */
    public Type outputType() {
        return outputType;
    }

    /** @return whether the task is a {@code Task<Void>} without a main output */
    public boolean hasMainOutput() {
        return outputType != Void.class;
    }

    /** @return the main output's extension, from {@link OutputFormat} or {@value #DEFAULT_EXTENSION} */
    public String outputExtension() {
        return outputExtension;
    }

    /** @return whether the class is marked {@link RunWithLock} */
    public boolean runWithLock() {
        return runWithLock;
    }

    /** @return the policy named in {@link RunWithLock#onCollision()}, if any */
    public Optional<CollisionPolicy> annotatedCollisionPolicy() {
        return annotatedPolicy;
    }

    /**
     * Creates a task from parameter values in declaration order; the record's own validation runs.
     *
     * @param arguments one value per parameter
     * @return the new task
     * @throws ParametersRejectedException when the record's constructor throws: the values are wrong; the
     *     message carries its reason
     * @throws TaskDefinitionException when the class cannot be made with them at all (arguments that do not
     *     fit its constructor), or its static initializer fails, or a class it needs is not on the class path
     */
    public Task<?> instantiate(Object... arguments) {
        try {
            return (Task<?>) constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LinkageError linkage) {
                // the record's constructor needed a class it could not have: not its parameters' fault
                throw new TaskDefinitionException("cannot create task " + family + ": " + LinkageErrors.describe(linkage),
                        linkage);
            }
            throw new ParametersRejectedException("task " + family + " rejected its parameters: " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new TaskDefinitionException("cannot create task " + family + ": " + e.getMessage(), e);
        } catch (LinkageError e) {
            // the class is initialized here, on its first instance: its static initializer, or a class it needs
            throw new TaskDefinitionException("cannot create task " + family + ": " + LinkageErrors.describe(e), e);
        }
    }

    private TaskParameter parameter(RecordComponent component) {
        Type generic = component.getGenericType();
        Class<?> raw = component.getType();
        ParameterKind kind = ParameterTypes.kindOf(generic);
        ParameterTypes.checkSupported(generic, () -> "task " + family + ", parameter '" + component.getName() + "'");
        Method accessor = component.getAccessor();
        accessor.setAccessible(true);
        Default defaultValue = component.getAnnotation(Default.class);
        Optional<String> defaultText = defaultValue != null ? Optional.of(defaultValue.value())
                // luigi's BoolParameter: false unless given, so that a flag is named only to turn it on
                : raw == boolean.class || raw == Boolean.class ? Optional.of(IMPLICIT_BOOLEAN_DEFAULT)
                : Optional.empty();
        return new TaskParameter(family, component.getName(), generic, raw, kind,
                component.getAnnotation(Insignificant.class) == null, defaultText, accessor);
    }

    private static Type resolveOutputType(Class<?> type) {
        Type found = findTaskArgument(type);
        if (found == null || found instanceof TypeVariable<?>) {
            throw new TaskDefinitionException("task " + type.getName() + " must name its output type, as in"
                    + " 'implements Task<List<String>>'");
        }
        return found;
    }

    private static Type findTaskArgument(Class<?> type) {
        for (Type candidate : type.getGenericInterfaces()) {
            if (candidate instanceof ParameterizedType parameterized && parameterized.getRawType() == Task.class) {
                return parameterized.getActualTypeArguments()[0];
            }
            if (candidate == Task.class) {
                return null;
            }
            Class<?> raw = candidate instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) candidate;
            if (Task.class.isAssignableFrom(raw)) {
                Type inherited = findTaskArgument(raw);
                if (inherited != null && !(inherited instanceof TypeVariable<?>)) {
                    return inherited;
                }
                if (inherited instanceof TypeVariable<?> variable && candidate instanceof ParameterizedType p) {
                    TypeVariable<?>[] declared = raw.getTypeParameters();
                    for (int i = 0; i < declared.length; i++) {
                        if (declared[i].getName().equals(variable.getName())) {
                            return p.getActualTypeArguments()[i];
                        }
                    }
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return family;
    }
}
