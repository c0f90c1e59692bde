package dev.kart.bench;

import dev.kart.bench.dag.DagLoadThreadsScenario;
import dev.kart.bench.s3.DagColdS3Scenario;
import dev.kart.bench.s3.DagWarmS3Scenario;
import java.util.List;

/**
 * The scenarios of an {@code s3://} workspace (kart-storage-s3), at their benchmark sizes. Each
 * starts an in-process S3 server ({@link dev.kart.test.support.s3.AtomicS3Server}) on a free
 * loopback port, with test credentials: no AWS account is used.
 */
public final class S3Scenarios implements ScenarioProvider {
    @Override
    public List<Scenario> scenarios() {
        return List.of(
                new DagColdS3Scenario("dag-cold-1k-s3", 1_000, 1, 3),
                new DagWarmS3Scenario("dag-warm-10k-s3", 10_000, 2, 5),
                new DagLoadThreadsScenario("dag-warm-1k-children-load-threads-s3", true, 1_000, 1, 5));
    }
}
