package dev.kart.task;

import java.lang.reflect.Type;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A typed output of a task besides its main output. Declare it as a constant and list it in
 * {@link Task#namedOutputs()}:
 *
 * <pre>{@code
 * public static final NamedOutput<Metrics> METRICS = NamedOutput.of("metrics", "json", Metrics.class);
 * }</pre>
 *
 * It is stored at {@code {workspace}/{package}/{TaskName}_{uniqueId}.{name}.{extension}}. Instances
 * are immutable and compare by name, extension and type.
 *
 * @param <V> the type of the stored value
 */
public final class NamedOutput<V> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");

    private final String name;
    private final String extension;
    private final Type type;

    private NamedOutput(String name, String extension, Type type) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("named output name '" + name
                    + "' must be 1-64 letters, digits, '_' or '-', starting with a letter or digit");
        }
        if (!EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("named output '" + name + "': extension '" + extension
                    + "' must be lower-case letters and digits separated by dots, such as json or csv.gz");
        }
        this.name = name;
        this.extension = extension;
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * @param name the output's name, unique within its task
     * @param extension the file extension that picks the format, such as {@code json} or {@code tsv.gz}
     * @param type the stored value's class
     * @param <V> the stored value's type
     * @return the declaration
     */
    public static <V> NamedOutput<V> of(String name, String extension, Class<V> type) {
        return new NamedOutput<>(name, extension, type);
    }

    /**
     * @param name the output's name, unique within its task
     * @param extension the file extension that picks the format
     * @param type the stored value's generic type
     * @param <V> the stored value's type
     * @return the declaration
     */
    public static <V> NamedOutput<V> of(String name, String extension, TypeRef<V> type) {
        return new NamedOutput<>(name, extension, type.type());
    }

    /** @return the output's name */
    public String name() {
        return name;
    }

    /** @return the file extension that picks the format */
    public String extension() {
        return extension;
    }

    /** @return the stored value's type */
    public Type type() {
        return type;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NamedOutput<?> that
                && name.equals(that.name) && extension.equals(that.extension) && type.equals(that.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, extension, type);
    }

    @Override
    public String toString() {
        return name + "." + extension + " (" + type.getTypeName() + ")";
    }
}
