package dev.kart.core.internal.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a config value was set, in kart's words: {@code /etc/kart/site.conf, line 12}, {@code the command
 * line}, {@code JVM system property -Dkart.workers}, {@code environment variable KART_WORKERS} or {@code the
 * default, reference.conf} (kart's own; a task jar's reference.conf is named by its URL and line), instead of Typesafe Config's descriptions ({@code application.conf @ file:...: 12},
 * {@code env variables}, {@code merge of ...}), which name no variable or property. Also which environment
 * variable a file reads for a key, for an error about a value that variable left unset.
 */
public final class ConfigOrigins {
    private static final String REFERENCE = "reference.conf";
    private static final String ENVIRONMENT = "environment variables";
    /** How Typesafe Config describes the origin of a value of a JVM system property. */
    private static final String SYSTEM_PROPERTIES_ORIGIN = "system properties";
    private static final String SYSTEM_PROPERTIES = "JVM system properties";
    /** How Typesafe Config describes the origin of a value made of several: {@code merge of A,B}. */
    private static final String MERGE = "merge of ";
    /** How Typesafe Config ends the description of a place in a file: {@code PLACE: LINE} or {@code PLACE: FIRST-LAST}. */
    private static final Pattern LINED = Pattern.compile("(?s)(.+?): (\\d+)(?:-\\d+)?");
    /** How Typesafe Config describes a resource found on the class path: {@code application.conf @ URL}. */
    private static final String RESOURCE_AT = " @ ";
    /** How a reference.conf reads a variable: {@code workers = ${?KART_WORKERS}}. */
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{\\??([A-Za-z_][A-Za-z0-9_]*)}");

    private ConfigOrigins() {
    }

