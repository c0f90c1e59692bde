package dev.kart.bench.dag;

import dev.kart.bench.Result;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.core.BuildOptions;
import dev.kart.core.Kart;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code dag-warm-10k}: the cold DAG built again in the same workspace, everything cached. Like luigi,
 * kart finds the root complete and neither visits nor checks its dependencies, so the build is one
 * existence check plus loading the root's output; the per-task figure divides that by every task of
 * the DAG, as the target does. Target: at most 20 µs per task. See {@link DagWarmChildrenScenario}
 * for the build that checks every child.
 */
public final class DagWarmScenario extends RepeatedDagScenario {
    /** The largest allowed time per task, in microseconds. */
    public static final double TARGET_MICROS = 20;

    /**
     * @param name the scenario's name
     * @param leaves how many leaves the root depends on
     * @param warmups untimed warm builds first
     * @param repetitions timed warm builds; the median is reported
     */
    public DagWarmScenario(String name, int leaves, int warmups, int repetitions) {
        super(name, leaves, warmups, repetitions);
    }

    @Override
    public String description() {
        return "the " + leaves + "-task DAG built again with everything cached (the root is found complete)";
    }

    @Override
    public Result run() {
        FanInBuilds builds = new FanInBuilds(leaves);
        Path workspace = TempDirectories.create("warm");
        try (Kart kart = FanInBuilds.runtime(workspace, Optional.empty())) {
            builds.timed(kart, builds.tasks(), leaves);
            int visited = kart.run(builds.root(), BuildOptions.defaults()).outcomes().size();
            Samples build = Samples.of(rounds(i -> builds.timed(kart, 0, 0)));
            double perTask = build.median() * 1e6 / builds.tasks();
            return Result.of(name)
                    .with("tasks", builds.tasks())
                    .with("visited", visited)
                    .with("seconds", build.median())
                    .with("per_task_us", perTask)
                    .with("target_us", TARGET_MICROS)
                    .withVerdict("met", perTask <= TARGET_MICROS)
                    .with("reps", build.count());
        } finally {
            TempDirectories.delete(workspace);
        }
    }
}
