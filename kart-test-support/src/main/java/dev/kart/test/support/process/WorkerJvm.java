package dev.kart.test.support.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test's class path run as a JVM of its own: a real OS process, as one machine of
 * a cluster would be, that a test can wait for or kill with SIGKILL. Its stdout and stderr go to one
 * file. Closing it kills it if it still runs.
 */
public final class WorkerJvm implements AutoCloseable {
    /** Start-up speed matters more than peak speed for short test JVMs on a small machine. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx256m", "-XX:-UsePerfData", "-Xshare:auto");

    private final String name;
    private final Process process;
    private final Path output;

    private WorkerJvm(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /**
     * @param directory where its output file, {@code NAME.out}, goes
     * @param name a name for messages and the output file
     * @param main the main class, on this JVM's class path
     * @param environment extra environment variables (such as {@code LD_PRELOAD})
     * @param properties system properties for it
     * @param arguments its arguments
     * @return the started process
     * @throws UncheckedIOException when it cannot be started
     */
    public static WorkerJvm start(Path directory, String name, Class<?> main, Map<String, String> environment,
            Map<String, String> properties, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(JVM_OPTIONS);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(main.getName());
        command.addAll(arguments);
        Path output = directory.resolve(name + ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
            builder.environment().putAll(environment);
            return new WorkerJvm(name, builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + name, e);
        }
    }

    /** @return its process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether it still runs */
    public boolean alive() {
        return process.isAlive();
    }

    /**
     * @param guard how long to wait at most
     * @return its exit code
     * @throws AssertionError when it did not end in time (it is killed)
     * @throws InterruptedException when interrupted while waiting
     */
    public int awaitExit(Duration guard) throws InterruptedException {
        if (!process.waitFor(guard.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(this + " did not end within " + guard + " (a hang); it printed:\n" + output());
        }
        return process.exitValue();
    }

    /**
     * Kills it with SIGKILL, as a machine that dies would, and waits until it is gone.
     *
     * @throws AssertionError when it is still there after 30 s
     * @throws InterruptedException when interrupted while waiting
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(this + " survived SIGKILL for 30 s");
        }
    }

    /** @return everything it printed so far */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "worker " + name + " (pid " + process.pid() + ")";
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
