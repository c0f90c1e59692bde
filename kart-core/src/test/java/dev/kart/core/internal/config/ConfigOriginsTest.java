package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
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

    /**
     * Where a key is written, for an error about the key itself (a misspelt {@code krat}): the line its block opens
     * on, and where a block has no line of its own, merged from two files, the line of its first value.
     */
    @Test
    void theLineOfAKeyIsWhereItsBlockOpensOrElseWhereItsFirstValueIsSet(@TempDir Path directory) throws Exception {
        Path one = directory.resolve("one.conf");
        Files.writeString(one, "# workers\n\nkrat {\n  workers = 2\n}\nkart.retry.count = 3\n");
        Path two = directory.resolve("two.conf");
        Files.writeString(two, "krat {\n  retries = 4\n}\n");
        Config first = ConfigFactory.parseFile(one.toFile());
        Config merged = first.withFallback(ConfigFactory.parseFile(two.toFile()));

        ConfigOrigin block = ConfigOrigins.keyLine(first.getValue("krat"));
        ConfigOrigin value = ConfigOrigins.keyLine(first.getValue("kart.retry.count"));
        ConfigOrigin mergedBlock = ConfigOrigins.keyLine(merged.getValue("krat"));

        assertThat(block.filename()).isEqualTo(one.toString());
        assertThat(block.lineNumber()).as("where the block opens, not its first value's line 4").isEqualTo(3);
        assertThat(value.lineNumber()).isEqualTo(6);
        assertThat(merged.getValue("krat").origin().lineNumber()).as("a merged block has no line").isEqualTo(-1);
        // Typesafe Config keeps a block's keys in no order the files give: the first value is either file's
        assertThat(mergedBlock).isEqualTo(ConfigOrigins.leaf(merged.getValue("krat")).origin());
        assertThat(mergedBlock.lineNumber()).as("the line of one of its values").isIn(4, 2);
    }
}
