package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.kart.config.KartConfigException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way kart tells that a config value is wrong: {@code config key 'PATH' (ORIGIN) PROBLEM}, where
 * ORIGIN says where the value was set: a file and line, the command line ({@code -D} and flags), JVM
 * system properties, environment variables, or the code that set it. Every value error of kart-core's
 * configuration goes through here, so that none leaves out where to fix it.
 */
public final class ConfigValueError {
    private static final String REFERENCE = "reference.conf";
    /** How Typesafe Config words a value of the wrong type, after the origin: {@code PATH has type X rather than Y}. */
    private static final Pattern WRONG_TYPE = Pattern.compile("(?s).* has type (.+) rather than (.+)");

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
    /**
     * How Typesafe Config words a substitution that nothing sets, {@code ORIGIN: Could not resolve substitution to a
     * value: ${retries}}; an optional one ({@code ${?retries}}) is never unresolved, and a cycle is worded otherwise.
     */
    private static final Pattern UNRESOLVED = Pattern.compile(
            "(?s)(.*): Could not resolve substitution to a value: \\$\\{([^?}][^}]*)}");
    /** How a reference.conf reads a variable: {@code workers = ${?KART_WORKERS}}. */
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{\\??([A-Za-z_][A-Za-z0-9_]*)}");

    private ConfigValueError() {
    }

