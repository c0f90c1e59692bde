package dev.kart.test.support.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process started from PATH on a free loopback port, in a temporary
 * directory, without persistence ({@code --save "" --appendonly no}), so nothing else ever uses it.
 * It can be stopped, restarted on the same port, and paused with SIGSTOP; closing it stops it and
 * deletes its directory, and a JVM that exits without closing it still stops it. The one launcher of
 * kart's tests ({@link RedisServerExtension} starts one per test class) and benchmarks (a Redis
 * scenario starts its own with {@link #start()}). Not thread-safe: one test or scenario drives it.
 *
 * <pre>{@code
 * try (LocalRedisServer redis = LocalRedisServer.start()) {
 *     connect(redis.host(), redis.port());
 * }
 * }</pre>
 */
public final class LocalRedisServer implements TestRedis, AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int PORT_ATTEMPTS = 5;

    private final Path executable;
    private final Path directory;
    private final int port;
    private final Thread reaper;
    private Process process;
    private boolean paused;

    private LocalRedisServer(Path executable, Path directory, int port, Process process) {
        this.executable = executable;
        this.directory = directory;
        this.port = port;
        this.process = process;
        // a test JVM that ends without afterAll (killed by a timeout, System.exit) still stops its server
        this.reaper = new Thread(this::destroyQuietly, "kart-test-redis-reaper-" + port);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * @param path the PATH to search
     * @return the first executable {@code redis-server} on it
     */
    static Optional<Path> findOnPath(String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "redis-server")).filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts the {@code redis-server} found on PATH, on a free loopback port, and waits until it
     * answers PING.
     *
     * @return the running server
     * @throws IllegalStateException when no {@code redis-server} is on PATH, or it does not start
     *     within 20 s; the message says why
     */
    public static LocalRedisServer start() {
        Path executable = findOnPath(System.getenv("PATH")).orElseThrow(() -> new IllegalStateException(
                "no redis-server on PATH (" + System.getenv("PATH") + "): install Redis 6 or later, e.g."
                        + " apt-get install redis-server"));
        return start(executable);
    }

    /**
     * Starts a server on a free port, trying another port when the chosen one was taken meanwhile.
     *
     * @param executable the redis-server binary
     * @return the running server
     * @throws IllegalStateException when it does not start
     */
    static LocalRedisServer start(Path executable) {
        Path directory;
        try {
            directory = Files.createTempDirectory("kart-test-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for redis-server", e);
        }
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                return new LocalRedisServer(executable, directory, port, launch(executable, directory, port));
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        deleteRecursively(directory);
        throw last;
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String description() {
        return "redis-server " + executable + " on port " + port + " (pid " + process.pid() + ")";
    }

    @Override
    public boolean controllable() {
        return true;
    }

    @Override
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void restart() {
        stop();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                process = launch(executable, directory, port);
                return;
            } catch (IllegalStateException e) {
                // the old socket may linger for a moment; the port is ours, so try again briefly
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(Duration.ofMillis(100));
            }
        }
    }

    @Override
    public void pause() {
        signal("STOP");
        paused = true;
    }

    @Override
    public void resume() {
        signal("CONT");
        paused = false;
    }

    @Override
    public void flushAll() {
        RespProbe.flushAll(HOST, port);
    }

    @Override
    public List<String> clients() {
        return RespProbe.clientList(HOST, port, Duration.ofSeconds(10));
    }

    /** Stops the server and removes its directory. */
    @Override
    public void close() {
        stop();
        deleteRecursively(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook runs anyway
        }
    }

    @Override
    public String toString() {
        return description();
    }

    /** @return the process id of the running server */
    long pid() {
        return process.pid();
    }

    private void signal(String name) {
        if (!process.isAlive()) {
            throw new IllegalStateException("cannot send SIG" + name + " to redis-server on port " + port + ": it is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name + " for redis-server on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name + " to redis-server", e);
        }
    }

    private void destroyQuietly() {
        Process current = process;
        if (current != null && current.isAlive()) {
            if (paused) {
                try {
                    new ProcessBuilder("kill", "-CONT", Long.toString(current.pid())).start().waitFor(5, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    // killed below anyway
                }
            }
            current.destroyForcibly();
        }
    }

    private static Process launch(Path executable, Path directory, int port) {
        Path log = directory.resolve("redis-" + port + ".log");
        List<String> command = List.of(executable.toString(), "--port", Integer.toString(port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no",
                "--protected-mode", "no", "--logfile", "");
        return startAndAwait(command, log, port, START_TIMEOUT);
    }

    /**
     * Starts a redis-server and waits until it answers as itself (its process id in {@code INFO server}).
     *
     * @param command the redis-server command line, listening on {@code port} of 127.0.0.1
     * @param log the file its output is appended to, quoted in errors
     * @param port its port
     * @param timeout how long it may take to answer
     * @return the running process
     * @throws IllegalStateException when it exits first or does not answer in time (it is then killed)
     */
    static Process startAndAwait(List<String> command, Path log, int port, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port
                        + ": " + tail(log));
            }
            // this process, not another program's server that took the port before it could bind it
            if (RespProbe.answersAs(HOST, port, process.pid(), Duration.ofMillis(500))) {
                return process;
            }
            sleep(Duration.ofMillis(20));
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within " + timeout
                + ": " + tail(log));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
