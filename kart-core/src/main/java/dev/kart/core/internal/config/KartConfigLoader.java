package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.kart.config.KartConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Assembles kart's configuration with this precedence, highest first: explicit overrides (command-line
 * flags, builder calls), JVM system properties, the file given with {@code --config}, {@code
 * application.conf} on the class path, then every module's {@code reference.conf}. Then it checks
 * that every key under {@code kart} is known, and warns about top-level keys of application.conf, the
 * file and the overrides (-D) that look like kart's ({@code karts.workers}) but are not under {@code kart}, and
 * about keys of kart's that a task jar's reference.conf sets where kart's own reference.conf sets them first.
 */
public final class KartConfigLoader {
    /** Where the task sections are: {@code kart.tasks."CLASS".KEY}. */
    private static final String TASK_SECTIONS = "kart.tasks.";
    private static final String KART = "kart.";

    private KartConfigLoader() {
    }

    /**
     * @param classLoader where application.conf, reference.conf and task classes are found
     * @param file an extra config file, if any
     * @param overrides values that win over everything else
     * @return the merged, resolved and checked configuration
     * @throws KartConfigException when a file is missing or malformed, a key is unknown, or a JVM
     *     system property sets a key of a task section
     */
    public static Config load(ClassLoader classLoader, Optional<Path> file, Config overrides) {
        refuseTaskSections(System.getProperties(), classLoader);
        try {
            Config application = ConfigFactory.defaultApplication(ConfigParseOptions.defaults().setClassLoader(classLoader));
            Optional<Config> parsedFile = file.map(KartConfigLoader::parseFile);
            Config reference = knownKeys(classLoader);
            // a task jar's reference.conf that sets kart.workspace is never read: kart's own sets it first
            UnreadReferenceKeys.warn(classLoader, ConfigFactory.defaultReferenceUnresolved(classLoader));
            KartKeyNearMisses.warn(application, reference);
            parsedFile.ifPresent(parsed -> KartKeyNearMisses.warn(parsed, reference, true));
            // -D karts.workers=2 is as unread as the same key in a file; an unknown key under kart
            // (-D kart.worker=2) is an error, as in a file. gokart's names (-D redis_fail_on_collision=true) are warned
            // about here and in the --config file, which hold kart's settings alone
            KartKeyNearMisses.warn(overrides, reference, true);
            Config base = parsedFile.map(f -> f.withFallback(application)).orElse(application);
            Config merged = overrides.withFallback(ConfigFactory.defaultOverrides(classLoader)).withFallback(base);
            // not ConfigFactory.load(classLoader, merged): it lays the system properties over merged again, and
            // JAVA_OPTS=-Dkart.workspace=a would beat --workspace b and -D, against the documented order. The
            // reference.conf files unresolved, resolved with the rest: a default that reads another key
            // (kart.storage.file.durable = ${kart.durable}) then follows the value the user gave that key
            Config loaded = merged.withFallback(ConfigFactory.defaultReferenceUnresolved(classLoader)).resolve();
            // of several unknown keys, the one of the source loaded first is named, as the warnings above come
            List<Config> sources = new ArrayList<>(3);
            sources.add(application);
            if (parsedFile.isPresent()) {
                sources.add(parsedFile.get());
            }
            sources.add(overrides);
            ConfigKeyChecker.check(loaded, reference, sources);
            return loaded;
        } catch (ConfigException e) {
            throw ConfigValueError.invalid(e);
        } catch (StackOverflowError e) {
            throw nestedTooDeeply(e);
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
            // the system properties under the given configuration, as the default reference held them, and the
            // reference.conf files resolved with the rest, as load does
            Config resolved = config.withFallback(ConfigFactory.defaultOverrides(classLoader))
                    .withFallback(ConfigFactory.defaultReferenceUnresolved(classLoader)).resolve();
            // one configuration: its files in no order of kart's, each by line
            ConfigKeyChecker.check(resolved, knownKeys(classLoader), List.of());
            return resolved;
        } catch (ConfigException e) {
            throw ConfigValueError.invalid(e);
        } catch (StackOverflowError e) {
            throw nestedTooDeeply(e);
        }
    }

