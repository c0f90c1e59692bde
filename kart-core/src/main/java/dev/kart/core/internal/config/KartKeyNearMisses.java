package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about top-level keys of a config file that look like kart's but are not under {@code kart},
 * such as {@code karts.workers}, {@code Kart.workers} or {@code kart_workers}: kart never reads them, and
 * {@link ConfigKeyChecker} cannot tell them from an application's own settings. A key is warned about
 * only when, read as under {@code kart}, it is a key kart knows, so an application's own top-level
 * sections stay quiet.
 */
final class KartKeyNearMisses {
    private static final Logger LOG = LoggerFactory.getLogger("dev.kart.config");
    private static final String KART = "kart";

    private KartKeyNearMisses() {
    }

    /**
     * @param file a config file as parsed, before merging
     * @param reference the merged reference.conf of every module, which declares kart's keys
     * @return one warning per key that looks like one of kart's, naming the file, the line and the
     *     likely key; also logged at WARN
     */
    static List<String> warn(Config file, Config reference) {
        return warn(file, reference, false);
    }

    /**
     * @param file a config file as parsed, before merging, or kart's own {@code -D} values
     * @param reference the merged reference.conf of every module, which declares kart's keys
     * @param pythonNames whether a top-level key named as the Python system names a setting kart has
     *     ({@code redis_fail_on_collision}) is warned about too: so for the {@code -D} values and the
     *     {@code --config} file, which are kart's alone, not for application.conf, whose top-level keys
     *     may be the application's own settings of those names
     * @return one warning per key that looks like one of kart's, naming the file, the line and the
     *     likely key; also logged at WARN
     */
    static List<String> warn(Config file, Config reference, boolean pythonNames) {
        List<FileOrder.KeyMessage> messages = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : file.root().entrySet()) {
            String key = entry.getKey();
            if (key.equals(KART)) {
                continue;
            }
            List<String> likely = likelyKeys(key, entry.getValue(), reference);
            if (likely.isEmpty() && pythonNames) {
                likely = pythonKey(key, entry.getValue(), reference).map(List::of).orElse(List.of());
            }
            if (!likely.isEmpty()) {
                // the line the key itself is written on: for a block (krat { ... }), where it opens, not its first key's
                ConfigOrigin where = ConfigOrigins.keyLine(entry.getValue());
                messages.add(new FileOrder.KeyMessage(where, key, "config key '" + ConfigUtil.joinPath(key) + "' ("
                        + ConfigOrigins.origin(where) + ") is not under 'kart', so kart does not read it; did"
                        + " you mean " + quotedList(likely) + "?"));
            }
        }
        if (messages.isEmpty()) {
            // as on most starts: the ordering's class is not even loaded
            return List.of();
        }
        // in the file's order: the parse keeps its keys in a hash map
        List<String> warnings = FileOrder.sorted(messages);
        for (String warning : warnings) {
            LOG.warn(warning);
        }
        return warnings;
    }

    /**
     * The Python system's name of a setting, given as a plain value at the top level: gokart's
     * {@code redis_fail_on_collision = true} is kart's {@code kart.lock.fail-on-collision}.
     */
    private static Optional<String> pythonKey(String key, ConfigValue value, Config reference) {
        if (value instanceof ConfigObject) {
            return Optional.empty();
        }
        return KeySuggestion.pythonName(key).filter(reference::hasPathOrNull);
    }

    /**
     * The kart keys a top-level key stands for, when it is a near miss of one: every key a block holds
     * ({@code krat { workers = 2, retry { count = 3 } }}), in the order they are written, so that the first
     * is the one at the line the warning names.
     */
    private static List<String> likelyKeys(String key, ConfigValue value, Config reference) {
        String lower = key.toLowerCase(Locale.ROOT);
        // kart_workers, kart-workers: a separator instead of the dot
        if (lower.length() > KART.length() + 1 && lower.startsWith(KART)
                && (lower.charAt(KART.length()) == '_' || lower.charAt(KART.length()) == '-')) {
            return known(key.substring(KART.length() + 1), value, reference).map(List::of).orElse(List.of());
        }
        // karts { workers }, Kart { workers }, krat { workers }
        if (EditDistance.between(lower, KART) <= 1 && value instanceof ConfigObject object) {
            // the parse keeps a block's keys in a hash map: by line, then by name for keys on one line
            List<String> children = new ArrayList<>(object.keySet());
            children.sort(Comparator.comparingInt((String child) -> ConfigOrigins.keyLine(object.get(child)).lineNumber())
                    .thenComparing(Comparator.naturalOrder()));
            List<String> likely = new ArrayList<>();
            for (String child : children) {
                known(child, object.get(child), reference).ifPresent(likely::add);
            }
            return likely;
        }
        return List.of();
    }

    /** @return {@code 'a'}, {@code 'a' and 'b'}, {@code 'a', 'b' and 'c'} */
    private static String quotedList(List<String> keys) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            text.append(i == 0 ? "" : i == keys.size() - 1 ? " and " : ", ").append('\'').append(keys.get(i)).append('\'');
        }
        return text.toString();
    }

    /**
     * @param name a key as if it stood right under {@code kart}; a separator written for a dot
     *     ({@code retry_count}, {@code retry-count}) is tried as a dot too, and {@code _} as {@code -}
     * @return its full path, with a value's first leaf under it, when kart knows it
     */
    private static Optional<String> known(String name, ConfigValue value, Config reference) {
        Set<String> candidates = new LinkedHashSet<>(List.of(ConfigUtil.joinPath(KART, name),
                ConfigUtil.joinPath(KART, name.replace('_', '-')), KART + "." + name.replace('_', '.'),
                KART + "." + name.replace('_', '.').replace('-', '.')));
        for (String path : candidates) {
            if (isPath(path) && reference.hasPathOrNull(path)) {
                return Optional.of(path + firstLeaf(value, reference, path));
            }
        }
        return Optional.empty();
    }

    private static String firstLeaf(ConfigValue value, Config reference, String path) {
        if (value instanceof ConfigObject object && !object.isEmpty()) {
            String child = object.keySet().iterator().next();
            String childPath = path + "." + ConfigUtil.joinPath(child);
            if (reference.hasPathOrNull(childPath)) {
                return "." + ConfigUtil.joinPath(child) + firstLeaf(object.get(child), reference, childPath);
            }
        }
        return "";
    }

    private static boolean isPath(String text) {
        try {
            ConfigUtil.splitPath(text);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }
}
