package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A {@link ConfigSection} over a section of the loaded Typesafe configuration. Immutable. */
public final class TypesafeConfigSection implements ConfigSection {
    private final String path;
    private final Config section;

    private TypesafeConfigSection(String path, Config section) {
        this.path = path;
        this.section = section;
    }

    /**
     * @param config the loaded configuration
     * @param path a section's full path, such as {@code kart.lock.redis}
     * @return the section; empty when the configuration has none
     * @throws KartConfigException when the path holds something other than an object
     */
    public static TypesafeConfigSection of(Config config, String path) {
        if (!config.hasPath(path)) {
            return new TypesafeConfigSection(path, ConfigFactory.empty());
        }
        return new TypesafeConfigSection(path, Settings.read(config, path, () -> config.getConfig(path)));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean has(String key) {
        return read(key, () -> section.hasPath(key));
    }

    @Override
    public String getString(String key) {
        return read(key, () -> section.getString(key));
    }

    @Override
    public int getInt(String key) {
        return Settings.wholeNumber(section, key, path + "." + key);
    }

    @Override
    public boolean getBoolean(String key) {
        return read(key, () -> section.getBoolean(key));
    }

    @Override
    public Duration getDuration(String key) {
        return Settings.duration(section, key, path + "." + key);
    }

    @Override
    public List<String> getStringList(String key) {
        return read(key, () -> section.getStringList(key));
    }

    @Override
    public ConfigSection getSection(String key) {
        return new TypesafeConfigSection(path + "." + key, read(key, () -> section.getConfig(key)));
    }

    @Override
    public String origin(String key) {
        return section.hasPathOrNull(key) ? ConfigOrigins.origin(section.getValue(key), path + "." + key) : "not set";
    }

    @Override
    public String origin(String key, int index) {
        if (section.hasPath(key) && section.getValue(key) instanceof ConfigList list && index >= 0 && index < list.size()
                && list.get(index).origin().lineNumber() >= 0) {
            return ConfigOrigins.origin(list.get(index), path + "." + key);
        }
        return origin(key);
    }

    @Override
    public Optional<String> written(String key) {
        return Settings.written(section, key, Settings.SetIn.NO_REFERENCE_CONF);
    }

    @Override
    public boolean isDefault(String key) {
        return section.hasPath(key) && ConfigOrigins.isDefault(section.getValue(key).origin());
    }

    @Override
    public String toString() {
        return path;
    }

    private <T> T read(String key, Supplier<T> reader) {
        return Settings.read(section, key, path + "." + key, reader);
    }
}
