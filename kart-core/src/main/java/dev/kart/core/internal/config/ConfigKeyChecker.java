package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.kart.config.KartConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rejects keys under {@code kart} that no {@code reference.conf} declares (typos, and settings of a
 * backend module that is not on the class path), objects where a plain value is expected, and a value set
 * where the default is a number, a boolean or a duration that is not one, in every section, also one no
 * part of this run reads (the Redis backend's while the in-memory one is chosen): such a value would stop
 * the run that reads it, so it stops this one at start too, in the words of the reader. Ranges, and the
 * values of keys whose default is null, are checked where they are read: a lock backend's section by its
 * provider, also when another backend is chosen ({@code LockBackendProvider.check}). A JVM system property right
 * under {@code kart} is rejected only when its name is a slip of one of kart's keys: others, such as
 * {@code kart.log.level}, are no settings of the configuration.
 */
final class ConfigKeyChecker {
    private static final String TASKS = "tasks";
    /** Of kart.log.level, which kart-cli's console reads as a system property; it is a slip of lock. */
    private static final String LOG = "log";
    /**
     * A default written as a duration ({@code 5s}, {@code 100ms}, {@code 1h}): a size ({@code 16MiB}) or a name is
     * not one.
     */
    static final Pattern DURATION = Pattern.compile("\\d+(ns|us|ms|s|m|h|d)");

    private ConfigKeyChecker() {
    }

    /**
     * @param config the loaded configuration, resolved
     * @param reference every module's reference.conf, which declares kart's keys
     * @param sources the sources as parsed, in the order they were loaded ({@link LoadOrder}): of several refused
     *     keys, the first source's is named; empty for one configuration, whose files are ordered by name
     */
    static void check(Config config, Config reference, List<Config> sources) {
        if (!config.hasPath("kart")) {
            return;
        }
        if (config.getValue("kart").valueType() != ConfigValueType.OBJECT) {
            throw ConfigValueError.of(config, "kart", "must be an object ({ ... }), found "
                    + ConfigValueError.described(config.getValue("kart")));
        }
        List<Leaf> leaves = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        walk(config.getObject("kart"), reference.getObject("kart"), List.of("kart"), reference.getObject("kart"), leaves,
                refused);
        if (!refused.isEmpty()) {
            // the first in the files' order, not the walk's: a parsed object keeps its keys in a hash map
            throw first(refused, sources);
        }
        // the shallower keys first: a default read from another key (kart.storage.file.durable = ${kart.durable})
        // takes a wrong value from it, and the error names the key that was set, not the one that followed it
        // loops, not a sort with a lambda: this runs at every start, where linking a call site costs more
        int deepest = 0;
        for (Leaf leaf : leaves) {
            deepest = Math.max(deepest, leaf.path().size());
        }
        for (int depth = 2; depth <= deepest; depth++) {
            for (Leaf leaf : leaves) {
                if (leaf.path().size() == depth) {
                    checkType(config, ConfigUtil.joinPath(leaf.path()), leaf.known());
                }
            }
        }
    }

    /** A plain value set under kart, with its default. */
    private record Leaf(List<String> path, ConfigValue known) {
    }

    /** A key the walk refused, with where its value was set. */
    private record Refused(FileOrder.KeyMessage message, KartConfigException error) {
        Refused(ConfigValue value, List<String> path, KartConfigException error) {
            this(new FileOrder.KeyMessage(ConfigOrigins.keyLine(value), ConfigUtil.joinPath(path), error.getMessage()),
                    error);
        }
    }

    private static KartConfigException first(List<Refused> refused, List<Config> sources) {
        if (refused.size() == 1) {
            // as for most errors: the ordering's classes are not even loaded
            return refused.get(0).error();
        }
        List<FileOrder.KeyMessage> messages = new ArrayList<>(refused.size());
        for (Refused one : refused) {
            messages.add(one.message());
        }
        FileOrder.KeyMessage first = FileOrder.first(messages, LoadOrder.of(sources));
        for (Refused one : refused) {
            if (one.message() == first) {
                return one.error();
            }
        }
        throw new AssertionError(first);
    }

    /**
     * @param leaves where the paths of the plain values set are added, for their types to be checked
     * @param refused where the keys that are unknown or hold the wrong kind of value are added
     */
    private static void walk(ConfigObject actual, ConfigObject expected, List<String> path, ConfigObject kart,
            List<Leaf> leaves, List<Refused> refused) {
        for (Map.Entry<String, ConfigValue> entry : actual.entrySet()) {
            List<String> childPath = new ArrayList<>(path);
            childPath.add(entry.getKey());
            if (childPath.size() == 2 && entry.getKey().equals(TASKS)) {
                // its keys are task classes, which no reference.conf declares; that it holds sections is checked here
                if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
                    refused.add(new Refused(entry.getValue(), childPath, ConfigValueError.of(entry.getValue(),
                            ConfigUtil.joinPath(childPath), "must be an object of task sections"
                            + " (kart.tasks.\"com.acme.Report\" { top = 5 }), found "
                            + ConfigValueError.described(entry.getValue()))));
                }
                continue;
            }
            ConfigValue known = expected.get(entry.getKey());
            if (known == null && childPath.size() == 2 && notKarts(entry.getKey(), entry.getValue(), expected)) {
                continue;
            }
            if (known == null) {
                refused.add(new Refused(entry.getValue(), childPath,
                        new KartConfigException(unknownKey(childPath, entry.getValue(), expected, kart))));
                continue;
            }
            if (known.valueType() == ConfigValueType.OBJECT) {
                if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
                    refused.add(new Refused(entry.getValue(), childPath, ConfigValueError.of(entry.getValue(),
                            ConfigUtil.joinPath(childPath), "must be an object with keys "
                            + ((ConfigObject) known).keySet().stream().sorted().toList() + ", found "
                            + ConfigValueError.described(entry.getValue()))));
                    continue;
                }
                walk((ConfigObject) entry.getValue(), (ConfigObject) known, childPath, kart, leaves, refused);
            } else {
                if (twoSingleQuotes(entry.getKey(), entry.getValue())) {
                    refused.add(new Refused(entry.getValue(), childPath, twoSingleQuotesRefused(ConfigUtil.joinPath(childPath),
                            entry.getValue())));
                    continue;
                }
                if (entry.getValue().valueType() != ConfigValueType.NULL
                        && !ConfigOrigins.isDefault(entry.getValue().origin())) {
                    // null: what it means is the reader's to say; a default is right as it is
                    leaves.add(new Leaf(childPath, known));
                }
            }
        }
    }

    /**
     * Whether a value is {@code ''}, which a user of YAML or Python writes for empty text: HOCON reads it unquoted, as
     * the two characters, which kart would take as a key prefix, a path or a host name; an environment variable or a
     * system property set to it holds them too. A password (a key named {@code password}) may be anything; on the
     * command line ({@code -D}) the quotes are most likely the shell's, and refused there before this.
     */
    private static boolean twoSingleQuotes(String key, ConfigValue value) {
        return value.valueType() == ConfigValueType.STRING && value.unwrapped().equals("''") && !key.equals("password");
    }

    /**
     * @return the refusal of {@code ''}, worded for where it was set: in a file, HOCON's quotes and a line to write;
     *     else (an environment variable, a system property) what to set it to; for a key that refuses the empty text
     *     ({@link KeyExpectations}), what it takes instead
     */
    private static KartConfigException twoSingleQuotesRefused(String key, ConfigValue value) {
        boolean inFile = value.origin().filename() != null || value.origin().url() != null;
        Optional<KeyExpectations.Expectation> expected = KeyExpectations.of(key);
        boolean takesEmpty = expected.isEmpty() || expected.get().takesEmptyText();
        String problem = inFile ? "is '': HOCON has no single-quoted strings, so this is the two characters '', not the empty text"
                : "is '', the two quote characters, not the empty text";
        String advice;
        if (!takesEmpty) {
            advice = "nor does " + key + " take the empty text: " + (inFile ? "write " + key + " = VALUE" : "set it to VALUE")
                    + ", where VALUE is " + expected.get().expected();
        } else {
            advice = inFile ? "for the empty text write " + key + " = \"\"" : "for the empty text set it to nothing";
        }
        return ConfigValueError.of(value, key, problem + "; " + advice);
    }

    /**
     * Reads a value set for a key as its default's type, as the key's reader does, with the same error
     * ({@link Settings}). Typesafe Config's {@code checkValid} would not do: it takes any string for a
     * number or a boolean, and every value {@code -D} gives is a string.
     *
     * @param config the loaded configuration
     * @param path the value's full path
     * @param known the default, from reference.conf
     */
    private static void checkType(Config config, String path, ConfigValue known) {
        try {
            switch (known.valueType()) {
                case NUMBER -> config.getNumber(path);
                case BOOLEAN -> config.getBoolean(path);
                case STRING -> {
                    if (DURATION.matcher((String) known.unwrapped()).matches()) {
                        Settings.duration(config, path, path);
                    }
                }
                default -> {
                    // a list also takes one string of elements separated by commas; an object is walked
                }
            }
        } catch (ConfigException e) {
            // as Settings.read words it
            throw ConfigValueError.of(config, path, path, e);
        }
    }

    /**
     * Typesafe Config reads every JVM system property, and names under kart are not kart's alone: {@code
     * kart.log.level} sets kart's console, and tests and tools pass properties of their own ({@code kart.jar}). A
     * name right under kart that only system properties give is taken for a key of kart's when it is a slip of one
     * ({@code -Dkart.workrs}); under a section of kart's ({@code -Dkart.retry.cuont}) any name is.
     *
     * @return whether the key is left to whatever reads it
     */
    private static boolean notKarts(String key, ConfigValue value, ConfigObject kart) {
        return ConfigOrigins.fromSystemProperties(value)
                && (key.equals(LOG) || KeySuggestion.besideIt(List.of("kart", key), kart).isEmpty());
    }

    private static String unknownKey(List<String> path, ConfigValue value, ConfigObject siblings, ConfigObject kart) {
        String key = path.get(path.size() - 1);
        if (path.size() == 2 && key.equals(LOG)) {
            // a slip of lock by its spelling, but what its writer meant is the console's level
            String written = value instanceof ConfigObject object && object.size() == 1
                    ? ConfigUtil.joinPath("kart", LOG, object.keySet().iterator().next()) : "kart.log";
            return "config key '" + written + "' (" + ConfigOrigins.origin(value, "kart.log") + ") is no setting of the"
                    + " configuration: kart's console log level is the JVM system property kart.log.level"
                    + " (JAVA_OPTS=-Dkart.log.level=DEBUG, or kart run -D kart.log.level=DEBUG)";
        }
        Optional<String> suggestion = KeySuggestion.of(path, siblings, kart);
        String closest = suggestion.map(candidate -> "; did you mean '" + candidate + "'?")
                .orElse("; known keys here: " + siblings.keySet().stream().sorted().toList());
        String hint = suggestion.isEmpty() && path.size() == 3 && path.get(1).equals("lock")
                ? " (the settings of lock backend '" + key + "' are known only when its module is on the class path;"
                    + " see docs/locks.md)"
                : "";
        // an unknown block (lok { ... }) is placed where lok is written, not at its first inner key's line
        return "unknown config key '" + ConfigUtil.joinPath(path) + "' (" + ConfigOrigins.keyOrigin(value, ConfigUtil.joinPath(path)) + ")"
                + closest + hint;
    }
}
