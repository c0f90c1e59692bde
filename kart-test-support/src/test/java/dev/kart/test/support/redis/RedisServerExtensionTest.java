package dev.kart.test.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Where the extension finds a Redis, and how it fails when there is none. */
class RedisServerExtensionTest {
    /** How long a probe waits for a server that cannot answer (paused, stopped, absent). */
    private static final Duration QUICK = Duration.ofMillis(300);
    /** How long a probe waits for a server that must answer: it returns at the answer, so a busy machine costs nothing. */
    private static final Duration ANSWER = Duration.ofSeconds(5);

    @Test
    void startsARedisServerFromPathThatCanBeStoppedRestartedAndPaused() throws Exception {
        RedisServerExtension extension = new RedisServerExtension(true, System.getenv(), () -> false);
        extension.provision();
        try {
            TestRedis redis = extension.server();
            assertThat(redis.controllable()).isTrue();
            assertThat(redis.description()).contains("redis-server").contains(Integer.toString(redis.port()));
            assertThat(RespProbe.send(redis.host(), redis.port(), "SET k v", ANSWER)).isEqualTo("+OK");

            redis.flushAll();
            assertThat(RespProbe.send(redis.host(), redis.port(), "EXISTS k", ANSWER)).isEqualTo(":0");

            redis.pause();
            assertThat(RespProbe.answers(redis.host(), redis.port(), QUICK)).as("a paused server answers").isFalse();
            redis.resume();
            assertThat(RespProbe.answers(redis.host(), redis.port(), Duration.ofSeconds(5))).isTrue();

            int port = redis.port();
            redis.stop();
            assertThat(RespProbe.answers(redis.host(), port, QUICK)).as("a stopped server answers").isFalse();
            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(RespProbe.answers(redis.host(), port, Duration.ofSeconds(5))).isTrue();
        } finally {
            extension.release();
        }
    }

    @Test
    void usesTheServerNamedByTheEnvironmentAndNeverStopsIt() throws Exception {
        RedisServerExtension own = new RedisServerExtension(true, System.getenv(), () -> false);
        own.provision();
        try {
            TestRedis local = own.server();
            RedisServerExtension given = new RedisServerExtension(false,
                    Map.of("KART_TEST_REDIS", local.host() + ":" + local.port(), "PATH", "/nonexistent"), () -> false);
            given.provision();
            TestRedis external = given.server();
            assertThat(external.port()).isEqualTo(local.port());
            assertThat(external.controllable()).isFalse();
            assertThat(external.description()).contains("KART_TEST_REDIS");
            assertThatThrownBy(external::stop).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("controllable()");
            given.release();
            assertThat(RespProbe.answers(local.host(), local.port(), Duration.ofSeconds(5)))
                    .as("the given server still runs after the class").isTrue();
        } finally {
            own.release();
        }
    }

    @Test
    void aControllableServerIsNeverTheOneNamedByTheEnvironment() throws Exception {
        RedisServerExtension extension = new RedisServerExtension(true,
                Map.of("KART_TEST_REDIS", "127.0.0.1:1", "PATH", System.getenv("PATH")), () -> false);
        extension.provision();
        try {
            assertThat(extension.server().controllable()).isTrue();
            assertThat(extension.server().port()).isNotEqualTo(1);
        } finally {
            extension.release();
        }
    }

    @Test
    void withoutAnyRedisTheTestFailsSayingHowToProvideOne() {
        RedisServerExtension extension = new RedisServerExtension(false, Map.of("PATH", "/nonexistent"), () -> false);
        assertThatThrownBy(extension::provision).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("never skip").hasMessageContaining("KART_TEST_REDIS=host:port")
                .hasMessageContaining("redis-server on PATH").hasMessageContaining("Docker")
                .hasMessageContaining("apt-get install docker.io")
                .hasMessageContaining("/nonexistent");
    }

    @Test
    void aMalformedOrDeadEnvironmentValueIsAnError() {
        assertThatThrownBy(() -> new RedisServerExtension(false, Map.of("KART_TEST_REDIS", "localhost"), () -> false).provision())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> new RedisServerExtension(false, Map.of("KART_TEST_REDIS", "127.0.0.1:1"), () -> false).provision())
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("does not answer PING");
    }

    @Test
    void serverBeforeProvisioningExplainsHowToRegister() {
        assertThatThrownBy(() -> RedisServerExtension.any().server()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("static @RegisterExtension");
    }

    @Test
    void probeReportsAClosedPort() {
        assertThatThrownBy(() -> RespProbe.send("127.0.0.1", 1, "PING", QUICK)).isInstanceOf(IOException.class);
    }
}
