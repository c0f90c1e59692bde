package dev.kart.storage.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Adobe's S3Mock (a real S3-compatible server from Maven Central, which checks {@code If-None-Match})
 * in a child JVM on a free loopback port, storing in a temporary directory. One per test JVM,
 * started on first use and stopped when the JVM exits. The jar's path comes from the build
 * ({@code kart.test.s3mock.jar}, set by this module's pom).
 */
final class S3MockServer {
    static final String BUCKET = "kart-s3mock";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How many free ports a start tries, each chosen anew, when another process takes the port first. */
    private static final int PORT_ATTEMPTS = 5;
    private static S3MockServer shared;

    private final Process process;
    private final int port;
    private final Path directory;

    private S3MockServer(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /** @return the running server, started on first call */
    static synchronized S3MockServer shared() {
        if (shared == null) {
            shared = start();
            S3MockServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3mock-stop"));
        }
        return shared;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static S3MockServer start() {
        String jar = System.getProperty("kart.test.s3mock.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("kart.test.s3mock.jar is " + jar + ", not S3Mock's jar: run the tests with Maven, whose"
                    + " dependency:properties sets it");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Path directory = Files.createTempDirectory("kart-s3mock");
                int port = freePort();
                Path log = directory.resolve("s3mock.log");
                List<String> command = List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-jar", jar,
                        "--server.port=0", // S3Mock's HTTPS connector, unused
                        "--com.adobe.testing.s3mock.http-port=" + port,
                        "--com.adobe.testing.s3mock.store.root=" + directory.resolve("store"),
                        "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                        "--com.adobe.testing.s3mock.store.retain-files-on-exit=false");
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                S3MockServer server = new S3MockServer(process, port, directory);
                // the port was free when chosen, but S3Mock binds it seconds later: another process (a parallel
                // module's server, or an outgoing connection's local port) can take it meanwhile; try another
                if (server.awaitReady(log, attempt < PORT_ATTEMPTS)) {
                    return server;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start S3Mock from " + jar, e);
            }
        }
    }

    /**
     * @param retryIfPortTaken whether an exit because the port was taken returns false rather than throwing
     * @return true once the server answers; false when it exited because its port was taken and {@code
     *     retryIfPortTaken}
     * @throws IllegalStateException when it exited otherwise, or did not answer within the start timeout
     */
    private boolean awaitReady(Path log, boolean retryIfPortTaken) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = Files.readString(log, StandardCharsets.UTF_8);
                stop();
                if (retryIfPortTaken && output.contains("Address already in use")) {
                    return false;
                }
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + " before answering on port " + port
                        + ":\n" + output.substring(Math.max(0, output.length() - 4000)));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/" + BUCKET).toURL().openConnection();
                connection.setRequestMethod("HEAD");
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(5000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while S3Mock started", e);
            }
        }
        stop();
        throw new IllegalStateException("S3Mock did not answer on port " + port + " within " + START_TIMEOUT + "; its log: " + log);
    }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory; nothing else uses it
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
