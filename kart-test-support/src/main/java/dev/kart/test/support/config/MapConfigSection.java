package dev.kart.test.support.config;

import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link ConfigSection} built in code from typed values, for tests that open a plug-in without a
 * loaded configuration: {@code MapConfigSection.of("kart.lock.redis").with("port", 6380)}. Values
 * are given as the getters return them (a {@link Duration} for a duration). Immutable.
 */
public final class MapConfigSection implements ConfigSection {
    private final String path;
    private final Map<String, Object> values;
    private final Map<String, String> origins;

    private MapConfigSection(String path, Map<String, Object> values, Map<String, String> origins) {
        this.path = path;
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
    }

    /**
     * @param path the section's full path, such as {@code kart.lock.redis}
     * @return an empty section
     */
    public static MapConfigSection of(String path) {
        return new MapConfigSection(path, Map.of(), Map.of());
    }

    /**
     * @param key a key relative to the section
     * @param value a String, Integer, Boolean, Duration, List of String, or MapConfigSection
     * @return a copy with it
     */
    public MapConfigSection with(String key, Object value) {
        Map<String, Object> copy = new TreeMap<>(values);
        copy.put(key, Objects.requireNonNull(value, key));
        return new MapConfigSection(path, copy, origins);
    }

    /**
     * @param key a key relative to the section; {@code nodes[1]} for the second entry of list {@code nodes}
     * @param origin where its value is to seem to come from, as a loaded configuration says it, such as
     *     {@code environment variable KART_REDIS_HOST}
     * @return a copy whose {@link #origin} of the key says so
     */
    public MapConfigSection withOrigin(String key, String origin) {
        Map<String, String> copy = new TreeMap<>(origins);
        copy.put(key, Objects.requireNonNull(origin, key));
        return new MapConfigSection(path, values, copy);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean has(String key) {
        return values.containsKey(key);
    }

    @Override
    public String getString(String key) {
        return get(key, String.class);
    }

    @Override
    public int getInt(String key) {
        return get(key, Integer.class);
    }

    @Override
    public boolean getBoolean(String key) {
        return get(key, Boolean.class);
    }

    @Override
    public Duration getDuration(String key) {
        return get(key, Duration.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> getStringList(String key) {
        return get(key, List.class);
    }

    @Override
    public ConfigSection getSection(String key) {
        return get(key, MapConfigSection.class);
    }

    @Override
    public String origin(String key) {
        return origins.getOrDefault(key, "set in a test");
    }

    @Override
    public String origin(String key, int index) {
        return origins.getOrDefault(key + "[" + index + "]", origin(key));
    }

    private <T> T get(String key, Class<T> type) {
        Object value = values.get(key);
        if (value == null) {
            throw new KartConfigException("config key '" + path + "." + key + "' is not set in this test's section");
        }
        if (!type.isInstance(value)) {
            throw new KartConfigException("config key '" + path + "." + key + "' is a " + value.getClass().getSimpleName()
                    + ", expected a " + type.getSimpleName());
        }
        return type.cast(value);
    }
}
