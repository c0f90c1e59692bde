package dev.kart.test.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real Sentinel deployment: the primary the sentinels name is the server that takes writes, a
 * replica has what it wrote, a {@code SENTINEL FAILOVER} and a SIGKILL of the primary each bring
 * another primary that has it too, writes the primary made after {@code cutOffReplicas()} are lost
 * with it, and closing stops every process; two deployments at once keep out of each other's way.
 */
class LocalRedisSentinelTest {
    private static final Duration FAILOVER = Duration.ofSeconds(60);

    @Test
    void followsTheSentinelsThroughAFailoverAndASigkillAndStopsEverything() {
        List<Integer> ports;
        List<String> sentinels;
        try (LocalRedisSentinel redis = LocalRedisSentinel.start()) {
            ports = redis.dataPorts();
            sentinels = redis.sentinelNodes();
            assertThat(ports).hasSize(3);
            assertThat(sentinels).hasSize(3).allSatisfy(node -> assertThat(node).startsWith("127.0.0.1:"));
            int first = redis.primaryPort();
            assertThat(ports).contains(first);
            assertThat(redis.call(first, "SET", "kept", "1")).isEqualTo("OK");
            assertThat(redis.call(first, "WAIT", "2", "10000")).as("replicas acknowledging the write").isEqualTo(2L);

            assertThat(redis.failover()).isEqualTo(first);
            int second = redis.awaitPrimaryOtherThan(first, FAILOVER);
            assertThat(redis.call(second, "GET", "kept")).as(() -> "a write every replica acknowledged, on the new primary "
                    + second + " after a failover from " + first + "; the deployment's logs:" + redis.allLogs()).isEqualTo("1");
            redis.awaitReplicasInSync(FAILOVER);
            assertThat(String.valueOf(redis.call(first, "ROLE"))).as("the old primary's role").contains("slave");

            redis.cutOffReplicas();
            assertThat(redis.call(second, "SET", "lost", "1")).isEqualTo("OK");
            assertThat(redis.killPrimary()).isEqualTo(second);
            int third = redis.awaitPrimaryOtherThan(second, FAILOVER);
            assertThat(redis.call(third, "GET", "kept")).as(() -> "a write every replica acknowledged, on the primary " + third
                    + " after the SIGKILL of " + second + "; the deployment's logs:" + redis.allLogs()).isEqualTo("1");
            assertThat(redis.call(third, "GET", "lost")).as("a write only the killed primary had").isNull();
        }
        for (int port : ports) {
            assertThat(RespProbe.answers("127.0.0.1", port, Duration.ofMillis(500))).as("data node on %d after close", port).isFalse();
        }
        for (String node : sentinels) {
            int port = Integer.parseInt(node.substring(node.indexOf(':') + 1));
            assertThat(RespProbe.answers("127.0.0.1", port, Duration.ofMillis(500))).as("sentinel on %d after close", port).isFalse();
        }
    }

    @Test
    void twoDeploymentsAtOnceCannotTakeEachOthersServers() {
        try (LocalRedisSentinel one = LocalRedisSentinel.start(1); LocalRedisSentinel other = LocalRedisSentinel.start(1)) {
            // a sentinel announces itself and its primary under the master name, on every server it watches
            assertThat(one.masterName()).isNotEqualTo(other.masterName());
            int primary = one.primaryPort();
            // what a sentinel of the other deployment would send a server on a port it still tracks
            for (String command : new String[] {"REPLICAOF", "SLAVEOF"}) {
                assertThatThrownBy(() -> one.call(primary, command, one.host(), Integer.toString(other.primaryPort())))
                        .as(command).hasMessageContaining("unknown command");
            }
            assertThat(String.valueOf(one.call(primary, "ROLE"))).startsWith("[master");
            // its own sentinels still can: they promote a replica
            assertThat(one.failover()).isEqualTo(primary);
            assertThat(one.awaitPrimaryOtherThan(primary, FAILOVER)).isNotEqualTo(primary);
        }
    }
}
