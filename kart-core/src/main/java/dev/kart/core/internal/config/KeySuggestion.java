package dev.kart.core.internal.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The key of kart's that an unknown config key most likely stands for, tried in this order: the same key
 * with {@code -} or {@code _} written for a dot ({@code retry_count} for {@code retry.count}), a slip of a key
 * beside it ({@code workrs}), a key of that name in a section around it ({@code kart.lock.redis.fail-on-collision}
 * for {@code kart.lock.fail-on-collision}), and a setting of the Python system under its own name
 * ({@code should_lock_run}, {@code redis_timeout}) when kart's key is known (its module is on the class path).
 * Only sections around the key are searched: a name such as {@code prefix} or {@code timeout} means
 * something else in each section that has it.
 */
final class KeySuggestion {
    /**
     * The Python system's (gokart's and luigi's) names of settings kart has, by the name with {@code _} for
     * every separator: docs/locks.md, "Coming from the Python system".
     */
    private static final Map<String, String> PYTHON_NAMES = Map.of(
            "redis_host", "kart.lock.redis.host",
            "redis_port", "kart.lock.redis.port",
            "redis_timeout", "kart.lock.ttl",
            "redis_fail_on_collision", "kart.lock.fail-on-collision",
            "should_lock_run", "kart.lock.run-all",
            "retry_count", "kart.retry.count",
            "retry_delay", "kart.retry.delay",
            "workspace_directory", "kart.workspace");

    private KeySuggestion() {
    }

    /**
     * @param path an unknown key's path, {@code kart} first
     * @param siblings the known keys beside it
     * @param kart the known keys under {@code kart}, all reference.conf files merged
     * @return the known key's full path
     */
    static Optional<String> of(List<String> path, ConfigObject siblings, ConfigObject kart) {
        String key = path.get(path.size() - 1);
        return besideIt(path, siblings).or(() -> around(path, kart)).or(() -> pythonName(key, kart));
    }

    /**
     * @param path an unknown key's path, {@code kart} first
     * @param siblings the known keys beside it
     * @return the known key beside it that it is a slip of, or that it names with a separator for a dot
     */
    static Optional<String> besideIt(List<String> path, ConfigObject siblings) {
        String key = path.get(path.size() - 1);
        List<String> parent = path.subList(0, path.size() - 1);
        return dotted(key, siblings).or(() -> EditDistance.nearest(key, siblings.keySet()))
                .map(known -> ConfigUtil.joinPath(parent) + "." + known);
    }

    /**
     * A key with a separator written for a dot: {@code retry-count}, as a task's section spells the setting, or
     * {@code retry_count}, gokart's name, for {@code retry.count}.
     *
     * @param key an unknown key
     * @param siblings the known keys beside it
     * @return the key it stands for, relative to its parent, when the parts name a known key
     */
    private static Optional<String> dotted(String key, ConfigObject siblings) {
        String[] parts = key.split("[-_]");
        if (parts.length < 2) {
            return Optional.empty();
        }
        ConfigValue at = siblings;
        for (String part : parts) {
            at = at instanceof ConfigObject object ? object.get(part) : null;
            if (at == null) {
                return Optional.empty();
            }
        }
        return Optional.of(String.join(".", parts));
    }

    /**
     * @return the key of that name in the nearest section around the key's own (its parent's parent, then
     *     outwards up to {@code kart}), where it is not a section itself
     */
    private static Optional<String> around(List<String> path, ConfigObject kart) {
        String key = path.get(path.size() - 1);
        for (int end = path.size() - 2; end >= 1; end--) {
            List<String> section = path.subList(0, end);
            ConfigValue known = at(kart, section.subList(1, section.size())).map(object -> object.get(key)).orElse(null);
            if (known != null && !(known instanceof ConfigObject)) {
                return Optional.of(ConfigUtil.joinPath(section) + "." + key);
            }
        }
        return Optional.empty();
    }

    /** @return the object at {@code path} under kart (empty path: kart itself) */
    private static Optional<ConfigObject> at(ConfigObject kart, List<String> path) {
        ConfigValue value = kart;
        for (String part : path) {
            value = value instanceof ConfigObject object ? object.get(part) : null;
        }
        return value instanceof ConfigObject object ? Optional.of(object) : Optional.empty();
    }

    private static Optional<String> pythonName(String key, ConfigObject kart) {
        return pythonName(key).filter(known -> known(kart, ConfigUtil.splitPath(known)));
    }

    /**
     * @param key a key as the Python system names a setting, such as {@code redis_fail_on_collision}
     *     ({@code -} for {@code _} and any case too)
     * @return kart's key for it, such as {@code kart.lock.fail-on-collision}, whether or not its module is on
     *     the class path
     */
    static Optional<String> pythonName(String key) {
        return Optional.ofNullable(PYTHON_NAMES.get(key.toLowerCase(Locale.ROOT).replace('-', '_')));
    }

    private static boolean known(ConfigObject kart, List<String> path) {
        List<String> under = path.subList(1, path.size());
        return at(kart, under.subList(0, under.size() - 1)).map(section -> section.containsKey(under.get(under.size() - 1)))
                .orElse(false);
    }
}
