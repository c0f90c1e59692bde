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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way kart tells that a config value is wrong: {@code config key 'PATH' (ORIGIN) PROBLEM}, where
 * ORIGIN says where the value was set ({@link ConfigOrigins}): a file and line, the command line ({@code -D}
 * and flags), a JVM system property, an environment variable, or the code that set it. Every value error
 * of kart-core's configuration goes through here, so that none leaves out where to fix it.
 */
public final class ConfigValueError {
    /**
     * Typesafe Config's words for a file that ends inside an object: after a line break, and right after a
     * value.
     */
    private static final List<String> UNCLOSED_OBJECT = List.of("expecting a close parentheses ')' here, not: end of file",
            "Expecting close brace } or a comma, got end of file");
    /** How Typesafe Config's words for a list it could not read begin, at the file's end or before. */
    private static final String LIST_WORDS = "List should have";
    /** Typesafe Config's words for a file that ends inside a {@code """} string. */
    private static final String UNCLOSED_TRIPLE_QUOTE = "triple-quoted string was still open";
    /** Typesafe Config's words where a } is wanted: HOCON has no parentheses. */
    private static final String CLOSE_PARENTHESES = "expecting a close parentheses ')' here";
    /**
     * Typesafe Config's words for a file that ends inside a list: after a comma (or a line break, which HOCON takes
     * for one), and right after an element.
     */
    private static final List<String> UNCLOSED_LIST = List.of(
            "List should have had new element after a comma, instead had token: end of file",
            "List should have ended with ] or had a comma, instead had token: end of file");
    /** How Typesafe Config words a value of the wrong type, after the origin: {@code PATH has type X rather than Y}. */
    private static final Pattern WRONG_TYPE = Pattern.compile("(?s).* has type (.+) rather than (.+)");

    /**
     * How Typesafe Config words a substitution that nothing sets, {@code ORIGIN: Could not resolve substitution to a
     * value: ${retries}}; an optional one ({@code ${?retries}}) is never unresolved, and a cycle is worded otherwise.
     */
    private static final Pattern UNRESOLVED = Pattern.compile(
            "(?s)(.*): Could not resolve substitution to a value: \\$\\{([^?}][^}]*)}");

    /**
     * How Typesafe Config words an include cycle, which it finds only by counting: {@code ORIGIN: include statements
     * nested more than 50 times, you probably have a cycle in your includes. Trace: [ParseableFile(/a.conf), ...]},
     * fifty entries long.
     */
    private static final String INCLUDE_CYCLE = "you probably have a cycle in your includes. Trace: [";
    /** An entry of that trace: {@code ParseableFile(/a.conf)}, {@code ParseableResources(b.conf)}, {@code ParseableURL(...)}. */
    private static final Pattern INCLUDED = Pattern.compile("Parseable(\\w*)\\((.*?)\\)(?=, Parseable|]$)");

    private ConfigValueError() {
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
        return of(value.map(ConfigOrigins::leaf), shownPath, problem, cause);
    }

    /**
     * @param value the value that is wrong
     * @param path its full path
     * @param problem what is wrong
     * @return the error, naming where the value was set
     */
    public static KartConfigException of(ConfigValue value, String path, String problem) {
        // a block (lok { ... }) is placed where its key is written; a plain value is at its own line anyway
        return of(Optional.of(ConfigOrigins.keyLeaf(value)), path, problem, null);
    }

    /**
     * @param path the full path of the key whose value the config library refused
     * @param error the config library's error; its origin is where the value was set
     * @return the error, in kart's words where they are known
     */
    static KartConfigException of(String path, ConfigException error) {
        return of(path, path, error, Optional.empty());
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
        return of(path, shownPath, error, value);
    }

