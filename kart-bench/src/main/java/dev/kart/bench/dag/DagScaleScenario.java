package dev.kart.bench.dag;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.measure.HeapPeakMeter;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.core.Kart;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code dag-1m}: kart at the scale of issue 14, in a JVM limited to {@code -Xmx2g}. A cold build of
 * a root over N trivial leaves (every leaf runs and publishes its output); then, in the same
 * runtime, the graph of the DAG alone ({@link Kart#graph}), and a warm check: the root's output
 * removed and the root built again, so that every child is found complete and loaded. The heap's
 * peak is followed through garbage-collection notifications for the whole scenario. Targets: the
 * cold build completes within the heap limit, and the graph plus the warm check take at most
 * {@value #TARGET_WARM_SECONDS} s.
 */
public final class DagScaleScenario implements Scenario {
    /** The target for the graph and the warm check together, in seconds. */
    public static final double TARGET_WARM_SECONDS = 60;

    private final String name;
    private final int leaves;
    private final int maxHeapMb;

    /**
     * @param name the scenario's name
     * @param leaves how many leaves the root depends on
     * @param maxHeapMb the heap limit of the scenario's JVM, in MiB
     */
    public DagScaleScenario(String name, int leaves, int maxHeapMb) {
        this.name = name;
        this.leaves = leaves;
        this.maxHeapMb = maxHeapMb;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "a root over " + leaves + " trivial tasks with -Xmx" + maxHeapMb + "m: cold build, then its graph and a warm"
                + " check of every child; peak heap";
    }

    @Override
    public List<String> jvmOptions() {
        return List.of("-Xmx" + maxHeapMb + "m");
    }

    @Override
    public Result run() {
        FanInBuilds builds = new FanInBuilds(leaves);
        Path workspace = TempDirectories.create("scale");
        try (Kart kart = FanInBuilds.runtime(workspace, Optional.empty()); HeapPeakMeter heap = HeapPeakMeter.start()) {
            double cold = builds.timed(kart, builds.tasks(), leaves);
            double coldPeak = heap.peakMb();
            long graphStart = System.nanoTime();
            int nodes = kart.graph(builds.root()).size();
            double graph = (System.nanoTime() - graphStart) / 1e9;
            if (nodes != builds.tasks()) {
                throw new IllegalStateException("the graph has " + nodes + " tasks, expected " + builds.tasks());
            }
            builds.removeRootOutput(kart);
            double warm = builds.timed(kart, 1, leaves);
            double peak = heap.peakMb();
            return Result.of(name)
                    .with("tasks", builds.tasks())
                    .with("cold_seconds", cold)
                    .with("cold_peak_heap_mb", coldPeak)
                    .with("graph_seconds", graph)
                    .with("warm_seconds", warm)
                    .with("warm_per_task_us", warm * 1e6 / builds.tasks())
                    .with("peak_heap_mb", peak)
                    .with("max_after_gc_mb", heap.maxAfterCollectionMb())
                    .with("xmx_mb", HeapPeakMeter.maxHeapMb())
                    .with("target_warm_seconds", TARGET_WARM_SECONDS)
                    .withVerdict("met", peak <= maxHeapMb && graph + warm <= TARGET_WARM_SECONDS);
        } finally {
            TempDirectories.delete(workspace);
        }
    }
}
