package dev.kart.test.support.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Redis Cluster the cluster tests and benchmark start: three primaries from PATH joined by
 * redis-cli, each owning a third of the slots; one restarted keeps its slots and loses its keys; all
 * gone once closed.
 */
class LocalRedisClusterTest {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void threePrimariesShareTheSlotsARestartedOneKeepsItsSlotsWithoutItsKeysAndCloseStopsThemAll() {
        List<Integer> ports;
        try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
            ports = cluster.primaryPorts();
            assertThat(ports).hasSize(3);
            assertThat(cluster.nodes()).hasSize(3).allSatisfy(node -> assertThat(node).startsWith("127.0.0.1:"));
            assertThat(cluster.primaryOfSlot(0)).isEqualTo(ports.get(0));
            assertThat(cluster.primaryOfSlot(8000)).isEqualTo(ports.get(1));
            assertThat(cluster.primaryOfSlot(16383)).isEqualTo(ports.get(2));
            // CRC16 of "123456789" is 0x31C3, the cluster specification's example
            assertThat(cluster.slotOf("123456789")).isEqualTo(0x31C3);

            int owner = cluster.primaryOfSlot(cluster.slotOf("kept"));
            assertThat(cluster.command(owner, "SET", "kept", "1").strip()).isEqualTo("OK");
            assertThat(cluster.keysOn(owner, "*")).containsExactly("kept");
            cluster.restartPrimary(owner);
            assertThat(cluster.running(owner)).isTrue();
            assertThat(cluster.primaryPorts()).as("the same primaries, in the same slot order").isEqualTo(ports);
            assertThat(cluster.keysOn(owner, "*")).as("keys after a restart without persistence").isEmpty();
            assertThat(cluster.command(owner, "CLUSTER", "INFO")).contains("cluster_state:ok");
        }
        for (int port : ports) {
            assertThat(RespProbe.answers("127.0.0.1", port, PROBE_TIMEOUT)).as("node %d answers after close", port).isFalse();
        }
    }
}
