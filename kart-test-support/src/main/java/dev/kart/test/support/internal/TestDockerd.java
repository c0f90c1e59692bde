package dev.kart.test.support.internal;

import com.github.dockerjava.api.DockerClient;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * A Docker engine of the test JVM's own, for machines where Debian's {@code docker.io} is installed
 * but no engine runs (kart's CI): {@code dockerd --bridge=none --iptables=false --ip-forward=false},
 * so it touches neither the machine's network interfaces nor its firewall, with its data root,
 * exec root, socket and pid file in a temporary directory. Containers on it use host networking.
 *
 * <p>It starts once per JVM, on first use, and stops when the JVM exits: a shutdown hook asks it to,
 * and a watching shell started beside it stops it within a second or two of the JVM's death when no
 * hook runs (SIGKILL). Stopping takes a few seconds: dockerd stops its containers first. The
 * directory is deleted after. Needs root, as dockerd does.
 */
public final class TestDockerd {
    /** The Debian package that installs {@code dockerd}. */
    public static final String PACKAGE = "docker.io";
    /** dockerd usually answers within a second; a busy machine may take far longer. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** dockerd stops its containers on SIGTERM; the watching shell gives it a minute before SIGKILL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private static TestDockerd running;
    private static String lastFailure;

    private final Path directory;
    private final Process watch;
    private final URI host;
    private final Thread hook;

    private TestDockerd(Path directory, Process watch, URI host) {
        this.directory = directory;
        this.watch = watch;
        this.host = host;
        this.hook = new Thread(this::stop, "kart-test-dockerd-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * @param environment the environment to read PATH and Testcontainers' settings from
     * @return why this JVM cannot start its own dockerd, or empty when it can
     */
    public static Optional<String> unavailableReason(Map<String, String> environment) {
        if (executable(environment.get("PATH")).isEmpty()) {
            return Optional.of("dockerd is not on PATH (" + environment.getOrDefault("PATH", "(unset)")
                    + "): apt-get install " + PACKAGE);
        }
        if (!isRoot()) {
            return Optional.of("dockerd needs root, and this JVM runs as " + System.getProperty("user.name")
                    + ": run the tests as root or start Docker (systemctl start docker)");
        }
        // both need an image from a registry, and Ryuk a bridge network too; this engine has neither
        for (String variable : List.of("TESTCONTAINERS_RYUK_DISABLED", "TESTCONTAINERS_CHECKS_DISABLE")) {
            if (!"true".equalsIgnoreCase(environment.get(variable))) {
                return Optional.of("the test's own dockerd has no bridge network and no registry, which Testcontainers'"
                        + " Ryuk and start-up checks need: set " + variable + "=true in the test's environment"
                        + " (see docs/testing.md)");
            }
        }
        return Optional.empty();
    }

    /** @return why the latest start failed, with the daemon's last log lines, or empty */
    public static synchronized Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * Starts this JVM's dockerd unless it runs already, and waits until it answers.
     *
     * @return its address, {@code unix:///tmp/kart-dockerd-.../docker.sock}
     * @throws IllegalStateException when it cannot start or does not answer within 90 s; the message
     *     says why, with the daemon's last log lines
     */
    public static synchronized URI start() {
        if (running != null && running.watch.isAlive()) {
            return running.host;
        }
        Optional<String> reason = unavailableReason(System.getenv());
        if (reason.isPresent()) {
            lastFailure = reason.get();
            throw new IllegalStateException(reason.get());
        }
        try {
            running = launch(executable(System.getenv("PATH")).orElseThrow());
            lastFailure = null;
            return running.host;
        } catch (RuntimeException e) {
            lastFailure = e.getMessage();
            throw e;
        }
    }

    /** @return the running daemon of this JVM, if any */
    public static synchronized Optional<TestDockerd> current() {
        return Optional.ofNullable(running).filter(d -> d.watch.isAlive());
    }

    /** @return its address, {@code unix:///.../docker.sock} */
    public URI host() {
        return host;
    }

    /** @return its directory: data root, exec root, socket, pid file, log; deleted once it stopped */
    public Path directory() {
        return directory;
    }

    /**
     * @return the pid of the dockerd process, from its pid file
     * @throws IllegalStateException when the pid file cannot be read
     */
    public long pid() {
        try {
            return Long.parseLong(Files.readString(directory.resolve("dockerd.pid")).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the pid of dockerd from " + directory.resolve("dockerd.pid"), e);
        }
    }

    /**
     * Stops the daemon (and its containers) and deletes its directory; waits up to 90 s. Harmless
     * when it stopped already.
     */
    public void stop() {
        synchronized (TestDockerd.class) {
            if (running == this) {
                running = null;
            }
        }
        watch.destroy();
        try {
            if (!watch.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println("[kart-test-support] dockerd in " + directory + " did not stop within " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook
        }
    }

    private static TestDockerd launch(Path dockerd) {
        long started = System.nanoTime();
        Path directory;
        try {
            // short: the exec root holds containerd's socket, and a unix socket's path has ~100 bytes
            directory = Files.createTempDirectory(Path.of("/tmp"), "kart-dockerd-");
            // its own (empty) configuration, so a machine's /etc/docker/daemon.json cannot add a bridge
            Files.writeString(directory.resolve("daemon.json"), "{}\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the test's dockerd", e);
        }
        Path socket = directory.resolve("docker.sock");
        URI host = URI.create("unix://" + socket);
        List<String> command = List.of("sh", "-c", watchScript(), "kart-dockerd-watch",
                directory.toString(), Long.toString(ProcessHandle.current().pid()), dockerd.toString(),
                "--config-file", directory.resolve("daemon.json").toString(),
                "--data-root", directory.resolve("data").toString(),
                "--exec-root", directory.resolve("exec").toString(),
                "--pidfile", directory.resolve("dockerd.pid").toString(),
                "--host", host.toString(),
                // no docker0 bridge, no iptables rules, no sysctl changes: the machine's network stays as it is
                "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false");
        Process watch;
        try {
            watch = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + dockerd, e);
        }
        TestDockerd daemon = new TestDockerd(directory, watch, host);
        try {
            daemon.awaitAnswer(socket);
        } catch (RuntimeException e) {
            daemon.stop();
            throw e;
        }
        System.err.printf("[kart-test-support] started dockerd --bridge=none at %s in %.1f s%n", host,
                (System.nanoTime() - started) / 1e9);
        return daemon;
    }

    /** Waits until the daemon answers a ping at its socket; the message of a failure has its last log lines. */
    private void awaitAnswer(Path socket) {
        DockerClient client = DockerClientProviderStrategy.getClientForConfig(TransportConfig.builder().dockerHost(host).build());
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!(Files.exists(socket) && answers(client))) {
                if (!watch.isAlive()) {
                    throw new IllegalStateException("dockerd exited while starting: " + logTail());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("dockerd did not answer at " + host + " within " + START_TIMEOUT + ": "
                            + logTail());
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting dockerd", e);
        } finally {
            try {
                client.close();
            } catch (IOException e) {
                // only the probe's connection; the daemon is not affected
            }
        }
    }

    private static boolean answers(DockerClient client) {
        try {
            client.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("dockerd.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log in " + directory + ")";
        }
    }

    private static String watchScript() {
        try (InputStream in = TestDockerd.class.getResourceAsStream("dockerd-watch.sh")) {
            if (in == null) {
                throw new IllegalStateException("dockerd-watch.sh is missing from kart-test-support's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dockerd-watch.sh from kart-test-support's jar", e);
        }
    }

    /**
     * @param path the PATH to search
     * @return the first executable {@code dockerd} on it (Debian puts it in /usr/sbin, on root's PATH)
     */
    static Optional<Path> executable(String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "dockerd"))
                .filter(Files::isExecutable).findFirst();
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
