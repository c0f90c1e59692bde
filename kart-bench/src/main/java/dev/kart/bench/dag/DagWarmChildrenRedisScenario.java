package dev.kart.bench.dag;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.lock.BenchLockSettings;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.core.Kart;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.test.support.redis.LocalRedisServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dag-warm-1k-children-redis} (Jedis binding) and {@code dag-warm-1k-children-redisson}: a root over 1,000
 * cached leaves computed again on the Redis backend (a redis-server of the scenario's own), its leaves' outputs read
 * either one {@code ctx.load} at a time ({@link SumOfLeaves}: a shared cache lock taken and released per leaf, two
 * round trips each) or in one {@code ctx.loadAll} ({@link SumOfLeavesLoadedTogether}: with Jedis every lock taken in
 * one pipeline and released in another, with Redisson every call sent before any reply is awaited).
 * The two roots take turns, each round removing the root's output first; {@code ratio} is the median of
 * {@code loadAll}'s build time over the one-at-a-time build's of the same round. No target: it prices what a task that
 * loads many dependencies gains from {@code loadAll} on Redis, its files read on one thread ({@code kart.load-threads = 1};
 * {@link DagLoadThreadsScenario} prices the threads).
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
                // one read at a time, as in the forty-third part: the scenario prices the lock round trips alone
                Kart kart = FanInBuilds.runtime(workspace, Optional.of(backend), Map.of("kart.load-threads", 1))) {
            RootRounds.timed(kart, oneByOne, expected, leaves + 1);
            RootRounds.timed(kart, together, expected, 1);
            List<List<Double>> seconds = RootRounds.time(List.of(new RootRounds.Contender(kart, oneByOne),
                    new RootRounds.Contender(kart, together)), expected, warmups, repetitions);
            Samples alone = Samples.of(seconds.get(0));
            Samples batched = Samples.of(seconds.get(1));
            Samples ratio = Samples.of(RootRounds.ratios(seconds.get(1), seconds.get(0)));
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
}
