package dev.kart.test.support.redis;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The image a {@link ContainerRedis} runs, from {@code KART_TEST_REDIS_IMAGE}: {@code redis:7} unless
 * set, which Docker pulls from a registry; or {@code from-path}, an image of this machine's own
 * {@code redis-server} that needs no registry. That one holds the {@code redis-server} found on PATH,
 * the libraries {@code ldd} lists for it, {@code /etc/passwd} and {@code /tmp}, with
 * {@code ENTRYPOINT ["redis-server"]}; it is made with {@code docker import} when the engine lacks it,
 * and tagged {@code kart-test/redis-server:VERSION-HASH}, the hash of those files, so a new
 * {@code redis-server} or library gets an image of its own.
 */
final class RedisImage {
    /** The environment variable naming the image. */
    static final String ENVIRONMENT_VARIABLE = "KART_TEST_REDIS_IMAGE";
    /** The image when the variable is not set: the stock one, as most teams' CI pulls it. */
    static final String DEFAULT = "redis:7";
    /** The value that asks for an image of the {@code redis-server} on PATH. */
    static final String FROM_PATH = "from-path";
    /** The repository of the images built from PATH. */
    static final String REPOSITORY = "kart-test/redis-server";

    private static final Pattern LDD_PATH = Pattern.compile("(/\\S+) \\(0x[0-9a-f]+\\)");
    private static final Pattern VERSION = Pattern.compile("v=(\\S+)");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private RedisImage() {
    }

    /**
     * @param environment the environment to read {@code KART_TEST_REDIS_IMAGE} and PATH from
     * @param docker the engine the container will run on
     * @param dockerHost its address, for {@code docker import}
     * @return the image to run, built first when it is {@code from-path} and the engine lacks it
     * @throws IllegalStateException when the image cannot be built; the message says why
     */
    static String resolve(Map<String, String> environment, DockerClient docker, String dockerHost) {
        String configured = environment.getOrDefault(ENVIRONMENT_VARIABLE, "").strip();
        if (configured.isEmpty()) {
            return DEFAULT;
        }
        if (!configured.equals(FROM_PATH)) {
            return configured;
        }
        Path executable = LocalRedisServer.findOnPath(environment.get("PATH")).orElseThrow(() -> new IllegalStateException(
                ENVIRONMENT_VARIABLE + "=" + FROM_PATH + " builds the image from the redis-server on PATH, and there is none"
                        + " on " + environment.getOrDefault("PATH", "(unset)") + ": apt-get install redis-server"));
        Map<String, Path> files = rootFileSystem(executable);
        String image = REPOSITORY + ":" + version(executable) + "-" + hash(files);
        try {
            docker.inspectImageCmd(image).exec();
            return image;
        } catch (NotFoundException e) {
            long started = System.nanoTime();
            importImage(image, files, dockerHost);
            System.err.printf("[kart-test-support] built %s from %s with docker import in %.1f s%n", image, executable,
                    (System.nanoTime() - started) / 1e9);
            return image;
        }
    }

    /** @return the image's files: its path in the image, the file on this machine */
    static Map<String, Path> rootFileSystem(Path executable) {
        Path binary;
        try {
            // Debian's redis-server is a link to redis-check-rdb, which acts by the name it is called with
            binary = executable.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + executable, e);
        }
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("usr/bin/redis-server", binary);
        String ldd = run(COMMAND_TIMEOUT, "ldd", binary.toString());
        if (ldd.contains("not found")) {
            throw new IllegalStateException("ldd " + binary + " lists a library that is missing: " + ldd.strip());
        }
        Matcher library = LDD_PATH.matcher(ldd);
        while (library.find()) {
            files.put(library.group(1).substring(1), Path.of(library.group(1)));
        }
        if (files.size() == 1) {
            throw new IllegalStateException("ldd " + binary + " listed no library: " + ldd.strip());
        }
        return files;
    }

    private static String version(Path executable) {
        Matcher version = VERSION.matcher(run(COMMAND_TIMEOUT, executable.toString(), "--version"));
        return version.find() ? version.group(1) : "unknown";
    }

    private static String hash(Map<String, Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, Path> file : files.entrySet()) {
                digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(file.getValue()));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the files of the Redis image", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code docker import} of a root file system written to its standard input. */
    private static void importImage(String image, Map<String, Path> files, String dockerHost) {
        ProcessBuilder builder = new ProcessBuilder("docker", "import", "--change", "ENTRYPOINT [\"redis-server\"]", "-", image)
                .redirectErrorStream(true);
        builder.environment().put("DOCKER_HOST", dockerHost);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run docker import (the docker command comes with Docker; Debian: apt-get"
                    + " install docker.io) to build " + image, e);
        }
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                writeTar(files, stdin);
            } catch (IOException e) {
                // docker import ended early; its output says why
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("docker import of " + image + " did not end within " + COMMAND_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("docker import of " + image + " at " + dockerHost + " failed with exit code "
                        + process.exitValue() + ": " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of docker import", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while importing " + image, e);
        }
    }

    private static void writeTar(Map<String, Path> files, OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> directories = new TreeSet<>();
            directories.add("etc");
            directories.add("tmp");
            files.keySet().forEach(path -> {
                for (Path parent = Path.of(path).getParent(); parent != null; parent = parent.getParent()) {
                    directories.add(parent.toString());
                }
            });
            for (String directory : directories) {
                TarArchiveEntry entry = new TarArchiveEntry(directory + "/");
                // redis-server writes nothing with --save "" --appendonly no, but a tool run in it may want /tmp
                entry.setMode(directory.equals("tmp") ? 01777 | 040000 : 0755 | 040000);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            // the user the container runs as (root): redis-server needs no more, and ps or id in it find a name
            writeText(tar, "etc/passwd", "root:x:0:0:root:/root:/usr/sbin/nologin\n");
            writeText(tar, "etc/group", "root:x:0:\n");
            for (Map.Entry<String, Path> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(Files.size(file.getValue()));
                entry.setMode(mode(file.getValue()));
                tar.putArchiveEntry(entry);
                try (InputStream in = Files.newInputStream(file.getValue())) {
                    in.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static void writeText(TarArchiveOutputStream tar, String path, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(bytes.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static int mode(Path file) throws IOException {
        int mode = 0100000;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(file)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private static String run(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                        + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
