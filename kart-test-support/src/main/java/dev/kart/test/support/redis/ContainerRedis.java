package dev.kart.test.support.redis;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code redis:7} container, for machines with a Docker engine but no {@code redis-server}. Its
 * port is bound to a fixed free host port, so a restart keeps the address. Stopping, restarting and
 * pausing go through the Docker API.
 */
final class ContainerRedis implements TestRedis, AutoCloseable {
    private static final int REDIS_PORT = 6379;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final GenericContainer<?> container;
    private final int hostPort;

    private ContainerRedis(GenericContainer<?> container, int hostPort) {
        this.container = container;
        this.hostPort = hostPort;
    }

    /** @return a started container */
    @SuppressWarnings("resource")
    static ContainerRedis start() {
        int hostPort = freePort();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7"))
                .withExposedPorts(REDIS_PORT)
                .withCommand("redis-server", "--save", "", "--appendonly", "no")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(hostPort), new ExposedPort(REDIS_PORT))));
        container.start();
        return new ContainerRedis(container, hostPort);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return hostPort;
    }

    @Override
    public String description() {
        return "container " + container.getDockerImageName() + " at " + host() + ":" + hostPort;
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
        while (!RespProbe.answers(host(), hostPort, Duration.ofMillis(500))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(description() + " did not answer PING within " + START_TIMEOUT + " of a restart");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while restarting " + description(), e);
            }
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
        RespProbe.flushAll(host(), hostPort);
    }

    @Override
    public List<String> clients() {
        return RespProbe.clientList(host(), hostPort, Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        container.stop();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the Redis container", e);
        }
    }
}
