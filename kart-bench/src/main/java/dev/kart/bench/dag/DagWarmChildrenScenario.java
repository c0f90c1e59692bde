package dev.kart.bench.dag;

import dev.kart.bench.Result;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.core.Kart;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code dag-warm-10k-children}: the cached DAG built again after only the root's output was
 * removed, so the build visits the root's dependencies, finds every one complete (one existence
 * check each), runs the root, and the root loads every child's output from the cache (under the
 * shared cache lock). Reported per task of the DAG. Target (issue 14): at most
 * {@value #TARGET_MICROS} µs per task, below {@link DagWarmScenario}'s, which visits the root only.
 */
public final class DagWarmChildrenScenario extends RepeatedDagScenario {
    /** The most time per task of the DAG, in microseconds. */
    public static final double TARGET_MICROS = 10;

    /**
     * @param name the scenario's name
     * @param leaves how many leaves the root depends on
     * @param warmups untimed rounds first
     * @param repetitions timed rounds; the median is reported
     */
    public DagWarmChildrenScenario(String name, int leaves, int warmups, int repetitions) {
        super(name, leaves, warmups, repetitions);
    }

    @Override
    public String description() {
        return "the " + leaves + "-task DAG with only the root's output removed: every child checked and loaded";
    }

    @Override
    public Result run() {
        FanInBuilds builds = new FanInBuilds(leaves);
        Path workspace = TempDirectories.create("warm-children");
        try (Kart kart = FanInBuilds.runtime(workspace, Optional.empty())) {
            builds.timed(kart, builds.tasks(), leaves);
            Samples build = Samples.of(rounds(i -> {
                builds.removeRootOutput(kart);
                return builds.timed(kart, 1, leaves);
            }));
            double perTask = build.median() * 1e6 / builds.tasks();
            return Result.of(name)
                    .with("tasks", builds.tasks())
                    .with("visited", builds.tasks())
                    .with("loaded", leaves)
                    .with("seconds", build.median())
                    .with("per_task_us", perTask)
                    .with("target_us", TARGET_MICROS)
                    .withVerdict("met", perTask <= TARGET_MICROS)
                    .with("seconds_min", build.min())
                    .with("seconds_max", build.max())
                    .with("reps", build.count());
        } finally {
            TempDirectories.delete(workspace);
        }
    }
}
