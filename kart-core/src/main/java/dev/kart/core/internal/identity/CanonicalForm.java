package dev.kart.core.internal.identity;

import dev.kart.TaskDefinitionException;
import dev.kart.task.Task;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes parameter values in a canonical text form, the input of unique ids. The form depends on
 * values only: not on declaration order, set or map iteration order, or JVM. Every value carries a
 * type tag and strings carry their length, so distinct values never write the same text. Integers
 * of any width share one tag, so widening an {@code int} parameter to {@code long} keeps ids.
 *
 * <p>This format is frozen: changing it changes every unique id, and the golden-value tests fail.
 *
 * <p>Public only so that kart-bench can measure it ({@code micro-canonical-form}); like the rest of
 * this internal package it is no API: {@link UniqueIds} is its one user in kart.
 */
public final class CanonicalForm {
    private CanonicalForm() {
    }

    /**
     * @param value a parameter value: null, a scalar kart accepts as a parameter (String, boolean,
     *     int, long, double, enum, LocalDate, LocalDateTime, Duration, Path), a task, a record, or a
     *     List, Set or Map of them
     * @param taskIds gives the unique id of a task value; called only for tasks
     * @param out where to append the form
     * @throws TaskDefinitionException when a value (or an element of one) has a type without a
     *     canonical form, or a record component cannot be read
     */
    public static void append(Object value, Function<Task<?>, String> taskIds, StringBuilder out) {
        if (value == null) {
            out.append('N');
        } else if (value instanceof String s) {
            out.append("s").append(s.length()).append(':').append(s);
        } else if (value instanceof Boolean b) {
            out.append(b ? "T" : "F");
        } else if (value instanceof Integer || value instanceof Long) {
            out.append('i').append(value).append(';');
        } else if (value instanceof Double d) {
            out.append('d').append(d.doubleValue() == 0.0 ? "0.0" : Double.toString(d)).append(';');
        } else if (value instanceof Enum<?> e) {
            out.append('e').append(e.name().length()).append(':').append(e.name());
        } else if (value instanceof LocalDate date) {
            out.append("D").append(date).append(';');
        } else if (value instanceof LocalDateTime time) {
            out.append("L").append(time).append(';');
        } else if (value instanceof Duration duration) {
            out.append("P").append(duration).append(';');
        } else if (value instanceof Path path) {
            String text = path.toString().replace('\\', '/');
            out.append('p').append(text.length()).append(':').append(text);
        } else if (value instanceof Task<?> task) {
            out.append('t').append(taskIds.apply(task)).append(';');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (Object element : list) {
                append(element, taskIds, out);
            }
            out.append(']');
        } else if (value instanceof Set<?> set) {
            out.append('{');
            sortedForms(set, taskIds).forEach(out::append);
            out.append('}');
        } else if (value instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                StringBuilder pair = new StringBuilder();
                append(entry.getKey(), taskIds, pair);
                pair.append('=');
                append(entry.getValue(), taskIds, pair);
                entries.add(pair.toString());
            }
            entries.sort(null);
            out.append('<');
            entries.forEach(out::append);
            out.append('>');
        } else if (value instanceof Record record) {
            appendRecord(record, taskIds, out);
        } else {
            throw new TaskDefinitionException("cannot hash a parameter value of type " + value.getClass().getName());
        }
    }

    private static List<String> sortedForms(Collection<?> values, Function<Task<?>, String> taskIds) {
        List<String> forms = new ArrayList<>(values.size());
        for (Object element : values) {
            StringBuilder form = new StringBuilder();
            append(element, taskIds, form);
            forms.add(form.toString());
        }
        forms.sort(null);
        return forms;
    }

    private static void appendRecord(Record record, Function<Task<?>, String> taskIds, StringBuilder out) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        List<String> fields = new ArrayList<>(components.length);
        for (RecordComponent component : components) {
            StringBuilder field = new StringBuilder(component.getName()).append('=');
            try {
                component.getAccessor().setAccessible(true);
                append(component.getAccessor().invoke(record), taskIds, field);
            } catch (ReflectiveOperationException e) {
                throw new TaskDefinitionException("cannot read " + record.getClass().getName() + "." + component.getName(), e);
            }
            fields.add(field.toString());
        }
        fields.sort(null);
        out.append('(').append(record.getClass().getName()).append(':');
        fields.forEach(f -> out.append(f).append(','));
        out.append(')');
    }
}
