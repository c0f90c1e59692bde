package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the runnable jar ({@code target/kart.jar}) or the {@code bin/kart} launcher as a separate
 * process, the way a user does, with stdout and stderr captured in files.
 */
final class KartProcess {
    /** A hang guard only: a command that takes this long has hung. */
    private static final long TIMEOUT_MINUTES = 5;

    private KartProcess() {
    }

    /** @return the runnable jar the build made */
    static Path jar() {
        return existing("kart.jar");
    }

    /** @return the example pipeline's jar */
    static Path examplesJar() {
        return existing("kart.examples.jar");
    }

    /** @return the test fixtures' class directory */
    static Path fixtures() {
        return existing("kart.fixtures");
    }

    /** @return the launcher script */
    static Path launcher() {
        return existing("kart.launcher");
    }

    /** @return the --classpath value giving both the examples and the fixtures */
    static String tasksClasspath() {
        return examplesJar() + File.pathSeparator + fixtures();
    }

    /**
     * @param directory the working directory
     * @param args the arguments after {@code java -jar kart.jar}
     * @return what the process printed and returned
     */
    static Cli.Result runJar(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return run(directory, Map.of(), command);
    }

    /**
     * @param directory the working directory
     * @param environment extra environment variables
     * @param command the command line
     * @return what the process printed and returned
     */
    static Cli.Result run(Path directory, Map<String, String> environment, List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("kart-out", ".txt");
        Path err = Files.createTempFile("kart-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("KART_WORKSPACE");
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("hung for " + TIMEOUT_MINUTES + " minutes: " + command);
            }
            return new Cli.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** @return the java of the JVM running the tests */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** @return the javac of the JDK running the tests */
    static String javac() {
        return Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property %s (set by the failsafe configuration in kart-cli/pom.xml)", property)
                .isNotBlank();
        Path path = Path.of(value);
        assertThat(path).as(property).exists();
        return path;
    }
}
