package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong value names where it was set, down to the environment variable. */
class ConfigValueErrorTest {
    /** A variable no environment sets. */
    private static final String UNSET = "KART_TEST_NEVER_SET_7F3C";

    /**
     * kart-core's reference.conf reads KART_WORKERS with {@code ${?KART_WORKERS}}; Typesafe Config gives the
     * value it substitutes the origin "env variables", naming no variable. The config here is built as that
     * substitution leaves it, since a test cannot set its own process's environment; a reference.conf of the
     * test's reads HOME, which is set wherever the tests run, for the same key.
     */
    @Test
    void aValueFromAnEnvironmentVariableNamesTheVariableThatIsSet(@TempDir Path classes) throws Exception {
        assumeThat(System.getenv("KART_WORKERS")).as("KART_WORKERS must not be set for this test").isNull();
        Files.writeString(classes.resolve("reference.conf"), "kart.workers = ${?HOME}\n");
        Config config = ConfigFactory.parseMap(Map.of("kart.workers", "abc"), "env variables");
        ConfigException.WrongType error = catchThrowableOfType(ConfigException.WrongType.class,
                () -> config.getInt("kart.workers"));
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[] {classes.toUri().toURL()}, before)) {
            thread.setContextClassLoader(application);

            assertThat(ConfigValueError.of("kart.workers", error)).hasMessage("config key 'kart.workers' (environment"
                    + " variable HOME) is a string, expected a number");
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** A --config file read ${?W} for the key: KART_WORKERS, which reference.conf reads and no one set, gave nothing. */
    @Test
    void aVariableThatIsNotSetIsNotBlamedForAValue() {
        assumeThat(System.getenv("KART_WORKERS")).as("KART_WORKERS must not be set for this test").isNull();
        Config config = ConfigFactory.parseMap(Map.of("kart.workers", "abc"), "env variables");
        ConfigException.WrongType error = catchThrowableOfType(ConfigException.WrongType.class,
                () -> config.getInt("kart.workers"));

        assertThat(ConfigValueError.of("kart.workers", error)).hasMessage("config key 'kart.workers' (environment"
                + " variables) is a string, expected a number");
    }

    @Test
    void aValueFromAVariableAnApplicationConfReadsNamesThatVariable(@TempDir Path classes) throws Exception {
        Files.writeString(classes.resolve("application.conf"), "kart.retry.count = ${?HOME}\n");
        Config config = ConfigFactory.parseMap(Map.of("kart.retry.count", "abc"), "env variables");
        ConfigException.WrongType error = catchThrowableOfType(ConfigException.WrongType.class,
                () -> config.getInt("kart.retry.count"));
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[] {classes.toUri().toURL()}, before)) {
            thread.setContextClassLoader(application);

            assertThat(ConfigValueError.of("kart.retry.count", error)).hasMessage("config key 'kart.retry.count'"
                    + " (environment variable HOME) is a string, expected a number");
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** Typesafe Config words the origin of a value made of several parts "merge of A: 1,B: 2", its own way. */
    @Test
    void aValueMadeOfSeveralPartsNamesEachPartAsEveryOriginIsNamed(@TempDir Path directory) throws Exception {
        Path site = Files.writeString(directory.resolve("site.conf"), "\nkart.retry.delay = ${?HOME}s\n");
        Config config = ConfigFactory.parseFile(site.toFile()).resolve();
        ConfigException.BadValue error = catchThrowableOfType(ConfigException.BadValue.class,
                () -> config.getDuration("kart.retry.delay"));

        assertThat(ConfigOrigins.origin(config.getValue("kart.retry.delay")))
                .isEqualTo("environment variables and " + site + ", line 2");
        assertThat(ConfigValueError.of("kart.retry.delay", error)).hasMessageStartingWith("config key 'kart.retry.delay'"
                + " (environment variables and " + site + ", line 2) is invalid: ");
        // kart's own reference.conf is the one kart's class loader finds; a task jar's is named by its URL
        URL kartsOwn = ConfigOrigins.class.getClassLoader().getResource("reference.conf");
        assertThat(ConfigOrigins.origin(ConfigValueFactory.fromAnyRef("x", "merge of system properties,application.conf"
                + " @ jar:file:/app/tasks.jar!/application.conf: 4,reference.conf @ " + kartsOwn + ": 1,"
                + "file:/etc/kart/site.conf: 7-9,env var KART_WORKERS,reference.conf @ jar:file:/app/tasks.jar!/reference.conf:"
                + " 3"))).isEqualTo("JVM system properties and jar:file:/app/tasks.jar!/application.conf, line 4 and the"
                + " default, reference.conf and /etc/kart/site.conf, line 7 and environment variable KART_WORKERS and"
                + " jar:file:/app/tasks.jar!/reference.conf, line 3");
    }

    /**
     * An unset ${?VAR} leaves no trace in the value ({@code ${?MY_DELAY}s} is {@code s}) nor in its origin,
     * the file's line: the file read again names the variable.
     */
    @Test
    void aValueThatReadsAVariableThatIsNotSetSaysSo(@TempDir Path classes) throws Exception {
        assumeThat(System.getenv(UNSET)).as("a variable no one sets").isNull();
        Path application = Files.writeString(classes.resolve("application.conf"), "kart.retry.delay = ${?" + UNSET + "}s\n"
                + "kart.workers = ${?" + UNSET + "}0\nkart.retry.count = many\n");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, before)) {
            thread.setContextClassLoader(loader);
            Config config = ConfigFactory.parseResources(loader, "application.conf").resolve();
            ConfigException.BadValue delay = catchThrowableOfType(ConfigException.BadValue.class,
                    () -> config.getDuration("kart.retry.delay"));
            ConfigException.WrongType count = catchThrowableOfType(ConfigException.WrongType.class,
                    () -> config.getInt("kart.retry.count"));

            assertThat(ConfigValueError.of("kart.retry.delay", delay)).hasMessage("config key 'kart.retry.delay' ("
                    + application + ", line 1) is invalid: No number in duration value 's'; it reads the environment"
                    + " variable " + UNSET + ", which is not set");
            assertThat(ConfigValueError.of(config, "kart.workers", "is 0, expected at least 1")).hasMessage("config key"
                    + " 'kart.workers' (" + application + ", line 2) is 0, expected at least 1; it reads the environment"
                    + " variable " + UNSET + ", which is not set");
            // a value that reads no variable says nothing of one
            assertThat(ConfigValueError.of(config, "kart.retry.count", "kart.retry.count", count)).hasMessage("config key"
                    + " 'kart.retry.count' (" + application + ", line 3) is the string 'many', expected a number");
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void aValueFromAJvmSystemPropertyNamesTheProperty() {
        // as Typesafe Config reads the JVM's system properties
        Config config = ConfigFactory.parseMap(Map.of("kart.workers", "many", "kart.retry.count", "1"), "system properties");
        ConfigException.WrongType error = catchThrowableOfType(ConfigException.WrongType.class,
                () -> config.getInt("kart.workers"));

        assertThat(ConfigValueError.of(config, "kart.workers", "kart.workers", error)).hasMessage("config key"
                + " 'kart.workers' (JVM system property -Dkart.workers) is the string 'many', expected a number");
        assertThat(ConfigOrigins.origin(config.getValue("kart.retry"), "kart.retry"))
                .isEqualTo("JVM system property -Dkart.retry.count");
    }

    @Test
    void aStringOfTheWrongTypeIsQuoted() {
        Config config = ConfigFactory.parseMap(Map.of("kart.retry.count", "abc"), "the command line");
        ConfigException.WrongType error = catchThrowableOfType(ConfigException.WrongType.class,
                () -> config.getInt("kart.retry.count"));

        assertThat(ConfigValueError.of(config, "kart.retry.count", "kart.retry.count", error)).hasMessage("config key"
                + " 'kart.retry.count' (the command line) is the string 'abc', expected a number");
    }

    @Test
    void aValueOfATaskJarsReferenceConfIsNamedByItsUrlAndLineNotAsKartsDefault(@TempDir Path directory) throws Exception {
        Path jar = directory.resolve("tasks.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("reference.conf"));
            out.write("# the task jar's defaults\nmyapp.size = many\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        try (URLClassLoader tasks = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            Config defaults = ConfigFactory.defaultReference(tasks);

            assertThat(ConfigValueError.of(defaults, "myapp.size", "is too many")).hasMessage("config key 'myapp.size'"
                    + " (jar:" + jar.toUri().toURL() + "!/reference.conf, line 2) is too many");
            assertThat(ConfigValueError.of(defaults, "kart.workers", "is too many")).as("kart's own, beside it")
                    .hasMessage("config key 'kart.workers' (the default, reference.conf) is too many");
        }
    }

    @Test
    void aDefaultIsNamedAsOneWithoutTheJarsLineOne() {
        // the runnable jar's reference.conf is one merged line: "kart.jar!/reference.conf, line 1" points nowhere
        Config defaults = ConfigFactory.defaultReference(ConfigValueErrorTest.class.getClassLoader());

        assertThat(ConfigValueError.of(defaults, "kart.workers", "is too many")).hasMessage("config key 'kart.workers'"
                + " (the default, reference.conf) is too many");
    }
}
