package dev.kart.core.internal.format;

import dev.kart.TaskDefinitionException;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.inject.TaskClassLoader;
import dev.kart.format.Format;
import jakarta.inject.Inject;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the {@link Format} for an extension: the built-in ones, those found with
 * {@link ServiceLoader}, and {@code .gz} on top of any of them. Thread-safe.
 */
public final class FormatRegistry {
    private static final String GZIP_SUFFIX = ".gz";

    private final Map<String, Format> byExtension;
    private final Map<String, Format> gzipped = new ConcurrentHashMap<>();

    /**
     * @param settings gives the allow-list for {@code .ser}, {@code kart.formats.java.allow}
     * @param classLoader where extra formats are looked up
     */
    @Inject
    public FormatRegistry(KartSettings settings, @TaskClassLoader ClassLoader classLoader) {
        this(settings.javaAllowList(), classLoader);
    }

    /**
     * @param javaAllowList the allow-list for {@code .ser}
     * @param classLoader where extra formats are looked up
     */
    public FormatRegistry(List<String> javaAllowList, ClassLoader classLoader) {
        Map<String, Format> formats = new TreeMap<>();
        for (Format format : List.of(new JsonFormat(), new TextFormat(), new BytesFormat(), DelimitedFormat.csv(),
                DelimitedFormat.tsv(), new JavaSerializationFormat(javaAllowList, classLoader))) {
            register(formats, format);
        }
        for (Format format : ServiceLoader.load(Format.class, classLoader)) {
            register(formats, format);
        }
        this.byExtension = Map.copyOf(formats);
    }

    private static void register(Map<String, Format> formats, Format format) {
        for (String extension : format.extensions()) {
            Format previous = formats.putIfAbsent(extension, format);
            if (previous != null) {
                throw new IllegalStateException("formats " + previous.getClass().getName() + " and "
                        + format.getClass().getName() + " both claim the extension '" + extension + "'");
            }
        }
    }

    /**
     * The format of a task's output, checked to store values of the output's declared type ({@link
     * Format#checkType}): a task whose output its format cannot hold is refused before any task runs.
     *
     * @param extension the output's extension, without the dot, such as {@code json} or {@code csv.gz}
     * @param type the output's declared type
     * @param owner the output, for the error message, such as {@code output of Task[id]}
     * @return its format
     * @throws UnsupportedFormatException when no format handles the extension
     * @throws TaskDefinitionException when the format cannot store values of {@code type}; the message names
     *     the output, the extension and the types the format can store
     */
    public Format forOutput(String extension, Type type, Supplier<String> owner) {
        Format format = forExtension(extension, owner);
        try {
            format.checkType(type);
        } catch (IllegalArgumentException e) {
            throw new TaskDefinitionException(owner.get() + " cannot be written as ." + extension + ": " + e.getMessage(), e);
        }
        return format;
    }

    /**
     * @param extension an extension such as {@code json} or {@code csv.gz}
     * @param owner who needs it, for the error message
     * @return the format
     * @throws UnsupportedFormatException when no format handles the extension
     */
    public Format forExtension(String extension, String owner) {
        return forExtension(extension, () -> owner);
    }

    /**
     * As {@link #forExtension(String, String)}, with the owner's text made only for an error.
     *
     * @param extension the extension, without the dot
     * @param owner the output, for the error message
     * @return its format
     */
    public Format forExtension(String extension, Supplier<String> owner) {
        Format format = byExtension.get(extension);
        if (format != null) {
            return format;
        }
        if (extension.endsWith(GZIP_SUFFIX)) {
            String inner = extension.substring(0, extension.length() - GZIP_SUFFIX.length());
            Format innerFormat = forExtension(inner, owner);
            return gzipped.computeIfAbsent(inner, ignored -> new GzipFormat(innerFormat, inner));
        }
        throw new UnsupportedFormatException(owner.get() + ": no format for the extension '" + extension
                + "'; supported: " + String.join(", ", byExtension.keySet()) + ", each also with .gz");
    }
}
