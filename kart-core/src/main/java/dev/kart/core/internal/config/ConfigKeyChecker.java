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

/**
 * Rejects keys under {@code kart} that no {@code reference.conf} declares (typos, and settings of a
 * backend module that is not on the class path), and objects where a plain value is expected. Value
 * types are checked when the settings are read.
 */
final class ConfigKeyChecker {
    private static final String TASKS = "tasks";

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
        walk(config.getObject("kart"), reference.getObject("kart"), List.of("kart"));
    }

    private static void walk(ConfigObject actual, ConfigObject expected, List<String> path) {
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
            if (known == null) {
                throw new KartConfigException(unknownKey(childPath, entry.getValue(), expected));
            }
            if (known.valueType() == ConfigValueType.OBJECT) {
                if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
                    throw ConfigValueError.of(entry.getValue(), ConfigUtil.joinPath(childPath), "must be an object with keys "
                            + ((ConfigObject) known).keySet().stream().sorted().toList() + ", found "
                            + ConfigValueError.described(entry.getValue()));
                }
                walk((ConfigObject) entry.getValue(), (ConfigObject) known, childPath);
            }
        }
    }

    private static String unknownKey(List<String> path, ConfigValue value, ConfigObject siblings) {
        String key = path.get(path.size() - 1);
        String closest = EditDistance.nearest(key, siblings.keySet())
                .map(candidate -> "; did you mean '" + ConfigUtil.joinPath(path.subList(0, path.size() - 1)) + "." + candidate + "'?")
                .orElse("; known keys here: " + siblings.keySet().stream().sorted().toList());
        String hint = path.size() == 3 && path.get(1).equals("lock")
                ? " (the settings of lock backend '" + key + "' are known only when its module is on the class path;"
                    + " see docs/locks.md)"
                : "";
        return "unknown config key '" + ConfigUtil.joinPath(path) + "' (" + ConfigValueError.origin(value, ConfigUtil.joinPath(path)) + ")"
                + closest + hint;
    }
}