    /**
     * @param readPath the path the value was read at, which the library's message names: the key within its section
     *     ({@code timeout}) when a section was read
     * @param path the full path, which kart's message names
     */
    private static KartConfigException of(String readPath, String path, ConfigException error,
            Optional<ConfigValue> value) {
        Optional<ConfigOrigins.Leaf> origin = Optional.ofNullable(error.origin()).map(o -> new ConfigOrigins.Leaf(o, ""));
        String message = error.getMessage();
        // the library starts its message with the origin's description: it is said once, in kart's form
        if (error.origin() != null && message.startsWith(error.origin().description() + ": ")) {
            message = message.substring(error.origin().description().length() + 2);
        }
        // and BadValue names the key again, as it was read: said once too, in full
        for (String named : List.of(path, readPath)) {
            String again = "Invalid value at '" + named + "': ";
            if (message.startsWith(again)) {
                message = message.substring(again.length());
            }
        }
        Matcher wrongType = WRONG_TYPE.matcher(message);
        String problem = error instanceof ConfigException.WrongType && wrongType.matches()
                ? "is " + value.filter(found -> found.valueType() == ConfigValueType.STRING)
                        .map(found -> described(found)).orElseGet(() -> typeName(wrongType.group(1)))
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
        String message = error.getMessage();
        if (error instanceof ConfigException.Parse) {
            Optional<String> cycle = includeCycle(message);
            if (cycle.isPresent()) {
                return new KartConfigException("invalid configuration: " + cycle.get(), error);
            }
            for (String words : UNCLOSED_OBJECT) {
                if (message.contains(words)) {
                    // the library names the token it wanted, which after a line break reads "a close parentheses
                    // ')'", and a line at the file's end, where nothing is to be seen
                    return new KartConfigException("invalid configuration: " + message.replace(words, "the file ends before "
                            + unclosed(origin, '{').map(line -> "the { of line " + line + " is closed (it, or a { opened"
                                    + " after it, lacks its })").orElse("a { opened above it is closed")), error);
                }
            }
            for (String words : UNCLOSED_LIST) {
                int at = message.indexOf(words);
                if (at >= 0) {
                    // what follows the words, advice to double-quote a comma or the end of file, fits no file cut short
                    return new KartConfigException("invalid configuration: " + message.substring(0, at) + "the file ends"
                            + " before " + unclosed(origin, '[').map(line -> "the [ of line " + line + " is closed (it, or"
                                    + " a [ opened after it, lacks its ])").orElse("a [ opened above it is closed"), error);
                }
            }
            int listAt = message.indexOf(LIST_WORDS);
            Optional<Integer> listLine = listAt < 0 ? Optional.empty() : unclosed(origin, '[');
            if (listLine.isPresent()) {
                // mid-file: the library names the token after the list, and a comma that may not be there
                return new KartConfigException("invalid configuration: " + message.substring(0, listAt) + "a ] is missing:"
                        + " the [ of line " + listLine.get() + " is not closed (it, or a [ opened after it, lacks its ])",
                        error);
            }
            if (message.contains(UNCLOSED_TRIPLE_QUOTE)) {
                // the library repeats its token and advises renaming the file to .properties: neither helps
                int words = message.indexOf("Expecting a value");
                return new KartConfigException("invalid configuration: " + message.substring(0, Math.max(words, 0))
                        + "the file ends inside a \"\"\" string" + unclosed(origin, '"').map(line -> " opened on line " + line)
                                .orElse("") + ", whose closing \"\"\" is missing", error);
            }
            if (message.contains(CLOSE_PARENTHESES)) {
                // a } missing inside a list, say: "not: ']'"
                return new KartConfigException("invalid configuration: " + message.replace(CLOSE_PARENTHESES,
                        "expecting a } here"), error);
            }
        }
        return new KartConfigException("invalid configuration: " + error.getMessage(), error);
    }

