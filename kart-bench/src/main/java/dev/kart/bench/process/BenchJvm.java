package dev.kart.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a JVM running one of kart-bench's main classes on this JVM's class path, as one node of a
 * multi-process scenario: a separate OS process with its own kart runtime, as {@code kart run} on
 * another machine would be. Its stderr goes to a file (kart's warnings, for diagnosis); its stdin and
 * stdout stay open for the scenario unless redirected.
 */
public final class BenchJvm {
    /**
     * Options of short-lived node JVMs: start-up matters more than peak speed for them, and the
     * machine has 2 cores shared by every node (C1 only, serial GC, no perf data file).
     */
    public static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx256m", "-XX:-UsePerfData");
    /** Options of node JVMs that run for minutes: the default compilers, serial GC, a bounded heap. */
    public static final List<String> LONG_LIVED = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:-UsePerfData");

    private BenchJvm() {
    }

    /**
     * @param main the main class
     * @param jvmOptions options such as {@link #SHORT_LIVED}
     * @param properties system properties for it
     * @param arguments its arguments
     * @param stderr where its stderr goes (appended)
     * @param stdout where its stdout goes, or {@code null} to keep it as a pipe to this JVM
     * @return the started process
     * @throws UncheckedIOException when it cannot be started
     */
    public static Process start(Class<?> main, List<String> jvmOptions, Map<String, String> properties,
            List<String> arguments, Path stderr, Path stdout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        if (stdout != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()));
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for " + main.getName(), e);
        }
    }
}
