package dev.kart.test.support.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.DockerClientFactory;

/**
 * A test class annotated {@link RedisInContainer} gets Redis in a container through Testcontainers,
 * though a redis-server is on PATH: in kart's build the image is built from that redis-server with
 * docker import ({@code KART_TEST_REDIS_IMAGE=from-path}), on the machine's Docker engine or one the
 * test support starts, and it runs with host networking. The test stops, restarts and pauses it
 * through the Docker API.
 */
@RedisInContainer
class ContainerRedisTest {
    /** How long a probe waits for a server that cannot answer (paused, stopped). */
    private static final Duration QUICK = Duration.ofMillis(300);
    /** How long a probe waits for a server that must answer: it returns at the answer. */
    private static final Duration ANSWER = Duration.ofSeconds(5);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    @Test
    void runsTheImageOfTheRedisServerOnPathWithHostNetworking(TestRedis redis) throws Exception {
        assertThat(redis).isInstanceOf(ContainerRedis.class);
        assertThat(redis.host()).isEqualTo("127.0.0.1");
        assertThat(redis.description()).startsWith("container " + RedisImage.REPOSITORY + ":")
                .contains(" on host port " + redis.port());
        assertThat(RespProbe.send(redis.host(), redis.port(), "SET k v", ANSWER)).isEqualTo("+OK");

        DockerClient docker = DockerClientFactory.instance().client();
        InspectContainerResponse container = docker.inspectContainerCmd(containerId(redis)).exec();
        assertThat(container.getHostConfig().getNetworkMode()).isEqualTo("host");
        assertThat(container.getState().getRunning()).isTrue();
        assertThat(docker.inspectImageCmd(container.getConfig().getImage()).exec().getConfig().getEntrypoint())
                .containsExactly("redis-server");
    }

    @Test
    void isStoppedRestartedOnItsPortAndPausedThroughTheDockerApi(TestRedis redis) throws Exception {
        assertThat(redis.controllable()).isTrue();
        assertThat(RespProbe.send(redis.host(), redis.port(), "SET k v", ANSWER)).isEqualTo("+OK");
        redis.flushAll();
        assertThat(RespProbe.send(redis.host(), redis.port(), "EXISTS k", ANSWER)).isEqualTo(":0");

        redis.pause();
        assertThat(RespProbe.answers(redis.host(), redis.port(), QUICK)).as("a paused container answers").isFalse();
        assertThat(DockerClientFactory.instance().client().inspectContainerCmd(containerId(redis)).exec().getState()
                .getPaused()).isTrue();
        redis.resume();
        assertThat(RespProbe.answers(redis.host(), redis.port(), ANSWER)).isTrue();

        int port = redis.port();
        redis.stop();
        assertThat(RespProbe.answers(redis.host(), port, QUICK)).as("a stopped container answers").isFalse();
        redis.restart();
        assertThat(redis.port()).isEqualTo(port);
        assertThat(RespProbe.answers(redis.host(), port, ANSWER)).isTrue();
        assertThat(redis.clients()).as("connections left open by the probes").isEmpty();
    }

    @Test
    void theImageFromPathHoldsRedisServerUnderItsOwnNameAndTheLibrariesLddLists() {
        Path executable = LocalRedisServer.findOnPath(System.getenv("PATH")).orElseThrow();
        Map<String, Path> files = RedisImage.rootFileSystem(executable);
        assertThat(files).containsKey("usr/bin/redis-server");
        assertThat(files.keySet()).anyMatch(path -> path.matches("lib.*/libc\\.so\\.6"))
                .anyMatch(path -> path.matches("lib.*/ld-linux.*\\.so\\.\\d"));
        assertThat(files.values()).allMatch(path -> path.isAbsolute() && path.toFile().isFile());
    }

    private static String containerId(TestRedis redis) {
        return ((ContainerRedis) redis).containerId();
    }
}
