package dev.kart.bench.dag;

import dev.kart.bench.Result;
import dev.kart.bench.measure.IoBaseline;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code dag-cold-10k}: a root over N trivial leaves built in an empty workspace (2 workers, durable
 * mode off, the default in-memory lock backend), against the I/O baseline of N small-file publishes
 * in the very directory the build publishes its leaves to, right before and right after the build:
 * each build is compared with the mean of its two baselines, because the cost of creating a file
 * on the shared disk changes by up to 20 times from one directory to another and from one minute to
 * the next. Target (issue 14): per task at most {@value #TARGET_RATIO} times the baseline publish,
 * on a quiet machine and with a CPU hog beside it.
 */
public final class DagColdScenario extends RepeatedDagScenario {
    /** The largest allowed ratio of per-task time to one baseline publish. */
    public static final double TARGET_RATIO = 1.5;

    /**
     * @param name the scenario's name
     * @param leaves how many leaves the root depends on (also how many baseline publishes are timed)
     * @param warmups untimed rounds first, for the JIT
     * @param repetitions timed builds; the medians are reported
     */
    public DagColdScenario(String name, int leaves, int warmups, int repetitions) {
        super(name, leaves, warmups, repetitions);
    }

    @Override
    public String description() {
        return "cold build of a root over " + leaves + " trivial tasks, 2 workers, durable off, vs an I/O baseline";
    }

    @Override
    public Result run() throws IOException {
        FanInBuilds builds = new FanInBuilds(leaves);
        try (TempDirectories.Batch directories = TempDirectories.batch(name)) {
            Samples.Recorder perTask = new Samples.Recorder();
            Samples.Recorder io = new Samples.Recorder();
            Samples.Recorder ratios = new Samples.Recorder();
            for (Round round : rounds(i -> round(builds, directories))) {
                perTask.add(round.perTaskMicros());
                io.add(round.baselineBeforeMicros());
                io.add(round.baselineAfterMicros());
                ratios.add(round.ratio());
            }
            Samples build = perTask.samples();
            double ratio = ratios.samples().median();
            return Result.of(name)
                    .with("tasks", builds.tasks())
                    .with("seconds", build.median() * builds.tasks() / 1e6)
                    .with("per_task_us", build.median())
                    .with("io_baseline_us", io.samples().median())
                    .with("ratio", ratio)
                    .with("target_ratio", TARGET_RATIO)
                    .withVerdict("met", ratio <= TARGET_RATIO)
                    .with("ratio_min", ratios.samples().min())
                    .with("ratio_max", ratios.samples().max())
                    .with("per_task_us_min", build.min())
                    .with("per_task_us_max", build.max())
                    .with("reps", build.count())
                    .with("fs", TempDirectories.fileSystemType(directories.create("fs")));
        }
    }

    /** One build and the baselines taken right before and after it, in the directory its leaves go to. */
    private record Round(double perTaskMicros, double baselineBeforeMicros, double baselineAfterMicros) {
        double ratio() {
            return perTaskMicros / ((baselineBeforeMicros + baselineAfterMicros) / 2);
        }
    }

    private Round round(FanInBuilds builds, TempDirectories.Batch directories) throws IOException {
        Path workspace = directories.create("cold");
        Path leafDirectory = Files.createDirectories(FanInBuilds.leafDirectory(workspace));
        double before = IoBaseline.microsPerPublish(leafDirectory, "BaselineBefore", leaves);
        double perTask = builds.coldSeconds(workspace, Optional.empty()) * 1e6 / builds.tasks();
        double after = IoBaseline.microsPerPublish(leafDirectory, "BaselineAfter", leaves);
        return new Round(perTask, before, after);
    }
}
