package dev.kart.test.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher a benchmark calls itself: a redis-server from PATH on a free port, gone once closed. */
class LocalRedisServerTest {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void startsFromPathAnswersAndStopsWhenClosed() {
        int port;
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            port = redis.port();
            assertThat(redis.host()).isEqualTo("127.0.0.1");
            assertThat(RespProbe.answers(redis.host(), port, PROBE_TIMEOUT)).isTrue();
            assertThat(redis.toString()).contains("redis-server").contains(Integer.toString(port));
        }
        assertThat(RespProbe.answers("127.0.0.1", port, PROBE_TIMEOUT)).as("answers after close").isFalse();
    }

    @Test
    void aSecondServerStartedOnATakenPortIsNotTakenForTheOneListeningThere() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            assertThat(RespProbe.answersAs(redis.host(), redis.port(), redis.pid(), PROBE_TIMEOUT)).isTrue();
            // as when another program's server takes the port chosen free before the one started on it binds it
            Path directory = Files.createTempDirectory("kart-taken-port");
            try {
                List<String> command = List.of(LocalRedisServer.findOnPath(System.getenv("PATH")).orElseThrow().toString(),
                        "--port", Integer.toString(redis.port()), "--bind", redis.host(), "--save", "", "--appendonly", "no",
                        "--dir", directory.toString(), "--daemonize", "no", "--logfile", "");
                assertThatThrownBy(() -> LocalRedisServer.startAndAwait(command, directory.resolve("redis.log"), redis.port(),
                        Duration.ofSeconds(30))).isInstanceOf(IllegalStateException.class).hasMessageContaining("exited");
            } finally {
                LocalRedisServer.deleteRecursively(directory);
            }
        }
    }

    @Test
    void listsTheConnectionsOpenToItWithoutTheOneAsking() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            try (Socket open = new Socket(redis.host(), redis.port())) {
                open.getOutputStream().write("CLIENT SETNAME kart-test\r\n".getBytes(StandardCharsets.US_ASCII));
                open.getOutputStream().flush();
                assertThat(open.getInputStream().read()).as("the reply to CLIENT SETNAME").isEqualTo('+');
                List<String> clients = redis.clients();
                assertThat(clients).filteredOn(line -> line.contains(" name=kart-test ")).hasSize(1);
                assertThat(clients).as("the connection asking").noneMatch(line -> line.contains("cmd=client|list"));
            }
        }
    }
}
