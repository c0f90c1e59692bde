package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.test.support.redis.LocalRedisCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kart locks} against a real 3-primary Redis Cluster, given as {@code -D kart.lock.redis.cluster.nodes}:
 * the locks a node holds sit on every primary, and the listing shows every one of them.
 */
class LocksCommandClusterTest {
    @Test
    void listsTheLocksHeldOnEveryPrimary(@TempDir Path workspace) {
        String prefix = "cli-" + UUID.randomUUID();
        try (LocalRedisCluster cluster = LocalRedisCluster.start();
                LockBackend holder = new RedisLockBackendProvider().open(RedisLockSettings.builder(
                        LeaseSettings.of(prefix, Duration.ofSeconds(60), "holder-node")).clusterNodes(cluster.nodes()).build())) {
            List<Lease> leases = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                leases.add(holder.runLock().tryAcquire("task-" + i).orElseThrow());
                leases.add(holder.cacheLock().tryAcquire("pkg/Task_" + i + ".json", LockMode.EXCLUSIVE).orElseThrow());
            }
            assertThat(cluster.primaryPorts()).as("primaries holding lock keys").allSatisfy(port ->
                    assertThat(cluster.keysOn(port, "{" + prefix + "/*")).isNotEmpty());

            Cli.Result result = Cli.run("locks", "-D", "kart.lock.redis.cluster.nodes=" + String.join(",", cluster.nodes()),
                    "-D", "kart.lock.prefix=" + prefix, "--workspace", workspace.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).as(result.toString()).contains(leases.stream().map(Lease::key).toList())
                    .contains("holder-node");
            leases.forEach(Lease::close);
        }
    }
}
