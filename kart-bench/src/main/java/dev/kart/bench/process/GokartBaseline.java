package dev.kart.bench.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * gokart (Python) on this machine, measured in the same run as kart for issue 14's targets that are
 * ratios to it: {@code python -c 'import gokart'} for a cached {@code kart run}, and its
 * {@code should_lock_run} build from four processes for {@code contention-spawn-defer}. A scenario
 * uses it only when {@value #PYTHON_PROPERTY} names a python that can import gokart (gokart is not
 * a dependency of kart's build; docs/benchmarks.md says how to install it); without it the scenarios
 * judge against the figures and say so ({@code gokart=none}). Immutable.
 */
public final class GokartBaseline {
    /** The python to run gokart with: a path, such as {@code /usr/bin/python3}. */
    public static final String PYTHON_PROPERTY = "kart.bench.gokart.python";
    /** Optional: the {@code PYTHONPATH} under which that python finds gokart and luigi. */
    public static final String PATH_PROPERTY = "kart.bench.gokart.path";
    /** What the contention script prints on stdout when its build succeeded and the sum is right. */
    public static final String SUCCEEDED = "This build succeeded";

    private static final String SCRIPT = "contended_sum.py";

    private final Path python;
    private final String pythonPath;

    private GokartBaseline(Path python, String pythonPath) {
        this.python = python;
        this.pythonPath = pythonPath;
    }

    /**
     * @return gokart as {@value #PYTHON_PROPERTY} and {@value #PATH_PROPERTY} give it, or empty when
     *     {@value #PYTHON_PROPERTY} is unset
     * @throws IllegalArgumentException when {@value #PYTHON_PROPERTY} names no executable file
     */
    public static Optional<GokartBaseline> configured() {
        String python = System.getProperty(PYTHON_PROPERTY);
        if (python == null || python.isBlank()) {
            return Optional.empty();
        }
        Path executable = Path.of(python.strip());
        if (!Files.isExecutable(executable)) {
            throw new IllegalArgumentException("-D" + PYTHON_PROPERTY + "=" + python + " is not an executable file;"
                    + " expected the path of a python that can import gokart, such as /usr/bin/python3");
        }
        String path = System.getProperty(PATH_PROPERTY);
        return Optional.of(new GokartBaseline(executable, path == null || path.isBlank() ? null : path.strip()));
    }

    /** @return the command that imports gokart and exits: gokart's start-up, as issue 14 measured it */
    public List<String> importCommand() {
        return List.of(python.toString(), "-c", "import gokart");
    }

    /**
     * @return the variables the python needs ({@code PYTHONPATH} set or, with {@value #PATH_PROPERTY}
     *     unset, removed); a {@code null} value removes one
     */
    public Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PYTHONPATH", pythonPath);
        return environment;
    }

    /**
     * Writes the contention build's gokart script ({@code contended_sum.py}, kart-bench's resource)
     * into a directory.
     *
     * @param directory where to write it
     * @return the script's path
     * @throws UncheckedIOException when it cannot be written
     */
    public Path writeContentionScript(Path directory) {
        Path script = directory.resolve(SCRIPT);
        try (InputStream in = GokartBaseline.class.getResourceAsStream("/dev/kart/bench/gokart/" + SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("kart-bench's jar lacks dev/kart/bench/gokart/" + SCRIPT);
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script, e);
        }
    }

    /**
     * @param script the path {@link #writeContentionScript} returned
     * @param tasks how many sleepers
     * @param sleepMillis how long each sleeps
     * @param redisHost where Redis listens
     * @param redisPort its port
     * @param workspace gokart's workspace directory, shared by the round's processes
     * @param executionLog this process's {@link ExecutionLog}
     * @return one node's command line
     */
    public List<String> contentionCommand(Path script, int tasks, int sleepMillis, String redisHost, int redisPort,
            Path workspace, Path executionLog) {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        command.addAll(List.of("--tasks", Integer.toString(tasks), "--sleep-ms", Integer.toString(sleepMillis),
                "--redis-host", redisHost, "--redis-port", Integer.toString(redisPort),
                "--workspace", workspace.toString(), "--execution-log", executionLog.toString()));
        return command;
    }

    @Override
    public String toString() {
        return python + (pythonPath == null ? "" : " with PYTHONPATH=" + pythonPath);
    }
}
