package dev.kart.bench.startup;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.contention.ContendedSleeper;
import dev.kart.bench.contention.ContendedSum;
import dev.kart.bench.measure.IoBaseline;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.bench.process.LauncherCheckout;
import dev.kart.bench.startup.TimedCommand.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code cold-run-10k}: a cold build as a user starts it, from the command line, on the README's default
 * (in-memory) lock backend: {@code bin/kart run dev.kart.bench.contention.ContendedSum --tasks=N
 * --sleep-ms=0 --no-progress -D kart.durable=false} in an empty workspace ({@link ContendedSum}: N trivial
 * {@code @RunWithLock} tasks under a root that reads them all with {@code ctx.loadAll}), timed from process
 * start to exit, wall and CPU (user + system, by {@code /usr/bin/time}), against the I/O baseline of
 * {@code dag-cold-10k}: N small-file publishes in the very directory the build publishes to, right before
 * and right after the build ({@link IoBaseline}). Unlike {@code dag-cold-10k}, which builds in a warm JVM
 * through the API, this includes the JVM's start, the command line, the graph's walk, the root's loads and
 * the summary: everything a user waits for. Durable mode is off, as in {@code dag-cold-10k}: with it, each
 * build would mostly time the disk's flushes.
 *
 * <p>The checkout measured is this one, or {@value StartupScenario#CHECKOUT_PROPERTY} (as for
 * {@code startup-run}), so that two builds of kart can be compared with the same scenario; the tasks are
 * kart-bench's own. No target: issue 14 asks that users' commands get faster with the scenarios it sets
 * targets for, and this is the figure for a cold build from the command line.
 */
public final class ColdRunScenario implements Scenario {
    private final String name;
    private final int tasks;
    private final int warmups;
    private final int rounds;

    /**
     * @param name the scenario's name
     * @param tasks how many trivial tasks the root depends on
     * @param warmups untimed builds first (the first also records {@code bin/kart}'s class-data archive)
     * @param rounds timed builds; medians are reported
     */
    public ColdRunScenario(String name, int tasks, int warmups, int rounds) {
        this.name = name;
        this.tasks = tasks;
        this.warmups = warmups;
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "bin/kart run of a root over " + tasks + " trivial run-locked tasks in an empty workspace (in-memory"
                + " locks, durable off), process start to exit, vs an I/O baseline of as many publishes";
    }

    @Override
    public Result run() {
        LauncherCheckout checkout = StartupScenario.checkout();
        Path launcher = checkout.existing("bin/kart");
        Path jar = checkout.existing("kart-cli/target/kart.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (TempDirectories.Batch batch = TempDirectories.batch(name)) {
            Path work = batch.create("work");
            Map<String, String> environment = StartupScenario.launcherEnvironment(java, jar, work.resolve("cds"));
            Samples.Recorder walls = new Samples.Recorder();
            Samples.Recorder cpus = new Samples.Recorder();
            Samples.Recorder baselines = new Samples.Recorder();
            Samples.Recorder ratios = new Samples.Recorder();
            for (int round = 0; round < warmups + rounds; round++) {
                Path workspace = batch.create("workspace");
                // where the build publishes its sleepers: their package's directory under the workspace
                Path published = Files.createDirectories(workspace.resolve(
                        ContendedSleeper.class.getPackageName().replace('.', '/')));
                double before = IoBaseline.microsPerPublish(published, "BaselineBefore", tasks);
                Run build = new TimedCommand(List.of("bash", launcher.toString(), "run", ContendedSum.class.getName(),
                        "--tasks=" + tasks, "--sleep-ms=0", "--no-progress", "--classpath", LauncherCheckout.benchCodeSource(),
                        "--workspace", workspace.toString(), "-D", "kart.durable=false"), work, environment).run(Map.of());
                double after = IoBaseline.microsPerPublish(published, "BaselineAfter", tasks);
                if (build.exitCode() != 0 || !build.out().contains("* " + (tasks + 1) + " ran successfully")) {
                    throw new IllegalStateException("the cold build did not build every task: exit code " + build.exitCode()
                            + "\n--- stdout:\n" + build.out() + "--- stderr:\n" + build.err());
                }
                TempDirectories.delete(workspace);
                if (round < warmups) {
                    continue;
                }
                double perTask = build.wallSeconds() * 1e6 / (tasks + 1);
                double baseline = (before + after) / 2;
                walls.add(build.wallSeconds());
                cpus.add(build.cpuSeconds());
                baselines.add(baseline);
                ratios.add(perTask / baseline);
            }
            Samples wall = walls.samples();
            Samples cpu = cpus.samples();
            Samples ratio = ratios.samples();
            return Result.of(name)
                    .with("tasks", tasks + 1)
                    .with("wall_s", wall.median())
                    .with("cpu_s", cpu.median())
                    .with("per_task_us", wall.median() * 1e6 / (tasks + 1))
                    .with("cpu_per_task_us", cpu.median() * 1e6 / (tasks + 1))
                    .with("io_baseline_us", baselines.samples().median())
                    .with("ratio", ratio.median())
                    .with("ratio_min", ratio.min())
                    .with("ratio_max", ratio.max())
                    .with("wall_min_s", wall.min())
                    .with("wall_max_s", wall.max())
                    .with("reps", wall.count())
                    .with("fs", TempDirectories.fileSystemType(work));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
