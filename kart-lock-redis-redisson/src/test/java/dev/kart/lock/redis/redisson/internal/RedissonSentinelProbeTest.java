package dev.kart.lock.redis.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.SentinelAnswers;
import dev.kart.test.support.redis.LocalRedisSentinel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Redisson binding's questions to the sentinels, asked while a start failure is worded: a sentinel that does not
 * answer is passed over for the next, and closing the probe leaves none of its threads behind, for an application that
 * embeds kart and goes on after the failure.
 */
class RedissonSentinelProbeTest {
    @Test
    void aSentinelThatDoesNotAnswerIsPassedOverAndNoThreadOutlivesTheProbe() throws IOException {
        try (LocalRedisSentinel sentinels = LocalRedisSentinel.start(1, 1)) {
            List<String> nodes = List.of("127.0.0.1:" + closedPort(), sentinels.sentinelNodes().get(0));
            RedisLockSettings settings = RedisLockSettings.builder(LeaseSettings.of("probe", Duration.ofSeconds(30), "test"))
                    .sentinel(sentinels.masterName(), nodes).connectTimeout(Duration.ofSeconds(5))
                    .commandTimeout(Duration.ofSeconds(5)).build();
            Set<Thread> before = Thread.getAllStackTraces().keySet();

            SentinelAnswers answers;
            try (RedissonSentinelProbe probe = new RedissonSentinelProbe(settings)) {
                answers = probe.askInTurn(nodes);
            }

            assertThat(answers.primary()).isEqualTo(Optional.of(new RedisLockSettings.Node("127.0.0.1", sentinels.primaryPort())));
            // Redisson's own client left an event loop of 2 x cores threads, a timer and a pool running a while
            Set<String> left = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && thread.isAlive())
                    .filter(thread -> !thread.getName().startsWith("globalEventExecutor"))
                    .map(Thread::getName).collect(Collectors.toSet());
            assertThat(left).as("threads the probe started that are still alive").isEmpty();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
