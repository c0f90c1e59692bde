package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnreadConfigFilesTest {
    @TempDir
    Path workingDirectory;

    @Test
    void anApplicationConfOfTheWorkingDirectoryOffTheClassPathIsNamedWithHowToHaveItRead() throws Exception {
        Files.writeString(workingDirectory.resolve("application.conf"), "kart.lock.redis { host = localhost }\n");

        try (URLClassLoader tasks = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks, Optional.empty())).hasValue("application.conf in the working"
                    + " directory is not read: kart reads application.conf from the class path (a --classpath directory"
                    + " or jar); give it with --config application.conf, or move it into a --classpath directory");
        }
    }

    @Test
    void oneTheClassPathGivesIsReadSoNothingIsSaid() throws Exception {
        Files.writeString(workingDirectory.resolve("application.conf"), "kart.workers = 2\n");

        try (URLClassLoader tasks = new URLClassLoader(new URL[] {workingDirectory.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks, Optional.empty())).isEmpty();
        }
    }

    @Test
    void oneTheClassPathGivesBesideAnotherOfTheSameNameIsReadToo() throws Exception {
        Files.writeString(workingDirectory.resolve("application.conf"), "kart.workers = 2\n");
        Path library = Files.createDirectories(workingDirectory.resolve("library"));
        Files.writeString(library.resolve("application.conf"), "library.setting = 1\n");

        // Typesafe Config reads and merges every application.conf of the class path, not only the first
        try (URLClassLoader tasks = new URLClassLoader(new URL[] {library.toUri().toURL(), workingDirectory.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks, Optional.empty())).isEmpty();
        }
    }

    @Test
    void aFileTheJvmsConfigPropertiesNameIsReadInsteadSoNothingIsSaid() throws Exception {
        Files.writeString(workingDirectory.resolve("application.conf"), "kart.workers = 2\n");
        String before = System.getProperty("config.file");
        System.setProperty("config.file", workingDirectory.resolve("application.conf").toString());
        try (URLClassLoader tasks = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks, Optional.empty())).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty("config.file");
            } else {
                System.setProperty("config.file", before);
            }
        }
    }

    /** --config is read over the class path's application.conf, not instead of the working directory's: both count. */
    @Test
    void withConfigNamingAnotherFileTheWorkingDirectorysIsStillUnreadAndToBeMergedIntoIt() throws Exception {
        Path conf = Files.writeString(workingDirectory.resolve("application.conf"), "kart.workers = 2\n");
        Path other = Files.writeString(workingDirectory.resolve("redis.conf"), "kart.lock.redis.host = localhost\n");

        try (URLClassLoader tasks = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks, Optional.of(other))).hasValue(
                    "application.conf in the working directory is not read: kart reads the class path's application.conf"
                            + " and --config " + other + " only; merge it into " + other + ", or move it into a --classpath"
                            + " directory");
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks, Optional.of(conf))).as("--config names it").isEmpty();
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks, Optional.of(workingDirectory.resolve("gone.conf"))))
                    .as("a --config file that is not there, which the command refuses").isEmpty();
        }
    }

    @Test
    void everyUnreadNameIsListedAndNoFileIsNoWarning() throws Exception {
        try (URLClassLoader tasks = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks, Optional.empty())).isEmpty();

            Files.writeString(workingDirectory.resolve("application.conf"), "kart.workers = 2\n");
            Files.writeString(workingDirectory.resolve("application.properties"), "kart.workers=2\n");
            Files.createDirectory(workingDirectory.resolve("application.json"));

            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks, Optional.empty())).get().asString()
                    .isEqualTo("application.conf and application.properties in the working directory are not read: kart"
                            + " reads them from the class path (a --classpath directory or jar); move them into a --classpath"
                            + " directory, or merge them into one file given with --config FILE");
        }
    }
}
