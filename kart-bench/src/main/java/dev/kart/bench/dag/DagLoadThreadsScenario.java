package dev.kart.bench.dag;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.bench.s3.S3Bench;
import dev.kart.core.Kart;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dag-warm-1k-children-load-threads} (a local workspace) and {@code dag-warm-1k-children-load-threads-s3} (an
 * {@code s3://} workspace on an in-process S3 server, its leaves published by another runtime, so that every read is a
 * GetObject,
 * each answered after {@value #READ_LATENCY_PROPERTY} milliseconds, default {@value #READ_LATENCY_MS}: the loopback
 * server answers in well under one, a bucket across a network in several to tens):
 * a root over 1,000 cached leaves computed again, on the in-memory lock backend, its leaves read one {@code ctx.load}
 * at a time ({@link SumOfLeaves}), in one {@code ctx.loadAll} on the default {@code kart.load-threads} (one per
 * processor locally, 16 on S3), and in one {@code ctx.loadAll} on one thread ({@code kart.load-threads = 1}), the three
 * taking turns ({@link RootRounds}). {@code ratio} is the median of the default's build time over the one thread's of
 * the same round. No target: it prices what reading a wide {@code loadAll} on several threads gains.
 */
public final class DagLoadThreadsScenario implements Scenario {
    /** The milliseconds each GetObject of the S3 scenario waits before it is answered. */
    public static final String READ_LATENCY_PROPERTY = "kart.bench.s3.read-latency-ms";
    /** Its default. */
    public static final int READ_LATENCY_MS = 10;
    private static final Map<String, Object> ONE_THREAD = Map.of("kart.load-threads", 1);

    private final String name;
    private final boolean s3;
    private final int leaves;
    private final int warmups;
    private final int repetitions;

    /**
     * @param name the scenario's name
     * @param s3 whether the workspace is an {@code s3://} one, else a local directory
     * @param leaves how many leaves each root depends on
     * @param warmups untimed rounds first
     * @param repetitions timed rounds; medians are reported
     */
    public DagLoadThreadsScenario(String name, boolean s3, int leaves, int warmups, int repetitions) {
        this.name = name;
        this.s3 = s3;
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
        String store = s3 ? "in an s3:// workspace (in-process S3 server)" : "in a local workspace";
        return "a root over " + leaves + " cached leaves " + store
                + ": one ctx.load at a time vs one ctx.loadAll on the default kart.load-threads vs on one thread";
    }

    @Override
    public Result run() throws Exception {
        SumOfLeaves oneByOne = SumOfLeaves.over(leaves);
        if (s3) {
            try (S3Bench store = S3Bench.start()) {
                // the leaves published by a runtime of their own: the measured ones keep no copy of them
                try (Kart setup = store.runtime("load-threads", 8)) {
                    RootRounds.timed(setup, oneByOne, oneByOne.expected(), leaves + 1);
                }
                long latency = Long.getLong(READ_LATENCY_PROPERTY, READ_LATENCY_MS);
                store.server().delayReads(Duration.ofMillis(latency));
                try (Kart defaults = store.runtime("load-threads", FanInBuilds.WORKERS);
                        Kart oneThread = store.runtime("load-threads", FanInBuilds.WORKERS, ONE_THREAD)) {
                    return measured(oneByOne, defaults, oneThread).with("read_latency_ms", latency);
                }
            }
        }
        Path workspace = TempDirectories.create("load-threads");
        try (Kart defaults = FanInBuilds.runtime(workspace, Optional.empty());
                Kart oneThread = FanInBuilds.runtime(workspace, Optional.empty(), ONE_THREAD)) {
            RootRounds.timed(defaults, oneByOne, oneByOne.expected(), leaves + 1);
            return measured(oneByOne, defaults, oneThread);
        } finally {
            TempDirectories.delete(workspace);
        }
    }

    private Result measured(SumOfLeaves oneByOne, Kart defaults, Kart oneThread) {
        SumOfLeavesLoadedTogether together = SumOfLeavesLoadedTogether.over(leaves);
        long expected = oneByOne.expected();
        RootRounds.timed(defaults, together, expected, 1);
        List<List<Double>> seconds = RootRounds.time(List.of(new RootRounds.Contender(defaults, oneByOne),
                new RootRounds.Contender(defaults, together), new RootRounds.Contender(oneThread, together)), expected,
                warmups, repetitions);
        Samples alone = Samples.of(seconds.get(0));
        Samples threads = Samples.of(seconds.get(1));
        Samples single = Samples.of(seconds.get(2));
        Samples ratio = Samples.of(RootRounds.ratios(seconds.get(1), seconds.get(2)));
        return Result.of(name)
                .with("leaves", leaves)
                .with("store", s3 ? "s3" : "local")
                .with("processors", Runtime.getRuntime().availableProcessors())
                .with("one_by_one_s", alone.median())
                .with("load_all_s", threads.median())
                .with("load_all_1t_s", single.median())
                .with("load_all_per_leaf_us", threads.median() * 1e6 / leaves)
                .with("load_all_1t_per_leaf_us", single.median() * 1e6 / leaves)
                .with("ratio", ratio.median())
                .with("ratio_min", ratio.min())
                .with("ratio_max", ratio.max())
                .with("load_all_to_one_by_one", threads.median() / alone.median())
                .with("reps", ratio.count());
    }
}
