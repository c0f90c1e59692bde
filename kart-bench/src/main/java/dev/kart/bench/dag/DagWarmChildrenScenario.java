package dev.kart.bench.dag;

import dev.kart.bench.Result;
import dev.kart.bench.measure.IoBaseline;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.core.Kart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code dag-warm-10k-children}: the cached DAG built again after only the root's output was
 * removed, so the build visits the root's dependencies, finds every one complete (one existence
 * check each), runs the root, and the root loads every child's output from the cache (under the
 * shared cache lock). Reported per task of the DAG. Target (issue 14): at most
 * {@value #TARGET_MICROS} µs per task, below {@link DagWarmScenario}'s, which visits the root only.
 *
 * <p>The baseline of the same run is the file system's floor for the same work without kart: each
 * of the 10,000 cached leaf files checked for existence and read whole
 * ({@link IoBaseline#microsPerCheckAndRead}), right before and right after each timed build;
 * {@code ratio} is the build's time per task over the mean of its two floors, the median of the
 * rounds. The target stays the absolute one; the ratio tells a faster machine from faster code.
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
    public Result run() throws IOException {
        FanInBuilds builds = new FanInBuilds(leaves);
        Path workspace = TempDirectories.create("warm-children");
        try (Kart kart = FanInBuilds.runtime(workspace, Optional.empty())) {
            builds.timed(kart, builds.tasks(), leaves);
            List<Path> leafFiles = leafFiles(FanInBuilds.leafDirectory(workspace));
            List<Round> rounds = rounds(i -> {
                double before = IoBaseline.microsPerCheckAndRead(leafFiles);
                builds.removeRootOutput(kart);
                double seconds = builds.timed(kart, 1, leaves);
                double after = IoBaseline.microsPerCheckAndRead(leafFiles);
                return new Round(seconds, (before + after) / 2);
            });
            Samples build = Samples.of(rounds.stream().map(Round::seconds).toList());
            Samples floor = Samples.of(rounds.stream().map(Round::floorMicros).toList());
            Samples ratios = Samples.of(rounds.stream().map(round -> round.seconds() * 1e6 / builds.tasks()
                    / round.floorMicros()).toList());
            double perTask = build.median() * 1e6 / builds.tasks();
            return Result.of(name)
                    .with("tasks", builds.tasks())
                    .with("visited", builds.tasks())
                    .with("loaded", leaves)
                    .with("seconds", build.median())
                    .with("per_task_us", perTask)
                    .with("io_floor_us", floor.median())
                    .with("ratio", ratios.median())
                    .with("target_us", TARGET_MICROS)
                    .withVerdict("met", perTask <= TARGET_MICROS)
                    .with("seconds_min", build.min())
                    .with("seconds_max", build.max())
                    .with("ratio_min", ratios.min())
                    .with("ratio_max", ratios.max())
                    .with("reps", build.count());
        } finally {
            TempDirectories.delete(workspace);
        }
    }

    /**
     * One timed build and its floor.
     *
     * @param seconds the build
     * @param floorMicros the mean of the floors taken right before and right after it, per file
     */
    private record Round(double seconds, double floorMicros) {
    }

    /** @return the leaves' cached outputs: the directory's files named {@code Leaf_<unique id>...} */
    private List<Path> leafFiles(Path directory) throws IOException {
        String prefix = Leaf.class.getSimpleName() + "_";
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> outputs = files.filter(file -> file.getFileName().toString().startsWith(prefix))
                    .filter(Files::isRegularFile).sorted().toList();
            if (outputs.size() != leaves) {
                throw new IllegalStateException(directory + " holds " + outputs.size() + " files after the cold build,"
                        + " expected the " + leaves + " leaves' outputs");
            }
            return outputs;
        }
    }
}
