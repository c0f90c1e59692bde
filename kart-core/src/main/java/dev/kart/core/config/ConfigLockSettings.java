package dev.kart.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.kart.lock.LockSettings;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The {@code kart.lock} section as {@link LockSettings}, for lock backends. Immutable. */
public final class ConfigLockSettings implements LockSettings {
    private static final String SECTION = "kart.lock";

    private final Config lock;
    private final String prefix;
    private final Duration ttl;
    private final Duration renewInterval;
    private final String owner;

    /**
     * @param config the loaded configuration
     * @param owner this process, as lock listings show it
     * @throws KartConfigException when the prefix, TTL or renew interval is invalid
     */
    public ConfigLockSettings(Config config, String owner) {
        this.lock = config.getConfig(SECTION);
        this.owner = owner;
        this.prefix = Settings.read(SECTION + ".prefix", () -> lock.getString("prefix"));
        if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new KartConfigException("config key 'kart.lock.prefix' is '" + prefix
                    + "', expected a non-empty name without spaces");
        }
        this.ttl = ttl(config);
        this.renewInterval = lock.hasPath("renew-interval")
                ? Settings.positiveDuration(config, SECTION + ".renew-interval", false)
                : ttl.dividedBy(3);
        if (renewInterval.compareTo(ttl) >= 0) {
            throw new KartConfigException("config key 'kart.lock.renew-interval' is " + renewInterval
                    + ", expected less than kart.lock.ttl (" + ttl + ") so leases are renewed before they expire");
        }
    }

    private static Duration ttl(Config config) {
        String alias = SECTION + ".redis.timeout";
        if (config.hasPath(alias)) {
            return Settings.positiveDuration(config, alias, false);
        }
        return Settings.positiveDuration(config, SECTION + ".ttl", false);
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    @Override
    public Duration renewInterval() {
        return renewInterval;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public boolean has(String path) {
        return lock.hasPath(path);
    }

    @Override
    public String getString(String path) {
        return get(path, () -> lock.getString(path));
    }

    @Override
    public int getInt(String path) {
        return get(path, () -> lock.getInt(path));
    }

    @Override
    public boolean getBoolean(String path) {
        return get(path, () -> lock.getBoolean(path));
    }

    @Override
    public Duration getDuration(String path) {
        return get(path, () -> lock.getDuration(path));
    }

    @Override
    public List<String> getStringList(String path) {
        return get(path, () -> lock.getStringList(path));
    }

    private static <T> T get(String path, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ConfigException e) {
            throw new KartConfigException("config key '" + SECTION + "." + path + "': " + e.getMessage(), e);
        }
    }
}
