package dev.kart.core.internal.format;

import dev.kart.TaskDefinitionException;
import dev.kart.config.KartConfigException;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.inject.TaskClasses;
import dev.kart.internal.service.ServiceRegistrations;
import dev.kart.format.Format;
import jakarta.inject.Inject;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;
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
    /** The extensions, in name order, for messages: a copied map's order changes from one run to the next. */
    private final String supported;

    /**
     * @param settings gives the allow-list for {@code .ser}, {@code kart.formats.java.allow}
     * @param classes where extra formats are looked up
     */
    @Inject
    public FormatRegistry(KartSettings settings, TaskClasses classes) {
        this(settings.javaAllowList(), classes.loader());
    }

    /**
     * @param javaAllowList the allow-list for {@code .ser}
     * @param classLoader where extra formats are looked up
     * @throws KartConfigException when a registered format cannot be used, or two formats claim one extension
     */
    public FormatRegistry(List<String> javaAllowList, ClassLoader classLoader) {
        Map<String, Format> formats = new TreeMap<>();
        List<Format> builtIn = List.of(new JsonFormat(), new TextFormat(), new BytesFormat(), DelimitedFormat.csv(),
                DelimitedFormat.tsv(), new JavaSerializationFormat(javaAllowList, classLoader));
        for (Format format : builtIn) {
            register(formats, format, builtIn);
        }
        for (Format format : ServiceRegistrations.load(Format.class, classLoader)) {
            register(formats, format, builtIn);
        }
        this.byExtension = Map.copyOf(formats);
        this.supported = String.join(", ", formats.keySet());
    }

    /**
     * @throws KartConfigException when an extension has a format already: the message names both
     *     formats and the services file that registered the second
     */
    private static void register(Map<String, Format> formats, Format format, List<Format> builtIn) {
        for (String extension : format.extensions()) {
            Format previous = formats.putIfAbsent(extension, format);
            if (previous != null) {
                throw new KartConfigException("formats " + described(previous, builtIn) + " and " + described(format, builtIn)
                        + " both claim the extension '" + extension + "' (expected one format per extension): remove one"
                        + " of them from " + ServiceRegistrations.servicesFile(Format.class) + " on the class path");
            }
        }
    }

    private static String described(Format format, List<Format> builtIn) {
        String name = format.getClass().getName();
        return builtIn.stream().anyMatch(own -> own == format) ? name + " (kart's own)" : name;
    }

    /**
     * The format of a task's output, checked to store values of the output's declared type ({@link
     * Format#checkType}): a task whose output its format cannot hold is refused before any task runs.
     *
     * @param extension the output's extension, without the dot, such as {@code json} or {@code csv.gz}
     * @param type the output's declared type
     * @param owner the output, for the error message, such as {@code output of Task[id]}
     * @return its format
     * @throws TaskDefinitionException when no format handles the extension (the message lists those that do),
     *     or when its format cannot store values of {@code type} (the message names the output, the extension
     *     and the types the format can store)
     */
    public Format forOutput(String extension, Type type, Supplier<String> owner) {
        Format format;
        try {
            format = forExtension(extension, owner);
        } catch (UnsupportedFormatException e) {
            // a task whose output no format stores is defined wrong, as one whose type its format cannot store
            throw new TaskDefinitionException(e.getMessage(), e);
        }
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
            String inner = withoutGzip(extension);
            Format innerFormat = forExtension(inner, owner);
            return gzipped.computeIfAbsent(inner, ignored -> new GzipFormat(innerFormat, inner));
        }
        String lowerCase = extension.toLowerCase(Locale.ROOT);
        String hint = !lowerCase.equals(extension) && byExtension.containsKey(withoutGzip(lowerCase))
                ? " (extensions are lower case: did you mean '" + lowerCase + "'?)" : "";
        throw new UnsupportedFormatException(owner.get() + ": no format for the extension '" + extension + "'" + hint
                + "; supported: " + supported + ", each also with .gz");
    }

    /** @return the extension without a trailing {@code .gz}: the inner format's */
    private static String withoutGzip(String extension) {
        return extension.endsWith(GZIP_SUFFIX) ? extension.substring(0, extension.length() - GZIP_SUFFIX.length()) : extension;
    }
}
