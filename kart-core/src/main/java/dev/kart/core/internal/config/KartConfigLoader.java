package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.kart.config.KartConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Assembles kart's configuration with this precedence, highest first: explicit overrides (command-line
 * flags, builder calls), JVM system properties, the file given with {@code --config}, {@code
 * application.conf} on the class path, then every module's {@code reference.conf}. Then it checks
 * that every key under {@code kart} is known, and warns about top-level keys of application.conf, the
 * file and the overrides (-D) that look like kart's ({@code karts.workers}) but are not under {@code kart}.
 */
public final class KartConfigLoader {
    private KartConfigLoader() {
    }

    /**
     * @param classLoader where application.conf, reference.conf and task classes are found
     * @param file an extra config file, if any
     * @param overrides values that win over everything else
     * @return the merged, resolved and checked configuration
     * @throws KartConfigException when a file is missing or malformed, or a key is unknown
     */
    public static Config load(ClassLoader classLoader, Optional<Path> file, Config overrides) {
        try {
            Config application = ConfigFactory.defaultApplication(ConfigParseOptions.defaults().setClassLoader(classLoader));
            Optional<Config> parsedFile = file.map(KartConfigLoader::parseFile);
            Config reference = ConfigFactory.defaultReference(classLoader);
            KartKeyNearMisses.warn(application, reference);
            parsedFile.ifPresent(parsed -> KartKeyNearMisses.warn(parsed, reference));
            // -D karts.workers=2 is as unread as the same key in a file; an unknown key under kart
            // (-D kart.worker=2) is an error, as in a file
            KartKeyNearMisses.warn(overrides, reference);
            Config base = parsedFile.map(f -> f.withFallback(application)).orElse(application);
            Config merged = overrides.withFallback(ConfigFactory.defaultOverrides(classLoader)).withFallback(base);
            Config loaded = ConfigFactory.load(classLoader, merged);
            ConfigKeyChecker.check(loaded, reference);
            return loaded;
        } catch (ConfigException e) {
            throw new KartConfigException("invalid configuration: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a configuration assembled elsewhere (a test's, or an application's own) the same way.
     *
     * @param config a configuration with reference.conf as fallback
     * @param classLoader where reference.conf files are found
     * @return {@code config}, resolved
     */
    public static Config check(Config config, ClassLoader classLoader) {
        try {
            Config resolved = config.withFallback(ConfigFactory.defaultReference(classLoader)).resolve();
            ConfigKeyChecker.check(resolved, ConfigFactory.defaultReference(classLoader));
            return resolved;
        } catch (ConfigException e) {
            throw new KartConfigException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static Config parseFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new KartConfigException("config file " + path.toAbsolutePath() + " does not exist or is not a file");
        }
        return ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }
}