    /**
     * Typesafe Config gives a value it substituted from {@code ${?VAR}} the origin "env variables",
     * without the variable: the variable is the one the key's line of an application.conf or a
     * reference.conf on the class path names, the application's first since it overrides the defaults.
     *
     * @param path a config path such as {@code kart.workers}
     * @return the variable an application.conf or a reference.conf reads for it, such as {@code KART_WORKERS}
     */
    private static Optional<String> environmentVariable(String path) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : ConfigValueError.class.getClassLoader();
        for (String resource : new String[] {"application.conf", "reference.conf"}) {
            try {
                java.util.Enumeration<java.net.URL> files = loader.getResources(resource);
                while (files.hasMoreElements()) {
                    Optional<String> variable = variableRead(com.typesafe.config.ConfigFactory.parseURL(
                            files.nextElement()).root(), path);
                    if (variable.isPresent()) {
                        return variable;
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // then "environment variables" it stays, unless another file names it
            }
        }
        return Optional.empty();
    }

    private static Optional<String> variableRead(ConfigValue file, String path) {
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
        for (String key : com.typesafe.config.ConfigUtil.splitPath(path)) {
            value = value instanceof ConfigObject object ? object.get(key) : null;
        }
        return value;
    }

    /**
     * @param config the configuration holding the value
     * @param path the value's full path, as it is shown
     * @param problem what is wrong, such as {@code is 0, expected at least 1}
     * @return the error, naming where the value was set
     */
    public static KartConfigException of(Config config, String path, String problem) {
        return of(config, path, path, problem, null);
    }

    /**
     * @param config the configuration holding the value
     * @param path the value's path in {@code config}
     * @param shownPath its full path, as the message names it (a section's key is shown with the section's path)
     * @param problem what is wrong, such as {@code is 0, expected at least 1}
     * @param cause the underlying failure, if any
     * @return the error, naming where the value was set
     */
    public static KartConfigException of(Config config, String path, String shownPath, String problem, Throwable cause) {
        Optional<ConfigValue> value = config.hasPathOrNull(path) ? Optional.of(config.getValue(path)) : Optional.empty();
        return of(value.map(ConfigValueError::leaf), shownPath, problem, cause);
    }

    /**
     * @param value the value that is wrong
     * @param path its full path
     * @param problem what is wrong
     * @return the error, naming where the value was set
     */
    public static KartConfigException of(ConfigValue value, String path, String problem) {
        return of(Optional.of(leaf(value)), path, problem, null);
    }

    /**
     * @param path the full path of the key whose value the config library refused
     * @param error the config library's error; its origin is where the value was set
     * @return the error, in kart's words where they are known
     */
    static KartConfigException of(String path, ConfigException error) {
        return of(path, error, Optional.empty());
    }

    /**
     * As {@link #of(String, ConfigException)}, and a string of the wrong type is quoted:
     * {@code is the string 'many', expected a number}.
     *
     * @param config the configuration the value was read from
     * @param path the value's path in {@code config}
     * @param shownPath its full path, as the message names it
     * @param error the config library's error
     * @return the error, in kart's words where they are known
     */
    static KartConfigException of(Config config, String path, String shownPath, ConfigException error) {
        Optional<ConfigValue> value = error instanceof ConfigException.WrongType && config.hasPath(path)
                ? Optional.of(config.getValue(path)) : Optional.empty();
        return of(shownPath, error, value);
    }

    private static KartConfigException of(String path, ConfigException error, Optional<ConfigValue> value) {
        Optional<Leaf> origin = Optional.ofNullable(error.origin()).map(o -> new Leaf(o, ""));
        String message = error.getMessage();
        // the library starts its message with the origin's description: it is said once, in kart's form
        if (error.origin() != null && message.startsWith(error.origin().description() + ": ")) {
            message = message.substring(error.origin().description().length() + 2);
        }
        // and BadValue names the key again: said once too
        String again = "Invalid value at '" + path + "': ";
        if (message.startsWith(again)) {
            message = message.substring(again.length());
        }
        Matcher wrongType = WRONG_TYPE.matcher(message);
        String problem = error instanceof ConfigException.WrongType && wrongType.matches()
                ? "is " + value.filter(found -> found.valueType() == ConfigValueType.STRING)
                        .map(found -> "the string '" + found.unwrapped() + "'").orElseGet(() -> typeName(wrongType.group(1)))
                        + ", expected " + typeName(wrongType.group(2))
                : error instanceof ConfigException.Missing ? "is not set" : "is invalid: " + message;
        return of(origin, path, problem, error);
    }

    /**
     * @param error the config library's error while it parsed or resolved the configuration
     * @return the error, in kart's words where they are known: a substitution that nothing sets names the key
     *     that reads it and how to make it optional
     */
    static KartConfigException invalid(ConfigException error) {
        ConfigOrigin origin = error.origin();
        if (error instanceof ConfigException.UnresolvedSubstitution && origin != null) {
            Matcher unresolved = UNRESOLVED.matcher(error.getMessage());
            if (unresolved.matches() && unresolved.group(1).equals(origin.description())) {
                return unresolved(origin, unresolved.group(2), error);
            }
        }
        return new KartConfigException("invalid configuration: " + error.getMessage(), error);
    }

    /**
     * @param origin the file and line of the substitution
     * @param reference what it names, such as {@code retries} of {@code ${retries}}
     * @param error the config library's error
     * @return the error naming the key that reads it, found in its file read again (the library names none)
     */
    private static KartConfigException unresolved(ConfigOrigin origin, String reference, ConfigException error) {
        String substitution = "${" + reference + "}";
        Optional<ConfigValue> file = Optional.empty();
        if (origin.url() != null) {
            try {
                file = Optional.of(ConfigFactory.parseURL(origin.url()).root());
            } catch (RuntimeException e) {
                // then the substitution is named without its key
            }
        }
        Optional<String> key = file.flatMap(root -> keyReading(root, List.of(), origin.lineNumber(), substitution));
        // retries = ${?MY_RETRIES} leaves retries unset when MY_RETRIES is, and ${retries} then names nothing
        Optional<String> variable = file.flatMap(root -> variableRead(root, reference))
                .filter(name -> System.getenv(name) == null);
        String where = " (" + origin(origin) + ")";
        return new KartConfigException(key.map(k -> "config key '" + k + "'" + where + " reads " + substitution + ", which")
                .orElse(substitution + where) + " is neither a config key nor a set environment variable"
                + variable.map(name -> " (" + reference + " reads the environment variable " + name + ", which is not set)")
                        .orElse("")
                + "; write ${?" + reference + "} to make it optional", error);
    }

    /** @return the path of the value on the line that holds the substitution, as the file was parsed */
    private static Optional<String> keyReading(ConfigValue value, List<String> path, int line, String substitution) {
        if (value instanceof ConfigObject object) {
            try {
                for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
                    List<String> childPath = new ArrayList<>(path);
                    childPath.add(entry.getKey());
                    Optional<String> key = keyReading(entry.getValue(), childPath, line, substitution);
                    if (key.isPresent()) {
                        return key;
                    }
                }
                return Optional.empty();
            } catch (ConfigException.NotResolved e) {
                // an object merged with a substitution, ${base} { a = 1 }, is a value of its own until resolved
            }
        }
        return !path.isEmpty() && value.origin().lineNumber() == line && value.render().contains(substitution)
                ? Optional.of(ConfigUtil.joinPath(path)) : Optional.empty();
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
    private record Leaf(ConfigOrigin origin, String below) {
    }

    private static Leaf leaf(ConfigValue value) {
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

    private static String origin(Leaf leaf, String path) {
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

    private static String origin(ConfigOrigin origin) {
        if (REFERENCE.equals(origin.resource())) {
            // a default: the runnable jar's reference.conf is one merged line without comments, so a line
            // number or the jar's URL would point nowhere useful; docs/configuration.md lists the defaults
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
            if (place.substring(0, at).equals(REFERENCE)) {
                return "the default, " + REFERENCE;
            }
            place = place.substring(at + RESOURCE_AT.length());
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

    private static KartConfigException of(Optional<Leaf> origin, String path, String problem, Throwable cause) {
        String where = origin.map(o -> " (" + origin(o, path) + ")").orElse("");
        String unset = origin.flatMap(o -> unsetVariable(o.origin(), path))
                .map(variable -> "; it reads the environment variable " + variable + ", which is not set").orElse("");
        return new KartConfigException("config key '" + path + "'" + where + " " + problem + unset, cause);
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
    private static Optional<String> unsetVariable(ConfigOrigin origin, String path) {
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

    /**
     * @param value a config value
     * @return what it is, as a sentence says it: {@code the string 'abc'}, {@code the number 3},
     *     {@code the boolean true}, {@code a list [ ... ]}, {@code an object { ... }} or {@code null}; the
     *     config library's names (STRING, NUMBER) are no words of a user's
     */
    static String described(ConfigValue value) {
        return switch (value.valueType()) {
            case STRING -> "the string '" + value.unwrapped() + "'";
            case NUMBER -> "the number " + value.unwrapped();
            case BOOLEAN -> "the boolean " + value.unwrapped();
            default -> typeName(value.valueType().name());
        };
    }

    /** The config library's type names (NUMBER, int (32-bit integer), ...) as a sentence says them. */
    private static String typeName(String libraryName) {
        String name = libraryName.trim();
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "STRING" -> "a string";
            case "NUMBER" -> "a number";
            case "BOOLEAN" -> "a boolean (true or false)";
            case "OBJECT" -> "an object { ... }";
            case "LIST" -> "a list [ ... ]";
            case "NULL" -> "null";
            default -> name;
        };
    }
}
