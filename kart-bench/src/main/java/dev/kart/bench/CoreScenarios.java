package dev.kart.bench;

import dev.kart.bench.dag.DagColdScenario;
import dev.kart.bench.dag.DagHeapScenario;
import dev.kart.bench.dag.DagLoadThreadsScenario;
import dev.kart.bench.dag.DagScaleScenario;
import dev.kart.bench.dag.DagWarmChildrenScenario;
import dev.kart.bench.dag.DagWarmScenario;
import dev.kart.bench.dag.LockOverheadScenario;
import dev.kart.bench.lock.LockInMemoryScenario;
import dev.kart.bench.nodes.TwoNodesDeferScenario;
import dev.kart.bench.startup.ColdRunScenario;
import dev.kart.bench.startup.StartupScenario;
import java.util.List;

/**
 * The scenarios of the core runtime and the in-memory lock backend, and the start-up of the
 * {@code kart} command, at their benchmark sizes.
 */
public final class CoreScenarios implements ScenarioProvider {
    @Override
    public List<Scenario> scenarios() {
        return List.of(
                new DagColdScenario("dag-cold-10k", 10_000, 4, 5),
                new DagWarmScenario("dag-warm-10k", 10_000, 50, 50),
                new DagWarmChildrenScenario("dag-warm-10k-children", 10_000, 10, 9),
                new DagLoadThreadsScenario("dag-warm-1k-children-load-threads", false, 1_000, 5, 9),
                new DagHeapScenario("dag-100k-heap", 100_000, 512),
                new DagScaleScenario("dag-1m", 1_000_000, 2048),
                new LockInMemoryScenario("lock-inmemory", 2, 200_000, 2, 5),
                new LockOverheadScenario("dag-cold-10k-locked", 10_000, 3, 8),
                new TwoNodesDeferScenario("two-nodes-defer", 40, 100, 4, 2, 5),
                new StartupScenario("startup-run", 2, 20),
                new ColdRunScenario("cold-run-10k", 10_000, 1, 5));
    }
}
