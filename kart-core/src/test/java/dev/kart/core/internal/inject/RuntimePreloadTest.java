package dev.kart.core.internal.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.typesafe.config.ConfigFactory;
import dev.kart.config.KartConfigException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preload parses the tasks' reference configuration before the assembly asks for it, and leaves every
 * failure to the assembly. Each test has a class loader of its own: Typesafe Config keeps the parse of one.
 */
class RuntimePreloadTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void theTasksReferenceConfigurationIsParsedByTheTimeTheWaitEnds() throws IOException {
        Path reference = Files.writeString(directory.resolve("reference.conf"), "preload-test.size = 7\n");
        try (URLClassLoader tasks = loaderOf(directory)) {
            RuntimePreload preload = RuntimePreload.start();
            preload.useClassLoader(tasks);
            assertTimeoutPreemptively(BOUND, () -> preload.await(tasks));

            // read again, the file would give 8: the value the runtime gets is the one the preload parsed
            Files.writeString(reference, "preload-test.size = 8\n");
            assertThat(ConfigFactory.defaultReference(tasks).getInt("preload-test.size")).isEqualTo(7);
        }
    }

    @Test
    void aWaitGivenTheClassLoaderItselfEnds() throws IOException {
        Path reference = Files.writeString(directory.resolve("reference.conf"), "preload-test.size = 3\n");
        try (URLClassLoader tasks = loaderOf(directory)) {
            RuntimePreload preload = RuntimePreload.start();
            assertTimeoutPreemptively(BOUND, () -> preload.await(tasks));

            Files.writeString(reference, "preload-test.size = 4\n");
            assertThat(ConfigFactory.defaultReference(tasks).getInt("preload-test.size")).isEqualTo(3);
        }
    }

    @Test
    void aMalformedReferenceConfIsLeftToTheAssemblyWhichNamesTheFile() throws IOException {
        KartConfigException error = assemblyErrorAfterThePreloadOf("preload-test {\n  size = 7\n");

        assertThat(error).hasMessageContaining(directory.resolve("reference.conf").toString());
    }

    @Test
    void aReferenceConfNestedDeeperThanThePreloadCanReadIsOneLineFromTheAssembly() throws IOException {
        KartConfigException error = assemblyErrorAfterThePreloadOf("preload-test = " + "{a: ".repeat(20_000) + "1"
                + "}".repeat(20_000) + "\n");

        assertThat(error).hasMessageStartingWith("invalid configuration: a config file (the --config file,"
                + " application.conf or a reference.conf on the class path) nests objects, arrays or substitutions"
                + " deeper than kart can read");
    }

    @Test
    void anInterruptedWaitStillWaitsForThePreloadAndReturnsWithTheInterruptFlagSetAgain() throws IOException {
        Path reference = Files.writeString(directory.resolve("reference.conf"), "preload-test.size = 1\n");
        try (URLClassLoader tasks = loaderOf(directory)) {
            RuntimePreload preload = RuntimePreload.start();
            Thread.currentThread().interrupt();
            try {
                preload.await(tasks);
            } finally {
                assertThat(Thread.interrupted()).as("the interrupt flag after the wait").isTrue();
            }

            // the preload was done when the wait returned: the assembly never runs beside it
            Files.writeString(reference, "preload-test.size = 2\n");
            assertThat(ConfigFactory.defaultReference(tasks).getInt("preload-test.size")).isEqualTo(1);
        }
    }

    /**
     * Writes the tasks' reference.conf, lets a preload parse it and waits for it, then assembles the configuration
     * of the same class loader, as the kart command does.
     *
     * @param reference the reference.conf's text, which neither the preload nor the assembly can read
     * @return the assembly's error; the preload's wait ended within the bound and threw nothing
     */
    private KartConfigException assemblyErrorAfterThePreloadOf(String reference) throws IOException {
        Files.writeString(directory.resolve("reference.conf"), reference);
        try (URLClassLoader tasks = loaderOf(directory)) {
            RuntimePreload preload = RuntimePreload.start();
            preload.useClassLoader(tasks);
            assertTimeoutPreemptively(BOUND, () -> preload.await(tasks));

            KartConfigException error = catchThrowableOfType(KartConfigException.class,
                    () -> RuntimeSpec.defaults().withClassLoader(tasks).loadConfig());
            assertThat(error).as("the assembly's error").isNotNull();
            return error;
        }
    }

    private static URLClassLoader loaderOf(Path directory) throws IOException {
        return new URLClassLoader(new URL[] {directory.toUri().toURL()}, RuntimePreloadTest.class.getClassLoader());
    }
}
