package dev.kart.bench.dag;

import dev.kart.bench.Result;
import dev.kart.bench.lock.NoopLockBackend;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.core.Kart;
import dev.kart.lock.LockBackend;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code dag-cold-10k-locked}: the cold DAG build with the default in-memory lock backend (a cache
 * lock around every load and dump) against the same build with {@link NoopLockBackend}, in pairs of
 * back-to-back builds (the order swapped every pair). The reported ratio is the median of the pairs'
 * ratios, since the disk's speed drifts between pairs. Target: locked at most 1.15 times no-op.
 */
public final class LockOverheadScenario extends RepeatedDagScenario {
    /** The largest allowed ratio of locked to unlocked build time. */
    public static final double TARGET_RATIO = 1.15;

    /**
     * @param name the scenario's name
     * @param leaves how many leaves the root depends on
     * @param warmups untimed rounds (one build of each kind) first
     * @param repetitions timed rounds; the medians are reported
     */
    public LockOverheadScenario(String name, int leaves, int warmups, int repetitions) {
        super(name, leaves, warmups, repetitions);
    }

    @Override
    public String description() {
        return "cold " + leaves + "-task DAG with the in-memory lock backend vs a no-op lock backend";
    }

    @Override
    public Result run() {
        checkDefaultBackendIsInMemory();
        FanInBuilds builds = new FanInBuilds(leaves);
        Optional<LockBackend> noop = Optional.of(new NoopLockBackend());
        try (TempDirectories.Batch directories = TempDirectories.batch(name)) {
            Samples.Recorder locked = new Samples.Recorder();
            Samples.Recorder unlocked = new Samples.Recorder();
            Samples.Recorder ratios = new Samples.Recorder();
            // warm-ups (number -1) and even rounds build locked first, odd rounds no-op first
            for (Pair pair : rounds(i -> pair(builds, directories, noop, i % 2 != 1))) {
                locked.add(pair.lockedSeconds());
                unlocked.add(pair.unlockedSeconds());
                ratios.add(pair.lockedSeconds() / pair.unlockedSeconds());
            }
            double ratio = ratios.samples().median();
            return Result.of(name)
                    .with("tasks", builds.tasks())
                    .with("seconds", locked.samples().median())
                    .with("per_task_us", locked.samples().median() * 1e6 / builds.tasks())
                    .with("noop_per_task_us", unlocked.samples().median() * 1e6 / builds.tasks())
                    .with("lock_overhead_ratio", ratio)
                    .with("target_ratio", TARGET_RATIO)
                    .withVerdict("met", ratio <= TARGET_RATIO)
                    .with("ratio_min", ratios.samples().min())
                    .with("ratio_max", ratios.samples().max())
                    .with("reps", ratios.samples().count());
        }
    }

    /** A locked and a no-op cold build, back to back. */
    private record Pair(double lockedSeconds, double unlockedSeconds) {
    }

    private static Pair pair(FanInBuilds builds, TempDirectories.Batch directories, Optional<LockBackend> noop,
            boolean lockedFirst) {
        if (lockedFirst) {
            double locked = builds.coldSeconds(directories, Optional.empty());
            return new Pair(locked, builds.coldSeconds(directories, noop));
        }
        double unlocked = builds.coldSeconds(directories, noop);
        return new Pair(builds.coldSeconds(directories, Optional.empty()), unlocked);
    }

    private static void checkDefaultBackendIsInMemory() {
        Path workspace = TempDirectories.create("backend");
        try (Kart kart = FanInBuilds.runtime(workspace, Optional.empty())) {
            if (!(kart.lockBackend() instanceof InMemoryLockBackend)) {
                throw new IllegalStateException("the default lock backend is " + kart.lockBackend().getClass().getName()
                        + ", expected the in-memory backend; is an application.conf on the class path?");
            }
        } finally {
            TempDirectories.delete(workspace);
        }
    }
}
