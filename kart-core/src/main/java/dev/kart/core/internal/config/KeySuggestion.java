package dev.kart.core.internal.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The key of kart's that an unknown config key most likely stands for, tried in this order: the same key
 * with {@code -} or {@code _} written for a dot ({@code retry_count} for {@code retry.count}), a slip of a key
 * beside it ({@code workrs}), the one key of that name in another section ({@code kart.retry.fail-on-collision}
 * for {@code kart.lock.fail-on-collision}), and a setting of the Python system under its own name
 * ({@code should_lock_run}, {@code redis_timeout}).
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
            "retry_delay", "kart.retry.delay");

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
        String parent = ConfigUtil.joinPath(path.subList(0, path.size() - 1));
        Optional<String> beside = dotted(key, siblings).or(() -> EditDistance.nearest(key, siblings.keySet()))
                .map(known -> parent + "." + known);
        return beside.or(() -> elsewhere(key, kart)).or(() -> pythonName(key));
    }

    /**
     * A key with a separator written for a dot: {@code retry-count}, as a task's section spells the setting, or
     * {@code retry_count}, gokart's name, for {@code retry.count}.
     *
     * @param key an unknown key
     * @param siblings the known keys beside it
     * @return the key it stands for, relative to its parent, when the parts name a known key
     */
    static Optional<String> dotted(String key, ConfigObject siblings) {
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

    /** @return the path of the only known key or section of that name anywhere under kart */
    static Optional<String> elsewhere(String key, ConfigObject kart) {
        List<String> found = new ArrayList<>();
        collect(key, kart, List.of("kart"), found);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private static void collect(String key, ConfigObject object, List<String> at, List<String> found) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            List<String> path = new ArrayList<>(at);
            path.add(entry.getKey());
            if (entry.getKey().equals(key)) {
                found.add(ConfigUtil.joinPath(path));
            }
            if (entry.getValue() instanceof ConfigObject child) {
                collect(key, child, path, found);
            }
        }
    }

    private static Optional<String> pythonName(String key) {
        return Optional.ofNullable(PYTHON_NAMES.get(key.toLowerCase(Locale.ROOT).replace('-', '_')));
    }
}
