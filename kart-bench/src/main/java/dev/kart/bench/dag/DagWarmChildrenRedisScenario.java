package dev.kart.bench.dag;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.lock.BenchLockSettings;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskState;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.task.Task;
import dev.kart.test.support.redis.LocalRedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code dag-warm-1k-children-redis} (Jedis binding) and {@code dag-warm-1k-children-redisson}: a root over 1,000
 * cached leaves computed again on the Redis backend (a redis-server of the scenario's own), its leaves' outputs read
 * either one {@code ctx.load} at a time ({@link SumOfLeaves}: a shared cache lock taken and released per leaf, two
 * round trips each) or in one {@code ctx.loadAll} ({@link SumOfLeavesLoadedTogether}: with Jedis every lock taken in
 * one pipeline and released in another, with Redisson every call sent before any reply is awaited).
 * The two roots take turns, each round removing the root's output first; {@code ratio} is the median of
 * {@code loadAll}'s build time over the one-at-a-time build's of the same round. No target: it prices what a task that
 * loads many dependencies gains from {@code loadAll} on Redis.
 */
public final class DagWarmChildrenRedisScenario implements Scenario {
    private final String name;
    private final String client;
    private final int leaves;
    private final int warmups;
    private final int repetitions;

    /**
     * @param name the scenario's name
     * @param client the binding, {@code jedis} or {@code redisson}
     * @param leaves how many leaves each root depends on
     * @param warmups untimed rounds first
     * @param repetitions timed rounds; medians are reported
     */
    public DagWarmChildrenRedisScenario(String name, String client, int leaves, int warmups, int repetitions) {
        this.name = name;
        this.client = client;
        this.leaves = leaves;
        this.warmups = warmups;
        this.repetitions = repetitions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "a root over " + leaves + " cached leaves on the Redis backend (" + client + "), its leaves loaded one"
                + " ctx.load at a time vs one ctx.loadAll";
    }

    @Override
    public Result run() throws Exception {
        SumOfLeaves oneByOne = SumOfLeaves.over(leaves);
        SumOfLeavesLoadedTogether together = SumOfLeavesLoadedTogether.over(leaves);
        long expected = oneByOne.expected();
        Path workspace = TempDirectories.create("warm-children-redis");
        LeaseSettings lease = BenchLockSettings.defaults("bench");
        try (LocalRedisServer redis = LocalRedisServer.start();
                LockBackend backend = new RedisLockBackendProvider().open(BenchLockSettings.redis(lease, redis.host(),
                        redis.port(), client));
                Kart kart = FanInBuilds.runtime(workspace, Optional.of(backend))) {
            timed(kart, oneByOne, expected, leaves + 1);
            timed(kart, together, expected, 1);
            List<Double> oneByOneSeconds = new ArrayList<>();
            List<Double> togetherSeconds = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = -warmups; round < repetitions; round++) {
                // each round in the other order: neither root always runs second, after the other warmed the caches
                boolean togetherFirst = Math.floorMod(round, 2) == 1;
                double first = again(kart, togetherFirst ? together : oneByOne, expected);
                double second = again(kart, togetherFirst ? oneByOne : together, expected);
                if (round >= 0) {
                    double alone = togetherFirst ? second : first;
                    double batched = togetherFirst ? first : second;
                    oneByOneSeconds.add(alone);
                    togetherSeconds.add(batched);
                    ratios.add(batched / alone);
                }
            }
            Samples alone = Samples.of(oneByOneSeconds);
            Samples batched = Samples.of(togetherSeconds);
            Samples ratio = Samples.of(ratios);
            return Result.of(name)
                    .with("leaves", leaves)
                    .with("client", client)
                    .with("one_by_one_s", alone.median())
                    .with("load_all_s", batched.median())
                    .with("one_by_one_per_leaf_us", alone.median() * 1e6 / leaves)
                    .with("load_all_per_leaf_us", batched.median() * 1e6 / leaves)
                    .with("ratio", ratio.median())
                    .with("ratio_min", ratio.min())
                    .with("ratio_max", ratio.max())
                    .with("reps", ratio.count());
        } finally {
            TempDirectories.delete(workspace);
        }
    }

    /** Removes the root's output, then times its build. */
    private static double again(Kart kart, Task<Long> root, long expected) {
        if (kart.remove(root) != 1) {
            throw new IllegalStateException("the root's output " + kart.outputs(root).get(0).uri() + " was expected to exist");
        }
        return timed(kart, root, expected, 1);
    }

    private static double timed(Kart kart, Task<Long> root, long expected, int expectedRuns) {
        long start = System.nanoTime();
        BuildReport<Long> report = kart.run(root, BuildOptions.defaults());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!report.succeeded()) {
            throw new IllegalStateException("the benchmark build failed:\n" + report.summary());
        }
        long sum = report.rootOutput().orElseThrow(() -> new IllegalStateException("the build returned no sum"));
        if (sum != expected) {
            throw new IllegalStateException("the root summed " + sum + ", expected " + expected);
        }
        int runs = report.count(TaskState.DONE);
        if (runs != expectedRuns) {
            throw new IllegalStateException(runs + " tasks ran, expected " + expectedRuns + ":\n" + report.summary());
        }
        return seconds;
    }
}
