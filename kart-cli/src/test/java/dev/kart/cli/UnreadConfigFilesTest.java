package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnreadConfigFilesTest {
    @TempDir
    Path workingDirectory;

    @Test
    void anApplicationConfOfTheWorkingDirectoryOffTheClassPathIsNamedWithHowToHaveItRead() throws Exception {
        Files.writeString(workingDirectory.resolve("application.conf"), "kart.lock.redis { host = localhost }\n");

        try (URLClassLoader tasks = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks)).hasValue("application.conf in the working"
                    + " directory is not read: kart reads application.conf from the class path (a --classpath directory"
                    + " or jar); give it with --config application.conf, or move it into a --classpath directory");
        }
    }

    @Test
    void oneTheClassPathGivesIsReadSoNothingIsSaid() throws Exception {
        Files.writeString(workingDirectory.resolve("application.conf"), "kart.workers = 2\n");

        try (URLClassLoader tasks = new URLClassLoader(new URL[] {workingDirectory.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks)).isEmpty();
        }
    }

    @Test
    void everyUnreadNameIsListedAndNoFileIsNoWarning() throws Exception {
        try (URLClassLoader tasks = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks)).isEmpty();

            Files.writeString(workingDirectory.resolve("application.conf"), "kart.workers = 2\n");
            Files.writeString(workingDirectory.resolve("application.properties"), "kart.workers=2\n");
            Files.createDirectory(workingDirectory.resolve("application.json"));

            assertThat(UnreadConfigFiles.warning(workingDirectory, tasks)).get().asString()
                    .startsWith("application.conf and application.properties in the working directory are not read:");
        }
    }
}
