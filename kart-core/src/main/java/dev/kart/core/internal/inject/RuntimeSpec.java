package dev.kart.core.internal.inject;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.kart.core.internal.config.ConfigValueError;
import dev.kart.core.internal.config.KartConfigLoader;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a runtime is assembled from: where classes and configuration come from, values that win
 * over every config file, and optionally a lock backend to use instead of the configured one.
 * Immutable; {@code Kart.Builder} and the {@code kart} command build one.
 *
 * @param classLoader where task classes, application.conf, formats and lock backends are found
 * @param configFile a HOCON file that wins over application.conf
 * @param application configuration to use instead of application.conf (reference.conf still applies)
 * @param overrides values that win over everything else
 * @param lockBackend an open backend to use as it is; the runtime does not close it
 * @param lockBackendProvider a provider to open the backend with, instead of the one
 *     {@code kart.lock.backend} names; the runtime closes what it opens
 */
public record RuntimeSpec(ClassLoader classLoader, Optional<Path> configFile, Optional<Config> application,
        Config overrides, Optional<LockBackend> lockBackend, Optional<LockBackendProvider> lockBackendProvider) {

    /** Checks that no component is null. */
    public RuntimeSpec {
        Objects.requireNonNull(classLoader, "classLoader");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(lockBackend, "lockBackend");
        Objects.requireNonNull(lockBackendProvider, "lockBackendProvider");
    }

    /** @return a spec that loads application.conf from the thread's context class loader and opens the configured backend */
    public static RuntimeSpec defaults() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return new RuntimeSpec(context != null ? context : RuntimeSpec.class.getClassLoader(), Optional.empty(),
                Optional.empty(), ConfigFactory.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * @param value where classes and configuration are found
     * @return a copy with it
     */
    public RuntimeSpec withClassLoader(ClassLoader value) {
        return new RuntimeSpec(value, configFile, application, overrides, lockBackend, lockBackendProvider);
    }

    /**
     * @param file a HOCON file that wins over application.conf
     * @return a copy with it
     */
    public RuntimeSpec withConfigFile(Path file) {
        return new RuntimeSpec(classLoader, Optional.of(file), application, overrides, lockBackend, lockBackendProvider);
    }

    /**
     * @param config configuration to use instead of application.conf
     * @return a copy with it
     */
    public RuntimeSpec withApplication(Config config) {
        return new RuntimeSpec(classLoader, configFile, Optional.of(config), overrides, lockBackend, lockBackendProvider);
    }

    /**
     * @param path a config path such as {@code kart.workers}
     * @param value a String, Number, Boolean, List or Map
     * @param origin who set it, for error messages, such as {@code --workers}
     * @return a copy with the value set over every config file
     * @throws dev.kart.config.KartConfigException when a value set before holds something other than an
     *     object at a path above this one ({@code -D kart=x}, then {@code --workspace}): setting this one
     *     would replace it, and every value set under it before, without a word
     */
    public RuntimeSpec with(String path, Object value, String origin) {
        List<String> keys = ConfigUtil.splitPath(path);
        for (int depth = 1; depth < keys.size(); depth++) {
            String above = ConfigUtil.joinPath(keys.subList(0, depth));
            if (overrides.hasPath(above) && overrides.getValue(above).valueType() != ConfigValueType.OBJECT) {
                throw ConfigValueError.of(overrides, above, "holds a " + overrides.getValue(above).valueType().name()
                        .toLowerCase(Locale.ROOT) + ", but " + origin + " sets '" + path + "' under it: expected an"
                        + " object ({ ... })");
            }
        }
        return new RuntimeSpec(classLoader, configFile, application,
                overrides.withValue(path, ConfigValueFactory.fromAnyRef(value, origin)), lockBackend, lockBackendProvider);
    }

    /**
     * @param backend an open backend the runtime uses and does not close
     * @return a copy with it
     */
    public RuntimeSpec withLockBackend(LockBackend backend) {
        return new RuntimeSpec(classLoader, configFile, application, overrides, Optional.of(backend), Optional.empty());
    }

    /**
     * @param provider opens the backend the runtime uses and closes
     * @return a copy with it
     */
    public RuntimeSpec withLockBackendProvider(LockBackendProvider provider) {
        return new RuntimeSpec(classLoader, configFile, application, overrides, Optional.empty(), Optional.of(provider));
    }

    /**
     * @return the configuration: overrides, system properties, the config file, application.conf
     *     (or the given configuration), every reference.conf; resolved and checked
     * @throws dev.kart.config.KartConfigException when a file is missing or malformed, or a key is unknown
     */
    public Config loadConfig() {
        return application
                .map(given -> KartConfigLoader.check(overrides.withFallback(given), classLoader))
                .orElseGet(() -> KartConfigLoader.load(classLoader, configFile, overrides));
    }
}
