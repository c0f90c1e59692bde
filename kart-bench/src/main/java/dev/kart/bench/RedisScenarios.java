package dev.kart.bench;

import dev.kart.bench.contention.ContentionScenario;
import dev.kart.bench.contention.SentinelContentionScenario;
import dev.kart.bench.contention.SpawnScenario;
import dev.kart.bench.dag.DagWarmChildrenRedisScenario;
import dev.kart.bench.lock.LockRedisScenario;
import dev.kart.bench.soak.SoakScenario;
import dev.kart.task.CollisionPolicy;
import java.util.List;

/**
 * The scenarios of the Redis lock backend, at their benchmark sizes. Each starts its own
 * redis-server from PATH on a free loopback port ({@code contention-redis-cluster} also a 3-primary
 * Redis Cluster, joined with redis-cli; the Sentinel one also a Sentinel deployment).
 */
public final class RedisScenarios implements ScenarioProvider {
    @Override
    public List<Scenario> scenarios() {
        return List.of(
                new LockRedisScenario("lock-redis-jedis", "jedis", 2_000, 2, 7),
                new LockRedisScenario("lock-redis-redisson", "redisson", 2_000, 2, 7),
                new ContentionScenario("contention-redis-fail", CollisionPolicy.FAIL, 4, 40, 250, 1, 3),
                new ContentionScenario("contention-redis-wait", CollisionPolicy.WAIT, 4, 40, 250, 1, 3),
                new ContentionScenario("contention-redis-defer", CollisionPolicy.DEFER, 4, 40, 250, 1, 3),
                ContentionScenario.againstCluster("contention-redis-cluster", CollisionPolicy.DEFER, 4, 40, 250, 1, 3),
                new SpawnScenario("contention-spawn-defer", CollisionPolicy.DEFER, 4, 40, 250, 1, 5),
                new SpawnScenario("contention-spawn-fail", CollisionPolicy.FAIL, 4, 40, 250, 1, 5),
                new SpawnScenario("contention-spawn-wait", CollisionPolicy.WAIT, 4, 40, 250, 1, 5),
                new SentinelContentionScenario("contention-redis-sentinel", 4, 40, 250, 1, 3),
                new SoakScenario("soak-redis", 500, 4),
                new DagWarmChildrenRedisScenario("dag-warm-1k-children-redis", "jedis", 1_000, 3, 9),
                new DagWarmChildrenRedisScenario("dag-warm-1k-children-redisson", "redisson", 1_000, 3, 9));
    }
}