    /**
     * Typesafe Config parses and resolves by recursion, a level of the thread's stack per level of nesting, and
     * says nothing of which file overflowed it: thousands of nested objects or arrays, which no configuration
     * needs, are told in one line instead of a trace of a thousand lines.
     */
    private static KartConfigException nestedTooDeeply(StackOverflowError error) {
        return new KartConfigException("invalid configuration: a config file (the --config file, application.conf or"
                + " a reference.conf on the class path) nests objects, arrays or substitutions deeper than kart can read;"
                + " expected at most some hundreds of levels", error);
    }

    /**
     * Typesafe Config's default reference holds the JVM's system properties over the reference.conf files,
     * so that a {@code -Dkart.workrs=2} would count as a key kart knows, and be read without a word.
     *
     * @param classLoader where reference.conf files are found
     * @return every module's reference.conf, which declares kart's keys, resolved
     */
    private static Config knownKeys(ClassLoader classLoader) {
        // a loop, not a stream with a lambda: this runs at every start, and without a system property under kart
        // the default reference, which the configuration is resolved with anyway, serves as it is
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(KART)) {
                return ConfigFactory.defaultReferenceUnresolved(classLoader).resolve();
            }
        }
        return ConfigFactory.defaultReference(classLoader);
    }

    /**
     * Typesafe Config splits a system property's name at every dot and reads no quotes, so a property
     * under {@code kart.tasks} names no task class: {@code kart.tasks."a.B".x} would be read as the
     * section {@code "\"a"}, and the error would name that garbled key instead of the property.
     *
     * @param properties the JVM's system properties
     * @param classLoader where task classes are found
     * @throws KartConfigException when one of them sets a key under {@code kart.tasks}, naming it and
     *     where to give it instead
     */
    static void refuseTaskSections(Properties properties, ClassLoader classLoader) {
        // a loop, not a stream with a lambda: this runs at every start, where linking a call site costs more
        List<String> names = new ArrayList<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(TASK_SECTIONS)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return;
        }
        Collections.sort(names);
        String first = names.get(0);
        boolean one = names.size() == 1;
        // a name that quotes its class is what kart's own -D takes
        String key = first.contains("\"") ? first : withTaskClassQuoted(first.substring(TASK_SECTIONS.length()),
                classLoader).orElse(null);
        String example = key != null ? key + "=" + properties.getProperty(first) : "kart.tasks.\"CLASS\".KEY=VALUE";
        throw new KartConfigException((one ? "JVM system property " : "JVM system properties ")
                + String.join(", ", names.stream().map(name -> "'" + name + "'").toList())
                + " (java -D..., as in JAVA_OPTS, JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS) " + (one ? "sets a key" : "set keys")
                + " of a task section, which a system property cannot: Typesafe Config splits a system property's name"
                + " at every dot and reads no quotes, so " + (one ? "it names" : "they name") + " no task class. Give "
                + (one ? "it" : "them") + " with kart's own -D instead, after any command (kart COMMAND ... -D '"
                + example + "'), in application.conf, or in a file given with --config");
    }

    /**
     * A name without quotes does not say where its class name ends: the JVM drops the quotes of
     * {@code -Dkart.tasks."a.B".x=1} in {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS}, and a
     * shell those of a command line. Its leading words that name a task class are taken for the class,
     * the longest first, as the class loader finds them.
     *
     * @param name a task section's key without {@code kart.tasks.}, such as {@code a.B.x}
     * @param classLoader where task classes are found
     * @return the config key with the class quoted, such as {@code kart.tasks."a.B".x}; empty when no
     *     leading words of the name name a task class
     */
    private static Optional<String> withTaskClassQuoted(String name, ClassLoader classLoader) {
        for (int dot = name.lastIndexOf('.', name.length() - 2); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            String className = name.substring(0, dot);
            if (TaskSections.taskClass(className, classLoader).isPresent()) {
                return Optional.of(TaskSections.path(className) + name.substring(dot));
            }
        }
        return Optional.empty();
    }

    private static Config parseFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new KartConfigException("config file " + path.toAbsolutePath() + " does not exist or is not a file");
        }
        // absolute: Typesafe Config looks for an include of a file named without a directory (--config kart.conf)
        // beside it only when the file has a parent, and otherwise on the class path, where it finds nothing and
        // says nothing. The errors then name the file as the docs show it, /home/me/kart.conf
        return ConfigFactory.parseFile(path.toAbsolutePath().toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }
}