    /**
     * Typesafe Config gives a value it substituted from {@code ${?VAR}} the origin "env variables",
     * without the variable: the variable is the one the key's line of an application.conf or a
     * reference.conf on the class path names, the application's first since it overrides the defaults.
     * Only a variable that is set can have given the value: a {@code --config} file that reads {@code ${?W}}
     * for a key whose reference.conf reads {@code KART_WORKERS} must not blame {@code KART_WORKERS} when
     * that is not set.
     *
     * @param path a config path such as {@code kart.workers}
     * @return the variable, set in this process's environment, that an application.conf or a reference.conf
     *     reads for it, such as {@code KART_WORKERS}
     */
    private static Optional<String> environmentVariable(String path) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : ConfigOrigins.class.getClassLoader();
        for (String resource : new String[] {"application.conf", "reference.conf"}) {
            try {
                Enumeration<URL> files = loader.getResources(resource);
                while (files.hasMoreElements()) {
                    Optional<String> variable = variableRead(ConfigFactory.parseURL(
                            files.nextElement()).root(), path);
                    if (variable.isPresent() && System.getenv(variable.get()) != null) {
                        return variable;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // then "environment variables" it stays, unless another file names it
            }
        }
        return Optional.empty();
    }

    static Optional<String> variableRead(ConfigValue file, String path) {
        // a file may read the variable into a key of its own and the key into kart's: retries = ${?MY_RETRIES},
        // kart.retry.count = ${retries}; a few steps cover that, and a cycle ends with them
        String read = path;
        for (int step = 0; step < 8; step++) {
            ConfigValue value = at(file, read);
            if (value == null) {
                return Optional.empty();
            }
            Matcher substitution = SUBSTITUTION.matcher(value.render());
            if (!substitution.find()) {
                return Optional.empty();
            }
            String name = substitution.group(1);
            if (at(file, name) == null) {
                return Optional.of(name);
            }
            read = name;
        }
        return Optional.empty();
    }

    private static ConfigValue at(ConfigValue file, String path) {
        ConfigValue value = file;
        for (String key : ConfigUtil.splitPath(path)) {
            value = value instanceof ConfigObject object ? object.get(key) : null;
        }
        return value;
    }

    /**
     * @param value a config value
     * @return where it was set, such as {@code /etc/kart/site.conf, line 12}, {@code the command line} or
     *     {@code environment variables}; for an object, where its first value was set (a {@code -D} of
     *     {@code a.b.c=1} makes objects whose own origin names no place)
     */
    public static String origin(ConfigValue value) {
        return origin(leaf(value).origin());
    }

    /**
     * Where a value was set: for an object, its first value.
     *
     * @param origin that value's origin
     * @param below that value's keys under the object, as a system property names them ({@code .a.b}); empty
     *     for a value that is no object
     */
    record Leaf(ConfigOrigin origin, String below) {
    }

    /**
     * @param value a config value
     * @return where its key is written: an object's own origin, the line its block opens on ({@code krat {}),
     *     when it has one; else, as for a value merged from two places or one that is no object, where its
     *     first value was set ({@link #leaf})
     */
    static ConfigOrigin keyLine(ConfigValue value) {
        return keyLeaf(value).origin();
    }

    /** As {@link #keyLine}, with the keys below when a value's first one stands for it. */
    static Leaf keyLeaf(ConfigValue value) {
        return value instanceof ConfigObject && value.origin().lineNumber() >= 0 ? new Leaf(value.origin(), "") : leaf(value);
    }

    /**
     * As {@link #origin(ConfigValue, String)}, for an error about the key rather than its value: an object written as
     * a block ({@code lok { ... }}) is placed at the line its key is written on, not its first inner key's.
     *
     * @param value a config value
     * @param path its full path, such as {@code kart.lok}
     * @return where its key was written
     */
    public static String keyOrigin(ConfigValue value, String path) {
        return origin(keyLeaf(value), path);
    }

    static Leaf leaf(ConfigValue value) {
        ConfigValue leaf = value;
        StringBuilder below = new StringBuilder();
        while (leaf instanceof ConfigObject object && !object.isEmpty()) {
            Map.Entry<String, ConfigValue> first = object.entrySet().iterator().next();
            below.append('.').append(first.getKey());
            leaf = first.getValue();
        }
        return new Leaf(leaf.origin(), below.toString());
    }

    /**
     * As {@link #origin(ConfigValue)}, and a value substituted from an environment variable names the
     * variable, as the file that reads it for this path names it: {@code environment variable
     * KART_WORKERS}; a value of a JVM system property names the property: {@code JVM system property
     * -Dkart.workers}.
     *
     * @param value a config value
     * @param path its full path, such as {@code kart.tasks."a.Task".top}
     * @return where it was set
     */
    public static String origin(ConfigValue value, String path) {
        return origin(leaf(value), path);
    }

    static String origin(Leaf leaf, String path) {
        String origin = origin(leaf.origin());
        if (origin.equals(SYSTEM_PROPERTIES)) {
            // Typesafe Config's "system properties" names none, and -Dkart.workrs is what to look for in JAVA_OPTS
            return "JVM system property -D" + propertyName(path) + leaf.below();
        }
        return withVariable(origin, path);
    }

    /** @return a config path as a system property names it, without quotes: Typesafe Config reads none there */
    private static String propertyName(String path) {
        try {
            return String.join(".", ConfigUtil.splitPath(path));
        } catch (ConfigException e) {
            return path;
        }
    }

    /**
     * @param value a config value
     * @return whether it comes from JVM system properties alone, which Typesafe Config reads whether or not
     *     they are meant for it
     */
    static boolean fromSystemProperties(ConfigValue value) {
        return value.origin().description().equals(SYSTEM_PROPERTIES_ORIGIN);
    }

    /** Typesafe Config's "env variables" names no variable: the file that reads one for the path does. */
    private static String withVariable(String origin, String path) {
        if (!origin.contains(ENVIRONMENT)) {
            return origin;
        }
        return environmentVariable(path).map(variable -> origin.replace(ENVIRONMENT, "environment variable " + variable))
                .orElse(origin);
    }

    /**
     * @param origin where a value comes from
     * @return whether that is a reference.conf and nothing else: a value merged from a reference.conf's
     *     part and another's was set
     */
    static boolean isDefault(ConfigOrigin origin) {
        if (REFERENCE.equals(origin.resource())) {
            return true;
        }
        Matcher lined = LINED.matcher(origin.description());
        return lined.matches() && lined.group(1).startsWith(REFERENCE + RESOURCE_AT);
    }

    /**
     * @param origin where a value comes from
     * @return whether that is one of kart's own reference.conf files and nothing else, as {@link #origin(ConfigOrigin)}
     *     names "the default": a task jar's reference.conf sets a value the user can find and change there
     */
    static boolean isKartDefault(ConfigOrigin origin) {
        return isDefault(origin) && origin(origin).equals("the default, " + REFERENCE);
    }

    static String origin(ConfigOrigin origin) {
        if (REFERENCE.equals(origin.resource()) && (origin.url() == null || KartsOwn.has(origin.url().toExternalForm()))) {
            // a default: the runnable jar's reference.conf is one merged line without comments, so a line
            // number or the jar's URL would point nowhere useful; docs/configuration.md lists the defaults.
            // Another jar's reference.conf (a task jar's, given with --classpath) is named below, by its URL
            return "the default, " + REFERENCE;
        }
        String line = origin.lineNumber() >= 0 ? ", line " + origin.lineNumber() : "";
        if (origin.filename() != null) {
            return origin.filename() + line;
        }
        if (origin.url() != null) {
            return origin.url() + line;
        }
        String description = origin.description();
        if (description.startsWith(MERGE)) {
            // a value made of several parts, such as ${?DELAY}s: "merge of env variables,application.conf @ URL: 1";
            // the library keeps only this text of each part's origin
            Set<String> parts = new LinkedHashSet<>();
            for (String part : description.substring(MERGE.length()).split(",")) {
                parts.add(part(part.strip()));
            }
            return String.join(" and ", parts);
        }
        return part(description);
    }

    /**
     * @param description how Typesafe Config describes an origin that is no file or URL of its own, or one
     *     part of a merged origin: {@code RESOURCE @ URL: LINE}, {@code FILE: LINE}, {@code URL: LINE} (a range,
     *     {@code 7-9}, where the part spans lines), {@code env variables}, {@code env var NAME}, {@code system
     *     properties}, or a description kart gave, such as {@code the command line}
     * @return it as kart names an origin, such as {@code /app/application.conf, line 3}
     */
    private static String part(String description) {
        if (description.startsWith("env var ")) {
            // a ${?VAR} of a reference.conf
            return "environment variable " + description.substring("env var ".length());
        }
        if (description.equals(SYSTEM_PROPERTIES_ORIGIN)) {
            return SYSTEM_PROPERTIES;
        }
        if (description.equals("env variables")) {
            return ENVIRONMENT;
        }
        Matcher lined = LINED.matcher(description);
        if (!lined.matches()) {
            return description;
        }
        String place = lined.group(1);
        int at = place.indexOf(RESOURCE_AT);
        if (at > 0) {
            String url = place.substring(at + RESOURCE_AT.length());
            if (place.substring(0, at).equals(REFERENCE) && KartsOwn.has(url)) {
                return "the default, " + REFERENCE;
            }
            place = url;
        }
        if (place.startsWith("file:")) {
            // as ConfigOrigin.filename() gives a file: URL's path
            try {
                place = new URL(place).getFile();
            } catch (MalformedURLException e) {
                // then the URL as written
            }
        }
        return place + ", line " + lined.group(2);
    }

    /**
     * @param url a reference.conf's URL, as {@link URL#toExternalForm()} gives it
     * @return whether it is one of kart's own modules' (on the class loader of kart's classes), whose values
     *     are kart's defaults
     */
    static boolean isKartsOwnReference(String url) {
        return KartsOwn.has(url);
    }

    /**
     * The reference.conf files of kart's own modules: those the class loader of kart's classes finds. Only they
     * are "the default" of docs/configuration.md; a reference.conf that another class loader adds (a task jar's,
     * given with {@code --classpath}) is no default of kart's, and is named by its URL so that a mistake in it
     * can be found. Listed once, when an origin is first named: the class (a holder) is initialized then.
     */
    private static final class KartsOwn {
        private static final Set<String> URLS = list();

        private KartsOwn() {
        }

        static boolean has(String url) {
            return URLS.contains(url);
        }

        private static Set<String> list() {
            Set<String> urls = new HashSet<>();
            ClassLoader loader = ConfigOrigins.class.getClassLoader();
            try {
                Enumeration<URL> files = loader != null ? loader.getResources(REFERENCE)
                        : ClassLoader.getSystemResources(REFERENCE);
                while (files.hasMoreElements()) {
                    // strings, not URLs: URL.equals may ask a name server
                    urls.add(files.nextElement().toExternalForm());
                }
            } catch (IOException e) {
                // then every reference.conf is named by its URL, which still says where it is
            }
            return Set.copyOf(urls);
        }
    }

    /**
     * An unset {@code ${?VAR}} leaves no trace in the value it was part of ({@code ${?DELAY}s} is {@code s})
     * nor in the value's origin, which is the file's line alone: the file read again names the variable.
     *
     * @param origin where a value was set
     * @param path its full path
     * @return the variable the file that set the value reads for it, when that variable is not set; none for a
     *     default, which a variable that is not set leaves as it is meant to be
     */
    static Optional<String> unsetVariable(ConfigOrigin origin, String path) {
        if (origin.url() == null || REFERENCE.equals(origin.resource())) {
            return Optional.empty();
        }
        try {
            return variableRead(ConfigFactory.parseURL(origin.url()).root(), path)
                    .filter(variable -> System.getenv(variable) == null);
        } catch (RuntimeException e) {
            // a file that cannot be read again: the error goes without the note
            return Optional.empty();
        }
    }
}
