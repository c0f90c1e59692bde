package dev.kart.bench.contention;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.bench.process.BenchJvm;
import dev.kart.bench.process.ClassDataArchive;
import dev.kart.bench.process.ExecutionLog;
import dev.kart.core.Kart;
import dev.kart.core.TaskRef;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.Task;
import dev.kart.test.support.redis.LocalRedisCluster;
import dev.kart.test.support.redis.LocalRedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code contention-redis-fail}, {@code -wait} and {@code -defer}: K JVM processes, each a
 * {@link ContentionWorker} with one worker thread, build the same DAG ({@link ContendedGather} over
 * N independent {@link ContendedSleeper}s of 250 ms, {@code @RunWithLock}) against one redis-server
 * (started by the scenario) and one workspace, with the given collision policy. Every
 * {@code run()} appends a line to an {@link ExecutionLog} opened with {@code O_APPEND}. The time is
 * taken from launching the K processes until all have exited; the ideal is the work divided among
 * the K nodes (N × 250 ms / K) plus the start-up of one node, measured in the same run right before
 * each round by launching one process of the same main that builds the root alone and exits. Every
 * round is checked: each node ends with the right sum, and every output in the workspace is there
 * and right. Also reported, from the log's time stamps: when the first {@code run()} started after
 * the launch, and when every node had started one (the nodes' start-up, slowed by starting K JVMs
 * at once on this machine's cores), and {@code after_start_ratio}: the time from then until the
 * last exit, divided by the work per node (N × 250 ms / K), which is what the lock coordination
 * and the nodes' exits add once every node runs. Target: executions = N in every round and seconds at
 * most 1.3 × ideal for defer, 1.6 × ideal for wait; none for fail.
 *
 * <p>The fail policy is given {@value #RETRY_COUNT} retries {@value #RETRY_DELAY} apart: a task that
 * collides is retried soon after its holder should be done, and the count covers far longer than
 * any holder takes.
 */
public final class ContentionScenario implements Scenario {
    /** The largest allowed ratio of measured to ideal seconds, for defer. */
    public static final double TARGET_FACTOR = 1.3;
    /**
     * The same for wait: each node takes the tasks in an order of its own, and still waits out the
     * few collisions it meets, mostly near the end, where it has nothing else to take.
     */
    public static final double WAIT_TARGET_FACTOR = 1.6;
    /** Retries of a task (kart.retry.count), for the fail policy; the others never fail on a collision. */
    public static final int RETRY_COUNT = 1000;
    /** Delay between retries (kart.retry.delay). */
    public static final String RETRY_DELAY = "100ms";
    /** Worker threads per node: one, so that N × sleep / K is the true floor of a round. */
    public static final int WORKERS_PER_NODE = 1;
    /**
     * For {@code contention-redis-cluster}: the largest allowed ratio of its seconds to those of the same
     * build against one redis-server, measured in the same run.
     */
    public static final double CLUSTER_TARGET_FACTOR = 1.2;
    private static final Duration HANG_GUARD = Duration.ofMinutes(5);

    private final String name;
    private final CollisionPolicy policy;
    private final int processes;
    private final int tasks;
    private final int sleepMillis;
    private final int warmups;
    private final int repetitions;
    private final boolean cluster;

    /**
     * @param name the scenario's name
     * @param policy the collision policy of every node
     * @param processes how many node JVMs build at once
     * @param tasks how many sleepers
     * @param sleepMillis how long each sleeps
     * @param warmups untimed rounds (start-up and build) first
     * @param repetitions timed rounds; the medians are reported
     */
    public ContentionScenario(String name, CollisionPolicy policy, int processes, int tasks, int sleepMillis,
            int warmups, int repetitions) {
        this(name, policy, processes, tasks, sleepMillis, warmups, repetitions, false);
    }

    /**
     * {@code contention-redis-cluster}: the same build against a local Redis Cluster of three primaries
     * ({@link LocalRedisCluster}), each round right after a round against one redis-server, reported
     * as the ratio of the two medians.
     *
     * @param name the scenario's name
     * @param policy the collision policy of every node
     * @param processes how many node JVMs build at once
     * @param tasks how many sleepers
     * @param sleepMillis how long each sleeps
     * @param warmups untimed rounds of each first
     * @param repetitions timed rounds of each; the medians are reported
     * @return the scenario
     */
    public static ContentionScenario againstCluster(String name, CollisionPolicy policy, int processes, int tasks,
            int sleepMillis, int warmups, int repetitions) {
        return new ContentionScenario(name, policy, processes, tasks, sleepMillis, warmups, repetitions, true);
    }

    private ContentionScenario(String name, CollisionPolicy policy, int processes, int tasks, int sleepMillis,
            int warmups, int repetitions, boolean cluster) {
        this.cluster = cluster;
        this.name = name;
        this.policy = policy;
        this.processes = processes;
        this.tasks = tasks;
        this.sleepMillis = sleepMillis;
        this.warmups = warmups;
        this.repetitions = repetitions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        if (cluster) {
            return processes + " JVMs build " + tasks + " @RunWithLock tasks of " + sleepMillis + " ms against a 3-primary"
                    + " Redis Cluster, on-collision = " + policyName() + ", vs the same against one redis-server";
        }
        return processes + " JVMs build " + tasks + " @RunWithLock tasks of " + sleepMillis + " ms against one redis-server,"
                + " on-collision = " + policyName() + ", vs work / " + processes + " + one JVM's start-up";
    }

    @Override
    public Result run() throws Exception {
        if (cluster) {
            return runAgainstCluster();
        }
        try (LocalRedisServer redis = LocalRedisServer.start();
                TempDirectories.Batch directories = TempDirectories.batch(name)) {
            ClassDataArchive archive = writeArchive(redis, directories);
            for (int i = 0; i < warmups; i++) {
                startupSeconds(single(redis), archive.jvmOptions(), directories.create("warm-startup"));
                round(single(redis), archive.jvmOptions(), directories.create("warm-round"));
            }
            Samples.Recorder startups = new Samples.Recorder();
            Samples.Recorder seconds = new Samples.Recorder();
            Samples.Recorder firstRuns = new Samples.Recorder();
            Samples.Recorder allRunning = new Samples.Recorder();
            int maxExecutions = 0;
            int minExecutions = Integer.MAX_VALUE;
            Round last = null;
            for (int i = 0; i < repetitions; i++) {
                startups.add(startupSeconds(single(redis), archive.jvmOptions(), directories.create("startup")));
                last = round(single(redis), archive.jvmOptions(), directories.create("round"));
                seconds.add(last.seconds());
                firstRuns.add(last.firstRun());
                allRunning.add(last.allNodesRunning());
                maxExecutions = Math.max(maxExecutions, last.executions());
                minExecutions = Math.min(minExecutions, last.executions());
            }
            double startup = startups.samples().median();
            double work = (double) tasks * sleepMillis / 1000 / processes;
            double ideal = work + startup;
            double median = seconds.samples().median();
            Result result = Result.of(name)
                    .with("policy", policyName())
                    .with("processes", processes)
                    .with("tasks", tasks)
                    .with("executions", maxExecutions)
                    .with("executions_min", minExecutions)
                    .with("seconds", median)
                    .with("ideal_seconds", ideal)
                    .with("ratio", median / ideal)
                    .with("startup_seconds", startup)
                    .with("cds", archive.used() ? "yes" : "no");
            if (policy != CollisionPolicy.FAIL) {
                double target = policy == CollisionPolicy.DEFER ? TARGET_FACTOR : WAIT_TARGET_FACTOR;
                result = result.with("target_ratio", target)
                        .withVerdict("met", maxExecutions == tasks && minExecutions == tasks && median <= target * ideal);
            }
            return result
                    .with("seconds_min", seconds.samples().min())
                    .with("seconds_max", seconds.samples().max())
                    .with("first_run_s", firstRuns.samples().median())
                    .with("all_nodes_running_s", allRunning.samples().median())
                    .with("after_start_ratio", (median - allRunning.samples().median()) / work)
                    .with("ran_per_node", last.ranPerNode())
                    .with("workers_per_node", WORKERS_PER_NODE)
                    .with("reps", repetitions);
        }
    }

    /**
     * Rounds against one redis-server and against the cluster, alternated (warm-ups first), so both
     * see the same machine load; the class-data archive as for the other policies.
     */
    private Result runAgainstCluster() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start(); LocalRedisCluster nodes = LocalRedisCluster.start();
                TempDirectories.Batch directories = TempDirectories.batch(name)) {
            List<String> single = single(redis);
            List<String> clustered = List.of("host=", "port=", "cluster=" + String.join(",", nodes.nodes()));
            ClassDataArchive archive = writeArchive(redis, directories);
            for (int i = 0; i < warmups; i++) {
                round(single, archive.jvmOptions(), directories.create("warm-single"));
                round(clustered, archive.jvmOptions(), directories.create("warm-cluster"));
            }
            Samples.Recorder singleSeconds = new Samples.Recorder();
            Samples.Recorder clusterSeconds = new Samples.Recorder();
            int maxExecutions = 0;
            int minExecutions = Integer.MAX_VALUE;
            Round last = null;
            for (int i = 0; i < repetitions; i++) {
                singleSeconds.add(round(single, archive.jvmOptions(), directories.create("single")).seconds());
                last = round(clustered, archive.jvmOptions(), directories.create("cluster"));
                clusterSeconds.add(last.seconds());
                maxExecutions = Math.max(maxExecutions, last.executions());
                minExecutions = Math.min(minExecutions, last.executions());
            }
            double median = clusterSeconds.samples().median();
            double singleMedian = singleSeconds.samples().median();
            return Result.of(name)
                    .with("policy", policyName())
                    .with("processes", processes)
                    .with("tasks", tasks)
                    .with("primaries", nodes.primaryPorts().size())
                    .with("executions", maxExecutions)
                    .with("executions_min", minExecutions)
                    .with("seconds", median)
                    .with("single_seconds", singleMedian)
                    .with("ratio", median / singleMedian)
                    .with("target_ratio", CLUSTER_TARGET_FACTOR)
                    .withVerdict("met", maxExecutions == tasks && minExecutions == tasks
                            && median <= CLUSTER_TARGET_FACTOR * singleMedian)
                    .with("seconds_min", clusterSeconds.samples().min())
                    .with("seconds_max", clusterSeconds.samples().max())
                    .with("ran_per_node", last.ranPerNode())
                    .with("cds", archive.used() ? "yes" : "no")
                    .with("reps", repetitions);
        }
    }

    private static List<String> single(LocalRedisServer redis) {
        return List.of("host=" + redis.host(), "port=" + redis.port());
    }

    /**
     * Before any round: one node started alone writes the class-data archive every later node maps,
     * when {@link ClassDataArchive} allows one.
     *
     * @return the archive, written if enabled
     */
    ClassDataArchive writeArchive(LocalRedisServer redis, TempDirectories.Batch directories) throws Exception {
        ClassDataArchive archive = ClassDataArchive.in(directories.create("cds"));
        if (archive.enabled()) {
            startupSeconds(redis, archive.writingOptions(), directories.create("cds-training"));
            archive.keepWritten();
        }
        return archive;
    }

    private String policyName() {
        return policy.name().toLowerCase(Locale.ROOT);
    }

    /**
     * One round: wall time from launch to the last exit, run() calls counted, each node's share, and
     * when (after launch) the first run() started and when every node had started one.
     */
    record Round(double seconds, int executions, String ranPerNode, double firstRun, double allNodesRunning) {
    }

    Round round(LocalRedisServer redis, List<String> cdsOptions, Path directory) throws Exception {
        return round(List.of("host=" + redis.host(), "port=" + redis.port()), cdsOptions, directory);
    }

    /**
     * @param where the nodes' arguments saying where Redis is: host and port, a Redis Cluster's seed nodes
     *     (cluster), or a Sentinel deployment's (sentinel-master, sentinel-nodes); with either, host and port
     *     are placeholders
     * @param cdsOptions the class-data archive's JVM options
     * @param directory the round's directory
     * @return the round, checked
     * @throws Exception when a node fails or an output is wrong
     */
    Round round(List<String> where, List<String> cdsOptions, Path directory) throws Exception {
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        Path log = directory.resolve("executions.log");
        String prefix = "contention-" + directory.getFileName();
        List<Process> nodes = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        long launchedAt = System.currentTimeMillis();
        long begin = System.nanoTime();
        try {
            for (int i = 0; i < processes; i++) {
                nodes.add(launch(where, cdsOptions, directory, workspace, prefix, tasks, log, "node-" + i));
            }
            for (Process node : nodes) {
                exits.add(awaitExit(node));
            }
        } finally {
            nodes.forEach(Process::destroyForcibly);
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        ContendedGather root = ContendedGather.of(tasks, sleepMillis);
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            String[] words = checkedReport(directory, "node-" + i, root.expected(), exits.get(i));
            ran.add(words[2]);
        }
        List<String[]> lines = ExecutionLog.read(log, 0);
        Map<String, Long> perTask = lines.stream().collect(Collectors.groupingBy(words -> words[1], TreeMap::new,
                Collectors.counting()));
        checkOutputs(workspace, root, root.sleepers(), root.expected());
        if (perTask.size() != tasks) {
            throw new IllegalStateException(perTask.size() + " of the " + tasks + " tasks ran, yet every output exists: "
                    + "the execution log " + log + " misses runs");
        }
        long firstRun = lines.stream().mapToLong(words -> Long.parseLong(words[2])).min().orElse(launchedAt);
        long allNodesRunning = lines.stream().collect(Collectors.groupingBy(words -> words[3],
                Collectors.mapping(words -> Long.parseLong(words[2]), Collectors.minBy(Long::compare)))).values().stream()
                .mapToLong(first -> first.orElseThrow()).max().orElse(launchedAt);
        return new Round(seconds, lines.size(), String.join("/", ran), (firstRun - launchedAt) / 1e3,
                (allNodesRunning - launchedAt) / 1e3);
    }

    private double startupSeconds(LocalRedisServer redis, List<String> cdsOptions, Path directory) throws Exception {
        return startupSeconds(List.of("host=" + redis.host(), "port=" + redis.port()), cdsOptions, directory);
    }

    /**
     * @param where the nodes' arguments saying where Redis is, as for {@link #round(List, List, Path)}
     * @param cdsOptions the class-data archive's JVM options
     * @param directory the directory of this start
     * @return the seconds one node takes to start, build the root alone and exit
     * @throws Exception when the node fails
     */
    double startupSeconds(List<String> where, List<String> cdsOptions, Path directory) throws Exception {
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        long begin = System.nanoTime();
        Process node = launch(where, cdsOptions, directory, workspace, "startup-" + directory.getFileName(), 0,
                directory.resolve("executions.log"), "startup");
        int exit;
        try {
            exit = awaitExit(node);
        } finally {
            node.destroyForcibly();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        checkedReport(directory, "startup", 0, exit);
        return seconds;
    }

    private Process launch(List<String> where, List<String> cdsOptions, Path directory, Path workspace, String prefix, int taskCount,
            Path log, String node) {
        List<String> options = new ArrayList<>(BenchJvm.SHORT_LIVED);
        options.addAll(cdsOptions);
        List<String> arguments = new ArrayList<>(where);
        arguments.addAll(List.of("workspace=" + workspace, "prefix=" + prefix,
                "policy=" + policyName(), "tasks=" + taskCount, "sleep-ms=" + sleepMillis,
                "workers=" + WORKERS_PER_NODE, "retry-count=" + RETRY_COUNT, "retry-delay=" + RETRY_DELAY));
        return BenchJvm.start(ContentionWorker.class, options, Map.of(ExecutionLog.PROPERTY, log.toString()),
                arguments, directory.resolve(node + ".err"), directory.resolve(node + ".out"));
    }

    private static int awaitExit(Process node) throws InterruptedException {
        if (!node.waitFor(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS)) {
            node.destroyForcibly();
            throw new IllegalStateException("a node (pid " + node.pid() + ") did not exit within " + HANG_GUARD);
        }
        return node.exitValue();
    }

    /** @return the words of the node's {@code ok SUM RAN} line, checked */
    private static String[] checkedReport(Path directory, String node, long expectedSum, int exit) throws IOException {
        Path out = directory.resolve(node + ".out");
        String text = Files.exists(out) ? Files.readString(out) : "";
        String[] words = text.strip().split("\\s+");
        if (exit != 0 || words.length != 3 || !words[0].equals("ok") || !words[1].equals(Long.toString(expectedSum))) {
            String err = Files.exists(directory.resolve(node + ".err")) ? Files.readString(directory.resolve(node + ".err")) : "";
            throw new IllegalStateException(node + " did not exit 0 (it exited " + exit + ") after 'ok " + expectedSum
                    + " N'; it printed:\n" + text
                    + "\nand on stderr:\n" + err);
        }
        return words;
    }

    /**
     * Every output of the DAG exists and holds the right value; no temporary file is left.
     *
     * @param root {@link ContendedGather} or {@link ContendedSum}
     * @param sleepers its sleepers
     * @param expected the sum it must hold
     * @throws IllegalStateException when an output is missing or wrong, or a temporary file is left
     */
    static void checkOutputs(Path workspace, Task<Long> root, List<ContendedSleeper> sleepers, long expected) {
        try (Kart reader = Kart.builder().workspace(workspace).set("kart.lock.backend", "in-memory")
                .set("kart.durable", false).set("kart.task-info.enabled", false).build()) {
            List<String> missing = reader.graph(root).stream().filter(node -> !reader.isComplete(node.task()))
                    .map(TaskRef::label).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("outputs missing after every node succeeded: " + missing);
            }
            for (ContendedSleeper sleeper : sleepers) {
                int value = reader.build(sleeper);
                if (value != sleeper.index()) {
                    throw new IllegalStateException("the output of " + sleeper + " is " + value);
                }
            }
            long sum = reader.build(root);
            if (sum != expected) {
                throw new IllegalStateException("the root's output is " + sum + ", expected " + expected);
            }
        }
        try (Stream<Path> files = Files.walk(workspace)) {
            List<Path> temporary = files.filter(p -> p.getFileName().toString().endsWith(dev.kart.core.internal.storage.AtomicPublisher.TEMP_SUFFIX)).toList();
            if (!temporary.isEmpty()) {
                throw new IllegalStateException("temporary files left in the workspace: " + temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
