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
 * {@code dag-100k-heap}: a cold build of a root over N trivial leaves in a JVM limited to
 * {@code -Xmx512m}, with the heap's peak use followed through garbage-collection notifications.
 * Target: it completes within the limit.
 */
public final class DagHeapScenario implements Scenario {
    private final String name;
    private final int leaves;
    private final int maxHeapMb;

    /**
     * @param name the scenario's name
     * @param leaves how many leaves the root depends on
     * @param maxHeapMb the heap limit of the scenario's JVM
     */
    public DagHeapScenario(String name, int leaves, int maxHeapMb) {
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
        return "cold build of a root over " + leaves + " trivial tasks with -Xmx" + maxHeapMb + "m: completes, peak heap";
    }

    @Override
    public List<String> jvmOptions() {
        return List.of("-Xmx" + maxHeapMb + "m");
    }

    @Override
    public Result run() {
        FanInBuilds builds = new FanInBuilds(leaves);
        Path workspace = TempDirectories.create("heap");
        try (Kart kart = FanInBuilds.runtime(workspace, Optional.empty()); HeapPeakMeter heap = HeapPeakMeter.start()) {
            double seconds = builds.timed(kart, builds.tasks(), leaves);
            double peak = heap.peakMb();
            return Result.of(name)
                    .with("tasks", builds.tasks())
                    .with("seconds", seconds)
                    .with("peak_heap_mb", peak)
                    .with("max_after_gc_mb", heap.maxAfterCollectionMb())
                    .with("pool_peaks_sum_mb", heap.sumOfPoolPeaksMb())
                    .with("xmx_mb", HeapPeakMeter.maxHeapMb())
                    .withVerdict("met", peak <= maxHeapMb);
        } finally {
            TempDirectories.delete(workspace);
        }
    }
}
