package dev.kart.test.support.redis;

import com.github.dockerjava.api.DockerClient;
import dev.kart.test.support.internal.TestDockerd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a container through Testcontainers: the image {@code KART_TEST_REDIS_IMAGE} names
 * ({@code redis:7} unless set; see {@link RedisImage}), on host networking, its {@code redis-server}
 * listening on a free loopback port of this machine without persistence. Host networking needs no
 * bridge and no port mapping, so it works on an engine started with {@code --bridge=none} too, and a
 * restart keeps the address. Stopping, restarting and pausing go through the Docker API.
 */
final class ContainerRedis implements TestRedis, AutoCloseable {
    private static final String HOST = "127.0.0.1";
    /** Generous: a busy machine may take long to start a container, and a first {@code redis:7} pull longer. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 3;

    private final GenericContainer<?> container;
    private final String image;
    private final int port;

    private ContainerRedis(GenericContainer<?> container, String image, int port) {
        this.container = container;
        this.image = image;
        this.port = port;
    }

    /**
     * @param environment where {@code KART_TEST_REDIS_IMAGE} and PATH come from
     * @return a started container
     * @throws IllegalStateException when there is no Docker engine, the image cannot be had, or the
     *     container does not answer PING within 60 s; the message says what to do
     */
    static ContainerRedis start(Map<String, String> environment) {
        DockerClient docker = docker(environment);
        String image = RedisImage.resolve(environment, docker,
                DockerClientFactory.instance().getTransportConfig().getDockerHost().toString());
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                    .withNetworkMode("host")
                    // no "redis-server" first: redis:7's entrypoint adds it before options, and the image
                    // built from PATH has it as its entrypoint
                    .withCommand("--port", Integer.toString(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                            "--protected-mode", "no")
                    .waitingFor(new AnswersPing(port).withStartupTimeout(START_TIMEOUT));
            try {
                container.start();
                return new ContainerRedis(container, image, port);
            } catch (RuntimeException e) {
                container.stop();
                if (exitedEarly(e) && attempt < PORT_ATTEMPTS) {
                    continue;   // another process may have taken the port meanwhile: try another one
                }
                String causes = causes(e);
                throw new IllegalStateException("cannot start a Redis container of " + image + ": " + causes
                        + hint(image, causes), e);
            }
        }
    }

    /** @return what to check, for the cause seen: the registry when the image was not there, else the network */
    private static String hint(String image, String causes) {
        if (causes.toLowerCase(java.util.Locale.ROOT).contains("image")) {
            return image.equals(RedisImage.DEFAULT) ? "; without a registry, set " + RedisImage.ENVIRONMENT_VARIABLE + "="
                    + RedisImage.FROM_PATH + " to build an image of the redis-server on PATH instead" : "";
        }
        // host networking: the engine's host network must be this machine's (docs/testing.md)
        return "; the container uses host networking, so the Docker engine must run on this machine (not docker:dind"
                + " through DOCKER_HOST=tcp://..., a remote engine or rootless Docker): use a local redis-server or"
                + " KART_TEST_REDIS=host:port there";
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
        return "container " + image + " " + shortId() + " on host port " + port;
    }

    @Override
    public boolean controllable() {
        return true;
    }

    @Override
    public void stop() {
        docker().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
    }

    @Override
    public void restart() {
        DockerClient docker = docker();
        String id = container.getContainerId();
        if (Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning())) {
            stop();
        }
        docker.startContainerCmd(id).exec();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!RespProbe.answers(HOST, port, Duration.ofMillis(500))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(description() + " did not answer PING within " + START_TIMEOUT + " of a restart");
            }
            sleep(Duration.ofMillis(50));
        }
    }

    @Override
    public void pause() {
        docker().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void resume() {
        docker().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void flushAll() {
        RespProbe.flushAll(HOST, port);
    }

    @Override
    public List<String> clients() {
        return RespProbe.clientList(HOST, port, Duration.ofSeconds(10));
    }

    /** Stops and removes the container. */
    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return description();
    }

    /** @return the container's id */
    String containerId() {
        return container.getContainerId();
    }

    private String shortId() {
        String id = container.getContainerId();
        return id == null ? "" : id.substring(0, Math.min(12, id.length()));
    }

    /**
     * @return Testcontainers' client of the engine it found, which may be this JVM's own dockerd
     * @throws IllegalStateException when it found none; the message says how to provide one
     */
    private static DockerClient docker(Map<String, String> environment) {
        try {
            return DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            String own = TestDockerd.current().map(d -> "; it was the test's own dockerd at " + d.host())
                    .or(() -> TestDockerd.lastFailure().or(() -> TestDockerd.unavailableReason(environment))
                            .map(reason -> "; kart's test support could not start a dockerd of its own: " + reason))
                    .orElse("");
            throw new IllegalStateException("Redis in a container needs a Docker engine, and Testcontainers could not use one: "
                    + causes(e) + own, e);
        }
    }

    private static boolean exitedEarly(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ExitedEarly) {
                return true;
            }
        }
        return false;
    }

    /** @return the messages of the exception and its causes, for one line */
    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && messages.indexOf(cause.getMessage()) < 0) {
                messages.append(messages.length() == 0 ? "" : ": ").append(cause.getMessage());
            }
        }
        return messages.toString();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST + " for the Redis container", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Redis container", e);
        }
    }

    /**
     * Ready once {@code redis-server} answers PING on its port of this machine: with host networking
     * there is no mapped port for Testcontainers' own checks to watch.
     */
    private static final class AnswersPing extends AbstractWaitStrategy {
        private final int port;

        AnswersPing(int port) {
            this.port = port;
        }

        @Override
        protected void waitUntilReady() {
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (!RespProbe.answers(HOST, port, Duration.ofMillis(500))) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new ExitedEarly("redis-server in the container exited before answering on port " + port + ": "
                            + lastLines(waitStrategyTarget.getLogs()));
                }
                if (System.nanoTime() > deadline) {
                    throw new ContainerLaunchException("redis-server in the container did not answer PING on " + HOST + ":" + port
                            + " within " + startupTimeout + ": " + lastLines(waitStrategyTarget.getLogs()));
                }
                sleep(Duration.ofMillis(50));
            }
        }

        private static String lastLines(String logs) {
            List<String> lines = logs.lines().toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        }
    }

    /** The container's redis-server ended before it answered, as when its port was taken. */
    private static final class ExitedEarly extends ContainerLaunchException {
        private static final long serialVersionUID = 1L;

        ExitedEarly(String message) {
            super(message);
        }
    }
}
