package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.kart.config.KartConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rejects keys under {@code kart} that no {@code reference.conf} declares (typos, and settings of a
 * backend module that is not on the class path), and objects where a plain value is expected. Value
 * types are checked when the settings are read. A JVM system property right under {@code kart} is
 * rejected only when its name is a slip of one of kart's keys: others, such as {@code kart.log.level},
 * are no settings of the configuration.
 */
final class ConfigKeyChecker {
    private static final String TASKS = "tasks";
    /** Of kart.log.level, which kart-cli's console reads as a system property; it is a slip of lock. */
    private static final String LOG = "log";

    private ConfigKeyChecker() {
    }

    static void check(Config config, Config reference) {
        if (!config.hasPath("kart")) {
            return;
        }
        if (config.getValue("kart").valueType() != ConfigValueType.OBJECT) {
            throw ConfigValueError.of(config, "kart", "must be an object ({ ... }), found "
                    + ConfigValueError.described(config.getValue("kart")));
        }
        walk(config.getObject("kart"), reference.getObject("kart"), List.of("kart"), reference.getObject("kart"));
    }

    private static void walk(ConfigObject actual, ConfigObject expected, List<String> path, ConfigObject kart) {
        for (Map.Entry<String, ConfigValue> entry : actual.entrySet()) {
            List<String> childPath = new ArrayList<>(path);
            childPath.add(entry.getKey());
            if (childPath.size() == 2 && entry.getKey().equals(TASKS)) {
                // its keys are task classes, which no reference.conf declares; that it holds sections is checked here
                if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
                    throw ConfigValueError.of(entry.getValue(), ConfigUtil.joinPath(childPath), "must be an object of task"
                            + " sections (kart.tasks.\"com.acme.Report\" { top = 5 }), found "
                            + ConfigValueError.described(entry.getValue()));
                }
                continue;
            }
            ConfigValue known = expected.get(entry.getKey());
            if (known == null && childPath.size() == 2 && notKarts(entry.getKey(), entry.getValue(), expected)) {
                continue;
            }
            if (known == null) {
                throw new KartConfigException(unknownKey(childPath, entry.getValue(), expected, kart));
            }
            if (known.valueType() == ConfigValueType.OBJECT) {
                if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
                    throw ConfigValueError.of(entry.getValue(), ConfigUtil.joinPath(childPath), "must be an object with keys "
                            + ((ConfigObject) known).keySet().stream().sorted().toList() + ", found "
                            + ConfigValueError.described(entry.getValue()));
                }
                walk((ConfigObject) entry.getValue(), (ConfigObject) known, childPath, kart);
            }
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
        return "unknown config key '" + ConfigUtil.joinPath(path) + "' (" + ConfigOrigins.origin(value, ConfigUtil.joinPath(path)) + ")"
                + closest + hint;
    }
}