    /**
     * The library's trace repeats the cycle until fifty includes are nested, some two thousand characters: the
     * files of one turn of it are what to look at.
     *
     * @param message the library's message
     * @return the cycle, in one sentence, such as {@code /etc/a.conf includes /etc/b.conf, which includes
     *     /etc/a.conf again}; empty when the message tells no include cycle
     */
    static Optional<String> includeCycle(String message) {
        int at = message.indexOf(INCLUDE_CYCLE);
        if (at < 0) {
            return Optional.empty();
        }
        List<String> trace = new ArrayList<>();
        Matcher included = INCLUDED.matcher(message.substring(at + INCLUDE_CYCLE.length() - 1));
        while (included.find()) {
            // the trace lists the innermost include first: read outermost first, each file includes the next. A
            // class path resource is named by its name alone
            trace.add(0, included.group(1).equals("Resources") ? included.group(2) + " on the class path"
                    : included.group(2));
        }
        for (int first = 0; first < trace.size(); first++) {
            int again = trace.subList(first + 1, trace.size()).indexOf(trace.get(first));
            if (again >= 0) {
                List<String> turn = trace.subList(first, first + again + 2);
                StringBuilder sentence = new StringBuilder("the config files include each other in a cycle: ")
                        .append(turn.get(0));
                if (turn.size() == 2) {
                    sentence.append(" includes itself");
                } else {
                    sentence.append(" includes ").append(turn.get(1));
                    for (String file : turn.subList(2, turn.size())) {
                        sentence.append(", which includes ").append(file);
                    }
                    sentence.append(" again");
                }
                return Optional.of(sentence.append("; expected includes that end: remove one of them").toString());
            }
        }
        // no file twice in the trace: whatever the library saw, its first file is where to start
        return Optional.of("the config files include each other in a cycle (Typesafe Config stops at 50 nested"
                + " includes)" + (trace.isEmpty() ? "" : ", starting at " + trace.get(0))
                + "; expected includes that end: remove one of them");
    }

    /**
     * @return the line of the first opening of that kind its file leaves open, from the file read again; empty when
     *     it cannot be read
     */
    private static Optional<Integer> unclosed(ConfigOrigin origin, char kind) {
        if (origin == null || origin.url() == null) {
            return Optional.empty();
        }
        try (InputStream in = origin.url().openStream()) {
            return UnclosedBrackets.in(new String(in.readAllBytes(), StandardCharsets.UTF_8), kind)
                    .map(UnclosedBrackets.Opening::line);
        } catch (IOException | RuntimeException e) {
            // then the message says "above" without the line
            return Optional.empty();
        }
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
        Optional<String> variable = file.flatMap(root -> ConfigOrigins.variableRead(root, reference))
                .filter(name -> System.getenv(name) == null);
        String where = " (" + ConfigOrigins.origin(origin) + ")";
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

    private static KartConfigException of(Optional<ConfigOrigins.Leaf> origin, String path, String problem, Throwable cause) {
        String where = origin.map(o -> " (" + ConfigOrigins.origin(o, path) + ")").orElse("");
        String unset = origin.flatMap(o -> ConfigOrigins.unsetVariable(o.origin(), path))
                .map(variable -> "; it reads the environment variable " + variable + ", which is not set").orElse("");
        return new KartConfigException("config key '" + path + "'" + where + " " + problem + unset, cause);
    }

    /**
     * @param text a text value as read
     * @return it as "is ..." says it: {@code empty}, else in single quotes ({@code 'x'}), so that the empty text is
     *     worded one way whichever key refuses it
     */
    public static String quoted(String text) {
        return text.isEmpty() ? "empty" : "'" + text + "'";
    }

    /**
     * @param value a config value
     * @return what it is, as a sentence says it: {@code empty} for the empty text, {@code the string 'abc'}, {@code the number 3},
     *     {@code the boolean true}, {@code a list [ ... ]}, {@code an object { ... }} or {@code null}; the
     *     config library's names (STRING, NUMBER) are no words of a user's
     */
    static String described(ConfigValue value) {
        if (value.valueType() == ConfigValueType.STRING && ((String) value.unwrapped()).isEmpty()) {
            return "empty";
        }
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
