package dev.kart.bench.redis;

import dev.kart.bench.measure.TempDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@code redis-server} from PATH that a Redis scenario starts for itself: on a free loopback port,
 * in a new temporary directory, without persistence ({@code --save "" --appendonly no}), so no
 * scenario touches a Redis that something else uses. Closing it stops the server and deletes its
 * directory. Not thread-safe.
 */
public final class RedisServerProcess implements AutoCloseable {
    /** The address the server listens on; benchmark traffic stays on this machine. */
    public static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int PORT_ATTEMPTS = 5;

    private final Process process;
    private final Path directory;
    private final int port;
    private final Thread reaper;

    private RedisServerProcess(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        // a scenario JVM that ends without close() (an error path, System.exit) still stops its server
        this.reaper = new Thread(process::destroyForcibly, "kart-bench-redis-reaper-" + port);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code redis-server} from PATH and waits until it answers PING.
     *
     * @return the running server
     * @throws IllegalStateException when {@code redis-server} is not on PATH or does not start
     */
    public static RedisServerProcess start() {
        Path directory = TempDirectories.create("redis");
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                return new RedisServerProcess(launch(directory, port), directory, port);
            } catch (IllegalStateException e) {
                // the port may have been taken between choosing and binding it
                last = e;
            }
        }
        TempDirectories.delete(directory);
        throw last;
    }

    /** @return the host to connect to */
    public String host() {
        return HOST;
    }

    /** @return the port the server listens on */
    public int port() {
        return port;
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook runs anyway
        }
        TempDirectories.delete(directory);
    }

    @Override
    public String toString() {
        return "redis-server on " + HOST + ":" + port + " (pid " + process.pid() + ")";
    }

    private static Process launch(Path directory, int port) {
        Path log = directory.resolve("redis-" + port + ".log");
        List<String> command = List.of("redis-server", "--port", Integer.toString(port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no",
                "--protected-mode", "no", "--logfile", "");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server: is it on PATH? The Redis scenarios start their"
                    + " own server (e.g. apt-get install redis-server)", e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port
                        + ": " + tail(log));
            }
            if (answers(port)) {
                return process;
            }
            sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within " + START_TIMEOUT
                + ": " + tail(log));
    }

    private static boolean answers(int port) {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(500)
                .socketTimeoutMillis(500).build();
        try (Jedis jedis = new Jedis(new HostAndPort(HOST, port), config)) {
            return "PONG".equals(jedis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
