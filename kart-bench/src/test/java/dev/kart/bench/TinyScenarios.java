package dev.kart.bench;

import dev.kart.bench.contention.ContentionScenario;
import dev.kart.bench.contention.SentinelContentionScenario;
import dev.kart.bench.dag.DagColdScenario;
import dev.kart.bench.dag.DagHeapScenario;
import dev.kart.bench.dag.DagScaleScenario;
import dev.kart.bench.dag.DagWarmChildrenRedisScenario;
import dev.kart.bench.dag.DagWarmChildrenScenario;
import dev.kart.bench.dag.DagWarmScenario;
import dev.kart.bench.dag.LockOverheadScenario;
import dev.kart.bench.lock.LockInMemoryScenario;
import dev.kart.bench.lock.LockRedisScenario;
import dev.kart.bench.nodes.TwoNodesDeferScenario;
import dev.kart.bench.s3.DagColdS3Scenario;
import dev.kart.bench.s3.DagWarmS3Scenario;
import dev.kart.bench.soak.SoakScenario;
import dev.kart.task.CollisionPolicy;
import java.time.Duration;
import java.util.List;

/**
 * The core, Redis and S3 scenarios at sizes small enough for a unit test (the Redis ones start their
 * own redis-server from PATH, as bench/run does), plus one that fails; registered for the
 * test class path only, so the launcher can be tested end to end without running a benchmark.
 */
public final class TinyScenarios implements ScenarioProvider {
    /** @return the tiny scenarios */
    public static List<Scenario> all() {
        return List.of(
                new DagColdScenario("tiny-dag-cold", 30, 0, 1),
                new DagWarmScenario("tiny-dag-warm", 30, 1, 2),
                new DagWarmChildrenScenario("tiny-dag-warm-children", 30, 0, 2),
                new DagWarmChildrenRedisScenario("tiny-dag-warm-children-redis", "jedis", 30, 0, 2),
                new DagWarmChildrenRedisScenario("tiny-dag-warm-children-redisson", "redisson", 30, 0, 2),
                new DagHeapScenario("tiny-dag-heap", 50, 256),
                new DagScaleScenario("tiny-dag-scale", 40, 256),
                new LockInMemoryScenario("tiny-lock-inmemory", 2, 200, 0, 1),
                new LockOverheadScenario("tiny-dag-cold-locked", 30, 0, 2),
                new TwoNodesDeferScenario("tiny-two-nodes-defer", 6, 20, 2, 0, 1),
                new LockRedisScenario("tiny-lock-redis-jedis", "jedis", 50, 0, 1),
                new LockRedisScenario("tiny-lock-redis-redisson", "redisson", 50, 0, 1),
                new ContentionScenario("tiny-contention-redis-fail", CollisionPolicy.FAIL, 2, 6, 50, 0, 1),
                new ContentionScenario("tiny-contention-redis-wait", CollisionPolicy.WAIT, 2, 6, 50, 0, 1),
                new ContentionScenario("tiny-contention-redis-defer", CollisionPolicy.DEFER, 2, 6, 50, 0, 1),
                ContentionScenario.againstCluster("tiny-contention-redis-cluster", CollisionPolicy.DEFER, 2, 6, 50, 0, 1),
                new SentinelContentionScenario("tiny-contention-redis-sentinel", 2, 6, 50, 0, 1),
                new SoakScenario("tiny-soak-redis", 30, 2, Duration.ofSeconds(1)),
                new DagColdS3Scenario("tiny-dag-cold-s3", 60, 0, 1),
                new DagWarmS3Scenario("tiny-dag-warm-s3", 120, 0, 2),
                new FailingScenario());
    }

    @Override
    public List<Scenario> scenarios() {
        return all();
    }

    /** A scenario that throws, as a broken benchmark would. */
    static final class FailingScenario implements Scenario {
        @Override
        public String name() {
            return "tiny-fails";
        }

        @Override
        public String description() {
            return "always throws";
        }

        @Override
        public Result run() {
            throw new IllegalStateException("this scenario always fails");
        }
    }
}
