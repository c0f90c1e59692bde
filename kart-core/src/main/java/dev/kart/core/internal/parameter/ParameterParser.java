package dev.kart.core.internal.parameter;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.kart.core.internal.config.UnitlessNumber;
import dev.kart.core.internal.model.ParameterTypes;
import dev.kart.task.Task;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns text (command line, {@link dev.kart.task.Default}) and config values into parameter values of
 * a given generic type. Lists are written {@code a,b,c} or {@code [a, b, c]}, maps {@code k=v,k2=v2}
 * or {@code {k: v}}, durations {@code PT5M} or {@code 5m}, dates in ISO form.
 */
public final class ParameterParser {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    private ParameterParser() {
    }

    /**
     * @param text the value as text
     * @param type the parameter's generic type
     * @param where names the parameter and task, for errors
     * @return the parsed value
     * @throws ParameterValueException when the text is not a value of the type
     */
    public static Object fromText(String text, Type type, String where) {
        Class<?> raw = ParameterTypes.rawType(type);
        String trimmed = text.trim();
        if (raw == List.class || raw == Set.class || raw == Map.class || (raw.isRecord() && !Task.class.isAssignableFrom(raw))) {
            if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
                return fromConfig(parseStructure(trimmed, type, where), type, where);
            }
            if (raw == Map.class) {
                return fromConfig(splitPairs(trimmed, type, where), type, where);
            }
            if (raw.isRecord()) {
                throw invalid(text, type, where, "write it as {component: value, ...}", null);
            }
            List<Object> elements = trimmed.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(trimmed.split("\\s*,\\s*", -1)));
            return fromConfig(elements, type, where);
        }
        return scalar(text, raw, type, where);
    }

    /**
     * @param value a value unwrapped from Typesafe Config: String, Number, Boolean, List or Map
     * @param type the parameter's generic type
     * @param where names the parameter and task, for errors
     * @return the converted value
     * @throws ParameterValueException when the value is not of the type
     */
    public static Object fromConfig(Object value, Type type, String where) {
        Class<?> raw = ParameterTypes.rawType(type);
        if (value == null) {
            throw new ParameterValueException(where + ": null is not a value of type " + type.getTypeName());
        }
        if (raw == List.class || raw == Set.class) {
            if (!(value instanceof Collection<?> elements)) {
                return fromText(value.toString(), type, where);
            }
            Type elementType = ParameterTypes.typeArgument(type, 0);
            Collection<Object> converted = raw == List.class ? new ArrayList<>() : new LinkedHashSet<>();
            for (Object element : elements) {
                converted.add(fromConfig(element, elementType, where));
            }
            return raw == List.class ? List.copyOf(converted) : Set.copyOf(converted);
        }
        if (raw == Map.class) {
            if (!(value instanceof Map<?, ?> entries)) {
                return fromText(value.toString(), type, where);
            }
            Type keyType = ParameterTypes.typeArgument(type, 0);
            Type valueType = ParameterTypes.typeArgument(type, 1);
            Map<Object, Object> converted = new LinkedHashMap<>();
            Map<Object, Object> spelling = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                Object key = fromText(entry.getKey().toString(), keyType, where);
                Object earlier = spelling.putIfAbsent(key, entry.getKey());
                if (earlier != null) {
                    // such as enum keys in two cases, or 1 and 01 for a number
                    throw new ParameterValueException(where + ": the keys '" + earlier + "' and '" + entry.getKey()
                            + "' are the same key " + key + " of the map; give each key once");
                }
                // the value alone would not say which entry is wrong
                converted.put(key, fromConfig(entry.getValue(), valueType, "key '" + entry.getKey() + "' of " + where));
            }
            return Map.copyOf(converted);
        }
        if (raw.isRecord() && !Task.class.isAssignableFrom(raw)) {
            if (!(value instanceof Map<?, ?> fields)) {
                return fromText(value.toString(), type, where);
            }
            return record(fields, raw, where);
        }
        if (value instanceof Number number) {
            return number(number, raw, type, where);
        }
        if (value instanceof Boolean bool && (raw == boolean.class || raw == Boolean.class)) {
            return bool;
        }
        if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
            throw invalid(value.toString(), type, where, null, null);
        }
        return scalar(value.toString(), raw, type, where);
    }

    private static Object scalar(String text, Class<?> raw, Type type, String where) {
        try {
            if (raw == String.class) {
                return text;
            }
            String trimmed = text.trim();
            if (raw == boolean.class || raw == Boolean.class) {
                if (trimmed.equalsIgnoreCase("true")) {
                    return true;
                }
                if (trimmed.equalsIgnoreCase("false")) {
                    return false;
                }
                throw invalid(text, type, where, "expected true or false", null);
            }
            if (raw == int.class || raw == Integer.class) {
                checkRange(trimmed, Integer.MIN_VALUE, Integer.MAX_VALUE, type, where);
                return Integer.parseInt(trimmed);
            }
            if (raw == long.class || raw == Long.class) {
                checkRange(trimmed, Long.MIN_VALUE, Long.MAX_VALUE, type, where);
                return Long.parseLong(trimmed);
            }
            if (raw == double.class || raw == Double.class) {
                return Double.parseDouble(trimmed);
            }
            if (raw == LocalDate.class) {
                return LocalDate.parse(trimmed);
            }
            if (raw == LocalDateTime.class) {
                return LocalDateTime.parse(trimmed);
            }
            if (raw == Duration.class) {
                return duration(trimmed, type, where);
            }
            if (raw == Path.class) {
                return Path.of(trimmed);
            }
            if (raw.isEnum()) {
                for (Object constant : raw.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(trimmed)) {
                        return constant;
                    }
                }
                throw invalid(text, type, where, "expected one of " + Arrays.toString(raw.getEnumConstants()), null);
            }
        } catch (NumberFormatException | DateTimeParseException | ConfigException | java.nio.file.InvalidPathException e) {
            throw invalid(text, type, where, null, e);
        }
        throw new ParameterValueException(where + ": a value of type " + type.getTypeName()
                + " cannot be given as text; a task-valued parameter is built from its own parameters");
    }

    private static Duration duration(String text, Type type, String where) {
        // luigi's TimeDeltaParameter reads a bare number as seconds and Typesafe Config as milliseconds:
        // a gokart user's "30" would mean a thousandth of what they meant either way, so it takes a unit
        if (UnitlessNumber.isNonZero(text)) {
            String number = UnitlessNumber.strip(text);
            throw invalid(text, type, where, "a duration needs a unit: " + number + "s for seconds, as luigi's"
                    + " TimeDeltaParameter reads a bare number, or " + number + "ms, as Typesafe Config does", null);
        }
        if (text.startsWith("P") || text.startsWith("p") || text.startsWith("-P")) {
            return Duration.parse(text);
        }
        return ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(text)).getDuration("d");
    }

    private static Object number(Number number, Class<?> raw, Type type, String where) {
        if (raw == double.class || raw == Double.class) {
            return number.doubleValue();
        }
        boolean integral = number instanceof Integer || number instanceof Long
                || number.doubleValue() == Math.rint(number.doubleValue());
        if ((raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) && !integral) {
            throw invalid(number.toString(), type, where, null, null);
        }
        if (raw == long.class || raw == Long.class) {
            // a whole number beyond long's range reaches here as a double
            if (!(number instanceof Integer || number instanceof Long)
                    && (number.doubleValue() >= 0x1p63 || number.doubleValue() < -0x1p63)) {
                throw outOfRange(number.toString(), type, where, Long.MIN_VALUE, Long.MAX_VALUE);
            }
            return number.longValue();
        }
        if (raw == int.class || raw == Integer.class) {
            if (number.doubleValue() > Integer.MAX_VALUE || number.doubleValue() < Integer.MIN_VALUE) {
                throw outOfRange(number.toString(), type, where, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
            return number.intValue();
        }
        return scalar(number.toString(), raw, type, where);
    }

    /** A whole number too large or small for the type is told as such, not as "not a whole number". */
    private static void checkRange(String text, long min, long max, Type type, String where) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            return;
        }
        BigInteger value = new BigInteger(text);
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw outOfRange(text, type, where, min, max);
        }
    }

    private static ParameterValueException outOfRange(String text, Type type, String where, long min, long max) {
        return new ParameterValueException(where + ": " + text + " is out of range for " + type.getTypeName()
                + " (expected a whole number from " + min + " to " + max + ")");
    }

    private static Object record(Map<?, ?> fields, Class<?> raw, String where) {
        RecordComponent[] components = raw.getRecordComponents();
        Object[] arguments = new Object[components.length];
        for (Object key : fields.keySet()) {
            if (Arrays.stream(components).noneMatch(c -> c.getName().equals(key))) {
                throw new ParameterValueException(where + ": " + raw.getSimpleName() + " has no component '" + key
                        + "'; it has " + Arrays.stream(components).map(RecordComponent::getName).toList());
            }
        }
        for (int i = 0; i < components.length; i++) {
            Object field = fields.get(components[i].getName());
            if (field == null) {
                throw new ParameterValueException(where + ": missing component '" + components[i].getName()
                        + "' of " + raw.getSimpleName());
            }
            arguments[i] = fromConfig(field, components[i].getGenericType(),
                    "component '" + components[i].getName() + "' of " + where);
        }
        try {
            var constructor = raw.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new ParameterValueException(where + ": " + raw.getSimpleName() + " rejected the value: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ParameterValueException(where + ": cannot create " + raw.getName(), e);
        }
    }

    private static Object parseStructure(String text, Type type, String where) {
        try {
            return ConfigFactory.parseString("v = " + text).getValue("v").unwrapped();
        } catch (ConfigException e) {
            throw invalid(text, type, where, null, e);
        }
    }

    private static Map<String, String> splitPairs(String text, Type type, String where) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return pairs;
        }
        for (String pair : text.split("\\s*,\\s*")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw invalid(text, type, where, "write a map as key=value,key2=value2", null);
            }
            String key = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            String earlier = pairs.putIfAbsent(key, value);
            if (earlier != null) {
                throw new ParameterValueException(where + ": key '" + key + "' is given twice in '" + text + "' ('"
                        + key + "=" + earlier + "' and '" + key + "=" + value + "'); give each key of the map once");
            }
        }
        return pairs;
    }

    private static ParameterValueException invalid(String text, Type type, String where, String hint, Throwable cause) {
        String expected = hint != null ? hint : "expected " + describe(type);
        return new ParameterValueException(where + ": '" + text + "' is not a valid " + type.getTypeName()
                + " (" + expected + ")", cause);
    }

    private static String describe(Type type) {
        Class<?> raw = ParameterTypes.rawType(type);
        if (raw == LocalDate.class) {
            return "an ISO date such as 2024-01-31";
        }
        if (raw == LocalDateTime.class) {
            return "an ISO date-time such as 2024-01-31T12:00:00";
        }
        if (raw == Duration.class) {
            return "a duration such as PT5M, 5m, 30s or 500ms";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "a whole number";
        }
        if (raw == double.class || raw == Double.class) {
            return "a number";
        }
        return "a " + raw.getSimpleName().toLowerCase(Locale.ROOT);
    }
}
