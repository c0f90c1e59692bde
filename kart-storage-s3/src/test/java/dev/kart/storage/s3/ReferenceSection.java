package dev.kart.storage.s3;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import java.time.Duration;
import java.util.List;

/**
 * {@code kart.storage.s3} as the runtime hands it over: this module's reference.conf with a test's
 * settings (HOCON) on top, so every test also checks that reference.conf has every key the provider
 * reads.
 */
final class ReferenceSection implements ConfigSection {
    private static final String PATH = "kart.storage.s3";
    private final Config config;

    private ReferenceSection(Config config) {
        this.config = config;
    }

    /**
     * @param hocon settings relative to kart.storage.s3, such as {@code endpoint = "http://..."}
     * @return the section
     */
    static ReferenceSection of(String... hocon) {
        Config overrides = ConfigFactory.parseString(String.join("\n", hocon));
        Config merged = overrides.atPath(PATH).withFallback(ConfigFactory.defaultReference()).resolve();
        return new ReferenceSection(merged.getConfig(PATH));
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public boolean has(String key) {
        return config.hasPath(key);
    }

    @Override
    public String getString(String key) {
        try {
            return config.getString(key);
        } catch (ConfigException e) {
            throw new KartConfigException(PATH + "." + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int getInt(String key) {
        try {
            return config.getInt(key);
        } catch (ConfigException e) {
            throw new KartConfigException(PATH + "." + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean getBoolean(String key) {
        try {
            return config.getBoolean(key);
        } catch (ConfigException e) {
            throw new KartConfigException(PATH + "." + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Duration getDuration(String key) {
        try {
            return config.getDuration(key);
        } catch (ConfigException e) {
            throw new KartConfigException(PATH + "." + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> getStringList(String key) {
        return config.getStringList(key);
    }

    @Override
    public ConfigSection getSection(String key) {
        return new ReferenceSection(config.getConfig(key));
    }

    @Override
    public String origin(String key) {
        return config.hasPath(key) ? config.getValue(key).origin().description() : "nowhere";
    }

    @Override
    public boolean isDefault(String key) {
        return config.hasPath(key);
    }
}
