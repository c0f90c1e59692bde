package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong value names where it was set, down to the environment variable. */
class ConfigValueErrorTest {
    /**
     * reference.conf reads KART_WORKERS with {@code ${?KART_WORKERS}}; Typesafe Config gives the value
     * it substitutes the origin "env variables", naming no variable. The config here is built as
     * that substitution leaves it, since a test cannot set its own process's environment.
     */
    @Test
    void aValueFromAnEnvironmentVariableNamesTheVariable() {
        Config config = ConfigFactory.parseMap(Map.of("kart.workers", "abc"), "env variables");
        ConfigException.WrongType error = catchThrowableOfType(ConfigException.WrongType.class,
                () -> config.getInt("kart.workers"));

        assertThat(ConfigValueError.of("kart.workers", error)).hasMessage("config key 'kart.workers' (environment"
                + " variable KART_WORKERS) is a string, expected a number");
    }

    @Test
    void aValueFromAVariableAnApplicationConfReadsNamesThatVariable(@TempDir Path classes) throws Exception {
        Files.writeString(classes.resolve("application.conf"), "kart.retry.count = ${?PIPELINE_RETRIES}\n");
        Config config = ConfigFactory.parseMap(Map.of("kart.retry.count", "abc"), "env variables");
        ConfigException.WrongType error = catchThrowableOfType(ConfigException.WrongType.class,
                () -> config.getInt("kart.retry.count"));
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[] {classes.toUri().toURL()}, before)) {
            thread.setContextClassLoader(application);

            assertThat(ConfigValueError.of("kart.retry.count", error)).hasMessage("config key 'kart.retry.count'"
                    + " (environment variable PIPELINE_RETRIES) is a string, expected a number");
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /**
     * HOME stands for a variable a user sets: a test cannot set its own process's environment, and
     * HOME is set wherever the tests run.
     */
    @Test
    void aVariableReadThroughAKeyOfTheFileAndOnePartOfAValueAreNamed(@TempDir Path classes) throws Exception {
        Files.writeString(classes.resolve("application.conf"), "retries = ${?HOME}\nkart.retry.count = ${retries}\n"
                + "kart.retry.delay = ${?HOME}s\n");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[] {classes.toUri().toURL()}, before)) {
            thread.setContextClassLoader(application);
            Config config = ConfigFactory.parseResources(application, "application.conf").resolve();

            assertThat(ConfigValueError.origin(config.getValue("kart.retry.count"), "kart.retry.count"))
                    .isEqualTo("environment variable HOME");
            assertThat(ConfigValueError.origin(config.getValue("kart.retry.delay"), "kart.retry.delay"))
                    .startsWith("environment variable HOME and ").contains("application.conf").doesNotContain("merge of");
        } finally {
            thread.setContextClassLoader(before);
        }
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
    void aDefaultIsNamedAsOneWithoutTheJarsLineOne() {
        // the runnable jar's reference.conf is one merged line: "kart.jar!/reference.conf, line 1" points nowhere
        Config defaults = ConfigFactory.defaultReference(ConfigValueErrorTest.class.getClassLoader());

        assertThat(ConfigValueError.of(defaults, "kart.workers", "is too many")).hasMessage("config key 'kart.workers'"
                + " (the default, reference.conf) is too many");
    }
}
