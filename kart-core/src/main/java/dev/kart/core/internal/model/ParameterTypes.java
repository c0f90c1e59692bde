package dev.kart.core.internal.model;

import dev.kart.TaskDefinitionException;
import dev.kart.task.Task;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The parameter types kart can hash, parse and show: strings, booleans, ints, longs, doubles,
 * enums, {@code LocalDate}, {@code LocalDateTime}, {@code Duration}, {@code Path}, value records of
 * those, {@code List}, {@code Set} and {@code Map} of those, tasks, and lists of tasks.
 */
public final class ParameterTypes {
    private static final Set<Class<?>> SCALARS = Set.of(String.class, boolean.class, Boolean.class, int.class,
            Integer.class, long.class, Long.class, double.class, Double.class, LocalDate.class,
            LocalDateTime.class, Duration.class, Path.class);

    private ParameterTypes() {
    }

    /**
     * @param type a parameter's generic type
     * @return its kind
     */
    public static ParameterKind kindOf(Type type) {
        Class<?> raw = rawType(type);
        if (Task.class.isAssignableFrom(raw)) {
            return ParameterKind.TASK;
        }
        if (raw == List.class && type instanceof ParameterizedType p
                && Task.class.isAssignableFrom(rawType(p.getActualTypeArguments()[0]))) {
            return ParameterKind.TASK_LIST;
        }
        return ParameterKind.VALUE;
    }

    /**
     * @param type a generic type
     * @return its erasure
     */
    public static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w) {
            return rawType(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    /**
     * @param type a collection or map type
     * @param index which type argument
     * @return that type argument, or {@code Object} when raw
     */
    public static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            Type argument = p.getActualTypeArguments()[index];
            return argument instanceof WildcardType w ? w.getUpperBounds()[0] : argument;
        }
        return Object.class;
    }

    /**
     * @param type a generic type
     * @return whether a value of it is one piece of text: a string, boolean, int, long or double (boxed or
     *     not), an enum, {@code LocalDate}, {@code LocalDateTime}, {@code Duration} or {@code Path}
     */
    public static boolean isScalar(Type type) {
        Class<?> raw = rawType(type);
        return SCALARS.contains(raw) || raw.isEnum();
    }

    static void checkSupported(Type type, Supplier<String> where) {
        Class<?> raw = rawType(type);
        if (SCALARS.contains(raw) || raw.isEnum() || Task.class.isAssignableFrom(raw)) {
            return;
        }
        if (raw == List.class || raw == Set.class) {
            requireArguments(type, where);
            checkSupported(typeArgument(type, 0), where);
            return;
        }
        if (raw == Map.class) {
            requireArguments(type, where);
            Class<?> key = rawType(typeArgument(type, 0));
            if (!(SCALARS.contains(key) || key.isEnum())) {
                throw unsupported(type, where);
            }
            checkSupported(typeArgument(type, 1), where);
            return;
        }
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                checkSupported(component.getGenericType(), where);
            }
            return;
        }
        throw unsupported(type, where);
    }

    private static void requireArguments(Type type, Supplier<String> where) {
        if (!(type instanceof ParameterizedType)) {
            throw new TaskDefinitionException(where.get() + ": give the element type, as in List<String>, not a raw "
                    + type.getTypeName());
        }
    }

    private static TaskDefinitionException unsupported(Type type, Supplier<String> where) {
        return new TaskDefinitionException(where.get() + " has type " + type.getTypeName() + ", which kart cannot hash;"
                + " use String, boolean, int, long, double, an enum, LocalDate, LocalDateTime, Duration, Path,"
                + " a record of those, a List, Set or Map of those, a task or a List of tasks");
    }
}
