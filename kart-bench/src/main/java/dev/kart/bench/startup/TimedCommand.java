package dev.kart.bench.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as a separate process under {@code /usr/bin/time}, which reports the CPU time of the
 * command and of every process it started (user + system, as the kernel accounts it once they have
 * exited), and times it from start to exit.
 */
final class TimedCommand {
    /** GNU time, {@code apt-get install time}: bash's built-in {@code time} cannot write to a file. */
    static final Path TIME = Path.of("/usr/bin/time");
    /** A hang guard only. */
    private static final long TIMEOUT_MINUTES = 5;

    private final List<String> command;
    private final Path directory;
    private final Map<String, String> environment;

    /**
     * @param command the command line
     * @param directory its working directory
     * @param environment variables set for it (over this process's); a {@code null} value removes one
     */
    TimedCommand(List<String> command, Path directory, Map<String, String> environment) {
        this.command = List.copyOf(command);
        this.directory = directory;
        this.environment = environment;
    }

    /**
     * One run of a command.
     *
     * @param wallSeconds from starting the process until it exited
     * @param cpuSeconds user + system CPU seconds of the command and its children
     * @param exitCode its exit code
     * @param out what it printed on stdout
     * @param err what it printed on stderr
     */
    record Run(double wallSeconds, double cpuSeconds, int exitCode, String out, String err) {
    }

    /**
     * @param extra more environment variables for this run only
     * @return what happened
     * @throws UncheckedIOException when the command cannot be started or its output read
     * @throws IllegalStateException when it hangs, or {@code /usr/bin/time} reports nothing
     */
    Run run(Map<String, String> extra) {
        if (!Files.isExecutable(TIME)) {
            throw new IllegalStateException(TIME + " is missing: the start-up scenario reads CPU time from GNU time"
                    + " (apt-get install time)");
        }
        try {
            Path times = Files.createTempFile(directory, "time", ".txt");
            Path out = Files.createTempFile(directory, "out", ".txt");
            Path err = Files.createTempFile(directory, "err", ".txt");
            try {
                List<String> timed = new ArrayList<>(List.of(TIME.toString(), "-q", "-o", times.toString(), "-f", "%U %S"));
                timed.addAll(command);
                ProcessBuilder builder = new ProcessBuilder(timed).directory(directory.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                Map<String, String> variables = builder.environment();
                environment.forEach((key, value) -> put(variables, key, value));
                extra.forEach((key, value) -> put(variables, key, value));
                long start = System.nanoTime();
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("hung for " + TIMEOUT_MINUTES + " minutes: " + command);
                }
                double wall = (System.nanoTime() - start) / 1e9;
                String[] cpu = Files.readString(times).strip().split("\\s+");
                if (cpu.length != 2) {
                    throw new IllegalStateException(TIME + " reported '" + Files.readString(times).strip() + "' for " + command);
                }
                return new Run(wall, Double.parseDouble(cpu[0]) + Double.parseDouble(cpu[1]), process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(times);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static void put(Map<String, String> variables, String key, String value) {
        if (value == null) {
            variables.remove(key);
        } else {
            variables.put(key, value);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
