package dev.kart.test.support.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
