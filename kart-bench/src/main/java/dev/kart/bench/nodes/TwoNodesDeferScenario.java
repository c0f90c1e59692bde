package dev.kart.bench.nodes;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.lock.BenchLockSettings;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.core.Kart;
import dev.kart.core.BuildReport;
import dev.kart.core.TaskState;
import dev.kart.core.BuildOptions;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * {@code two-nodes-defer}: two kart runtimes in one JVM, as two nodes, over one in-memory lock table
 * and one workspace, start the same build at the same instant. The DAG is wide: N independent
 * {@link Sleeper}s ({@code @RunWithLock}, defer on collision) under a {@link Gather} root that only
 * sums them, so all 2 × W workers can be busy. Each node has a task-order seed of its own, so each
 * takes the sleepers in its own order. Each sleeper must run exactly once in total, and the
 * build should take close to the ideal: total work divided by total workers. Target: executions =
 * tasks and seconds at most 1.3 × ideal.
 */
public final class TwoNodesDeferScenario implements Scenario {
    /** The largest allowed ratio of measured to ideal seconds. */
    public static final double TARGET_FACTOR = 1.3;

    private final String name;
    private final int tasks;
    private final int sleepMillis;
    private final int workersPerNode;
    private final int warmups;
    private final int repetitions;

    /**
     * @param name the scenario's name
     * @param tasks how many sleepers
     * @param sleepMillis how long each sleeps
     * @param workersPerNode worker threads of each runtime
     * @param warmups untimed rounds first
     * @param repetitions timed rounds; the median time is reported
     */
    public TwoNodesDeferScenario(String name, int tasks, int sleepMillis, int workersPerNode, int warmups,
            int repetitions) {
        this.name = name;
        this.tasks = tasks;
        this.sleepMillis = sleepMillis;
        this.workersPerNode = workersPerNode;
        this.warmups = warmups;
        this.repetitions = repetitions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "two runtimes sharing in-memory locks and a workspace build " + tasks + " @RunWithLock(DEFER) tasks of "
                + sleepMillis + " ms, " + workersPerNode + " workers each";
    }

    @Override
    public Result run() throws Exception {
        for (int i = 0; i < warmups; i++) {
            round("warmup-" + i);
        }
        Samples.Recorder seconds = new Samples.Recorder();
        int maxExecutions = 0;
        int minExecutions = Integer.MAX_VALUE;
        Round last = null;
        for (int i = 0; i < repetitions; i++) {
            last = round("round-" + i);
            seconds.add(last.seconds());
            maxExecutions = Math.max(maxExecutions, last.executions());
            minExecutions = Math.min(minExecutions, last.executions());
        }
        double ideal = tasks * sleepMillis / 1000.0 / (2.0 * workersPerNode);
        double median = seconds.samples().median();
        return Result.of(name)
                .with("tasks", tasks)
                .with("executions", maxExecutions)
                .with("seconds", median)
                .with("ideal_seconds", ideal)
                .with("ratio", median / ideal)
                .with("target_ratio", TARGET_FACTOR)
                .withVerdict("met", minExecutions == tasks && maxExecutions == tasks && median <= TARGET_FACTOR * ideal)
                .with("seconds_max", seconds.samples().max())
                .with("ran_on_a", last.ranOnA())
                .with("ran_on_b", last.ranOnB())
                .with("workers", 2 * workersPerNode)
                .with("reps", seconds.samples().count());
    }

    /** What one round measured. */
    private record Round(double seconds, int executions, int ranOnA, int ranOnB) {
    }

    private Round round(String round) throws InterruptedException, ExecutionException {
        List<Sleeper> sleepers = IntStream.range(0, tasks).mapToObj(i -> new Sleeper(i, round, sleepMillis)).toList();
        Gather root = new Gather(sleepers);
        Path workspace = TempDirectories.create("two-nodes");
        InMemoryLockBackend locksA = InMemoryLockBackend.isolated(BenchLockSettings.defaults("node-a"), LockClock.system());
        InMemoryLockBackend locksB = locksA.sharingTableWith(BenchLockSettings.defaults("node-b"));
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try (Kart nodeA = runtime(workspace, locksA, "node-a"); Kart nodeB = runtime(workspace, locksB, "node-b")) {
            CountDownLatch start = new CountDownLatch(1);
            Future<BuildReport<Long>> a = nodes.submit(() -> {
                start.await();
                return nodeA.run(root, BuildOptions.defaults());
            });
            Future<BuildReport<Long>> b = nodes.submit(() -> {
                start.await();
                return nodeB.run(root, BuildOptions.defaults());
            });
            long begin = System.nanoTime();
            start.countDown();
            BuildReport<Long> reportA = a.get();
            BuildReport<Long> reportB = b.get();
            double seconds = (System.nanoTime() - begin) / 1e9;
            check(reportA, root, "A");
            check(reportB, root, "B");
            return new Round(seconds, Sleeper.executions(round), ranSleepers(reportA), ranSleepers(reportB));
        } finally {
            nodes.shutdownNow();
            locksA.close();
            locksB.close();
            TempDirectories.delete(workspace);
        }
    }

    /**
     * A node, with a task-order seed of its own: every round has the same two orders (the default
     * seed, the runtime's node identity, has a runtime number that grows from round to round).
     */
    private Kart runtime(Path workspace, InMemoryLockBackend locks, String node) {
        return Kart.builder().workspace(workspace).workers(workersPerNode).set("kart.durable", false)
                .set("kart.task-order.seed", node).lockBackend(locks).build();
    }

    private static void check(BuildReport<Long> report, Gather root, String node) {
        if (!report.succeeded()) {
            throw new IllegalStateException("the build on node " + node + " failed:\n" + report.summary());
        }
        long sum = report.rootOutput().orElseThrow();
        if (sum != root.expected()) {
            throw new IllegalStateException("node " + node + " summed " + sum + ", expected " + root.expected());
        }
    }

    private static int ranSleepers(BuildReport<Long> report) {
        return (int) report.outcomes().stream()
                .filter(o -> o.task() instanceof Sleeper && o.state() == TaskState.DONE).count();
    }
}
