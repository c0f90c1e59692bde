package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a value was set, in kart's words, down to the environment variable a file reads for it. */
class ConfigOriginsTest {
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

            assertThat(ConfigOrigins.origin(config.getValue("kart.retry.count"), "kart.retry.count"))
                    .isEqualTo("environment variable HOME");
            assertThat(ConfigOrigins.origin(config.getValue("kart.retry.delay"), "kart.retry.delay"))
                    .isEqualTo("environment variable HOME and " + classes.resolve("application.conf") + ", line 3");
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
