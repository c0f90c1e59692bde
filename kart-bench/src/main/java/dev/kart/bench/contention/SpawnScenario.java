package dev.kart.bench.contention;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.bench.process.ClassDataArchive;
import dev.kart.bench.process.ExecutionLog;
import dev.kart.bench.process.GokartBaseline;
import dev.kart.bench.process.LauncherCheckout;
import dev.kart.task.CollisionPolicy;
import dev.kart.test.support.redis.LocalRedisServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * {@code contention-spawn-defer}, {@code -fail} and {@code -wait} (issue 14): the contention DAG
 * built the way a user builds it on four machines, but on this one: K {@code bin/kart run} processes
 * (this checkout's launcher script with its class-data archive, and its runnable jar
 * {@code kart-cli/target/kart.jar}) started at once against one redis-server (started by the
 * scenario) and one workspace, each running
 * {@code bin/kart run dev.kart.bench.contention.ContendedSum --tasks=N --sleep-ms=250 --classpath
 * <kart-bench's jar> --redis-host=... --redis-port=... --workspace=... --workers 1
 * -D kart.lock.on-collision=<policy>} ({@link ContendedSum}: N independent {@code @RunWithLock}
 * sleepers of 250 ms under a root that sums them), timed from spawning the first process to the
 * last exit. Every process also gets the settings {@link ContentionScenario}'s node JVMs run with:
 * {@code kart.durable = false}, {@code kart.retry.count} = {@value ContentionScenario#RETRY_COUNT}
 * and {@code kart.retry.delay} = {@value ContentionScenario#RETRY_DELAY} (which only fail uses), and
 * a key prefix of the round's own, so that the two series differ in how the nodes start only.
 *
 * <p>Before the rounds, one {@code bin/kart run} of the same build alone, in a workspace of its
 * own, writes {@code bin/kart}'s class-data archive (in a directory of the scenario's,
 * {@code KART_CDS_DIR}), as a user's first run would; every later process maps it. Then 1 warm-up
 * round and {@value #ROUNDS_PROPERTY} measured ones (default: the constructor's), each timing, in
 * an order rotating from round to round: the K {@code bin/kart} processes, and as the baseline the
 * same build by K of kart-bench's own node JVMs ({@link ContentionWorker}, lighter to start:
 * C1 only, serial GC, an archive of their own; {@link ContentionScenario#round}); for wait, also
 * the K {@code bin/kart} processes with defer, for the target below. Every round is checked as
 * {@link ContentionScenario} checks its own: every process exits 0 having printed that its build
 * succeeded, every output in the workspace is there and right, no temporary file is left, and
 * every sleeper ran (counted in an {@link ExecutionLog} per process, its path given to the JVM in
 * {@code JAVA_OPTS}); a sleeper run twice is counted, not hidden.
 *
 * <p>For defer, with {@value GokartBaseline#PYTHON_PROPERTY} set ({@link GokartBaseline}), gokart's
 * own build takes its turn in every round too: K python processes started at once, each building
 * the same DAG written for gokart ({@code contended_sum.py}: the sleepers with
 * {@code should_lock_run}, {@code gokart.build(root, workers=1)}, which builds again after a
 * backoff while another process holds a sleeper's run lock), timed from spawn to the last exit and
 * checked the same way (every process succeeded with the right sum, every sleeper ran, counted in
 * the execution logs).
 *
 * <p>Targets (issue 14): defer at most {@value #TARGET_TO_GOKART} × gokart's {@code should_lock_run}
 * build in the same rounds ({@code seconds_to_gokart}, the median of the rounds' ratios) when gokart
 * is measured, else at most {@value #TARGET_DEFER_SECONDS} s ({@value #TARGET_TO_GOKART} × the
 * {@value #GOKART_SECONDS} s the issue measured); wait at most {@value #TARGET_WAIT_TO_DEFER} ×
 * defer in the same rounds; each also needs every sleeper run exactly once in every round. None for
 * fail.
 */
public final class SpawnScenario implements Scenario {
    /** System property overriding the number of measured rounds (a positive whole number). */
    public static final String ROUNDS_PROPERTY = "kart.bench.spawn.rounds";
    /** How many times in a row a round of gokart's is tried before its failure ends the scenario. */
    static final int GOKART_TRIES = 3;
    /** gokart's {@code should_lock_run} median on this machine, in seconds (issue 14, 40 runs). */
    public static final double GOKART_SECONDS = 4.86;
    /** The largest ratio of defer's time to gokart's {@code should_lock_run} build's, in the same rounds. */
    public static final double TARGET_TO_GOKART = 0.7;
    /** The largest median for defer, in seconds, when gokart is not measured: 0.7 × {@link #GOKART_SECONDS}. */
    public static final double TARGET_DEFER_SECONDS = 3.4;
    /** The largest ratio of wait's time to defer's, the median of the rounds' ratios. */
    public static final double TARGET_WAIT_TO_DEFER = 1.3;

    private static final Duration HANG_GUARD = Duration.ofMinutes(5);
    /** What {@code kart run} prints on stdout when the build succeeded. */
    private static final String SUCCEEDED = "This build succeeded";
    /** Variables of reference.conf and bin/kart that would change what the processes do. */
    private static final List<String> CLEARED = List.of("JAVA_HOME", "KART_CDS", "KART_WORKSPACE", "KART_WORKERS",
            "KART_LOCK_BACKEND", "KART_REDIS_HOST", "KART_REDIS_PASSWORD");

    private final String name;
    private final CollisionPolicy policy;
    private final int processes;
    private final int tasks;
    private final int sleepMillis;
    private final int warmups;
    private final int rounds;

    /**
     * @param name the scenario's name
     * @param policy the collision policy of every process
     * @param processes how many {@code bin/kart run} processes build at once
     * @param tasks how many sleepers
     * @param sleepMillis how long each sleeps
     * @param warmups untimed rounds first
     * @param rounds timed rounds, unless {@value #ROUNDS_PROPERTY} says otherwise; medians are reported
     */
    public SpawnScenario(String name, CollisionPolicy policy, int processes, int tasks, int sleepMillis, int warmups,
            int rounds) {
        this.name = name;
        this.policy = policy;
        this.processes = processes;
        this.tasks = tasks;
        this.sleepMillis = sleepMillis;
        this.warmups = warmups;
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return processes + " bin/kart run processes build " + tasks + " @RunWithLock tasks of " + sleepMillis
                + " ms against one redis-server, on-collision = " + policyName(policy) + ", spawn to last exit, vs "
                + processes + " of kart-bench's node JVMs"
                + (policy == CollisionPolicy.DEFER ? " and, with -D" + GokartBaseline.PYTHON_PROPERTY + "=PYTHON, gokart's"
                        + " should_lock_run build from " + processes + " python processes" : "")
                + "; " + rounds + " rounds unless -D" + ROUNDS_PROPERTY + "=N";
    }

    @Override
    public Result run() throws Exception {
        int measured = rounds();
        LauncherCheckout checkout = LauncherCheckout.ofBench();
        Path launcher = checkout.existing("bin/kart");
        Path jar = checkout.existing("kart-cli/target/kart.jar");
        String taskPath = LauncherCheckout.benchCodeSource();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String loadAtStart = loadAverage();
        try (LocalRedisServer redis = LocalRedisServer.start();
                TempDirectories.Batch directories = TempDirectories.batch(name)) {
            Path archives = directories.create("kart-cds");
            Spawner kart = new Spawner(launcher, jar, java, archives, taskPath, redis);
            long firstBegin = System.nanoTime();
            kart.round(policy, 1, directories.create("first-run"));
            double firstRunSeconds = (System.nanoTime() - firstBegin) / 1e9;
            boolean cds = LauncherCheckout.hasArchive(archives);

            ContentionScenario nodes = new ContentionScenario(name, policy, processes, tasks, sleepMillis, 0, 0);
            ClassDataArchive nodeArchive = nodes.writeArchive(redis, directories);
            Series spawned = new Series(() -> kart.round(policy, processes, directories.create("spawn")));
            Series benchNodes = new Series(() -> nodes.round(redis, nodeArchive.jvmOptions(), directories.create("nodes")));
            Series deferSpawned = new Series(() -> kart.round(CollisionPolicy.DEFER, processes, directories.create("spawn-defer")));
            List<Series> all = new ArrayList<>(policy == CollisionPolicy.WAIT ? List.of(spawned, benchNodes, deferSpawned)
                    : List.of(spawned, benchNodes));
            Optional<GokartBaseline> gokart = policy == CollisionPolicy.DEFER ? GokartBaseline.configured() : Optional.empty();
            Optional<GokartSpawner> gokartSpawner = gokart.map(baseline -> new GokartSpawner(baseline,
                    baseline.writeContentionScript(directories.create("gokart")), redis));
            // gokart fails a round now and then on its own (docs/benchmarks.md, "The gokart baseline"): such a
            // round is tried again, and counted
            RetriedRounds gokartRetries = new RetriedRounds(name + ": gokart", GOKART_TRIES, System.err);
            Optional<Series> gokartSpawned = gokartSpawner.map(spawner -> new Series(() -> gokartRetries.untilSucceeded(
                    () -> spawner.round(directories.create("gokart-spawn")))));
            gokartSpawned.ifPresent(all::add);
            for (int round = 0; round < warmups + measured; round++) {
                boolean timed = round >= warmups;
                for (int i = 0; i < all.size(); i++) {
                    all.get((round + i) % all.size()).measure(timed);
                }
            }

            double median = spawned.seconds().median();
            Result result = Result.of(name)
                    .with("policy", policyName(policy))
                    .with("processes", processes)
                    .with("tasks", tasks)
                    .with("executions", spawned.maxExecutions)
                    .with("executions_min", spawned.minExecutions)
                    .with("seconds", median)
                    .with("seconds_min", spawned.seconds().min())
                    .with("seconds_max", spawned.seconds().max())
                    .with("bench_nodes_seconds", benchNodes.seconds().median())
                    .with("seconds_to_bench_nodes", ratios(spawned, benchNodes).median())
                    .with("bench_nodes_executions_min", benchNodes.minExecutions);
            boolean exactlyOnce = spawned.minExecutions == tasks && spawned.maxExecutions == tasks;
            if (policy == CollisionPolicy.DEFER && gokartSpawned.isPresent()) {
                Series gokartRounds = gokartSpawned.get();
                double toGokart = ratios(spawned, gokartRounds).median();
                result = result.with("gokart", "measured")
                        .with("gokart_seconds", gokartRounds.seconds().median())
                        .with("gokart_seconds_min", gokartRounds.seconds().min())
                        .with("gokart_seconds_max", gokartRounds.seconds().max())
                        .with("gokart_executions_min", gokartRounds.minExecutions)
                        .with("gokart_executions", gokartRounds.maxExecutions)
                        .with("gokart_all_running_s", gokartRounds.allRunning().median())
                        .with("gokart_failed_rounds", gokartRetries.failed())
                        .with("seconds_to_gokart", toGokart)
                        .with("target_to_gokart", TARGET_TO_GOKART)
                        .withVerdict("met", exactlyOnce && toGokart <= TARGET_TO_GOKART);
            } else if (policy == CollisionPolicy.DEFER) {
                result = result.with("gokart", "none")
                        .with("target_seconds", TARGET_DEFER_SECONDS)
                        .withVerdict("met", exactlyOnce && median <= TARGET_DEFER_SECONDS);
            } else if (policy == CollisionPolicy.WAIT) {
                double toDefer = ratios(spawned, deferSpawned).median();
                result = result.with("defer_seconds", deferSpawned.seconds().median())
                        .with("defer_executions_min", deferSpawned.minExecutions)
                        .with("seconds_to_defer", toDefer)
                        .with("target_to_defer", TARGET_WAIT_TO_DEFER)
                        .withVerdict("met", exactlyOnce && toDefer <= TARGET_WAIT_TO_DEFER);
            }
            return result
                    .with("first_run_s", spawned.firstRuns().median())
                    .with("all_nodes_running_s", spawned.allRunning().median())
                    .with("bench_nodes_all_running_s", benchNodes.allRunning().median())
                    .with("ran_per_node", spawned.last.ranPerNode())
                    .withVerdict("cds", cds)
                    .withVerdict("bench_nodes_cds", nodeArchive.used())
                    .with("first_kart_run_s", firstRunSeconds)
                    .with("load_start", loadAtStart)
                    .with("load_end", loadAverage())
                    .with("workers_per_node", ContentionScenario.WORKERS_PER_NODE)
                    .with("reps", measured);
        }
    }

    /** @return the measured rounds: {@value #ROUNDS_PROPERTY} if set, else the constructor's */
    private int rounds() {
        String value = System.getProperty(ROUNDS_PROPERTY);
        if (value == null || value.isBlank()) {
            return rounds;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("-D" + ROUNDS_PROPERTY + "=" + value + " is not a number of rounds;"
                + " expected a whole number of at least 1, such as 40");
    }

    private static String policyName(CollisionPolicy policy) {
        return policy.name().toLowerCase(Locale.ROOT);
    }

    /** @return per round, the first series' seconds divided by the second's */
    private static Samples ratios(Series measured, Series baseline) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < measured.rounds.size(); i++) {
            ratios.add(measured.rounds.get(i).seconds() / baseline.rounds.get(i).seconds());
        }
        return Samples.of(ratios);
    }

    /** @return the 1-minute load average from {@code /proc/loadavg}, or {@code unknown} */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** A measurement of one round. */
    @FunctionalInterface
    private interface RoundAction {
        ContentionScenario.Round run() throws Exception;
    }

    /** The rounds of one kind of process: bin/kart with a policy, or the bench's own nodes. Not thread-safe. */
    private static final class Series {
        private final RoundAction action;
        private final List<ContentionScenario.Round> rounds = new ArrayList<>();
        private int maxExecutions;
        private int minExecutions = Integer.MAX_VALUE;
        private ContentionScenario.Round last;

        Series(RoundAction action) {
            this.action = action;
        }

        void measure(boolean timed) throws Exception {
            ContentionScenario.Round round = action.run();
            if (timed) {
                rounds.add(round);
                maxExecutions = Math.max(maxExecutions, round.executions());
                minExecutions = Math.min(minExecutions, round.executions());
                last = round;
            }
        }

        Samples seconds() {
            return Samples.of(rounds.stream().map(ContentionScenario.Round::seconds).toList());
        }

        Samples firstRuns() {
            return Samples.of(rounds.stream().map(ContentionScenario.Round::firstRun).toList());
        }

        Samples allRunning() {
            return Samples.of(rounds.stream().map(ContentionScenario.Round::allNodesRunning).toList());
        }
    }

    /** Starts {@code bin/kart run} processes of the contention build, and checks what they did. */
    private final class Spawner {
        private final Path launcher;
        private final Path jar;
        private final String java;
        private final Path archives;
        private final String taskPath;
        private final LocalRedisServer redis;

        Spawner(Path launcher, Path jar, String java, Path archives, String taskPath, LocalRedisServer redis) {
            this.launcher = launcher;
            this.jar = jar;
            this.java = java;
            this.archives = archives;
            this.taskPath = taskPath;
            this.redis = redis;
        }

        /**
         * One round: {@code count} processes started at once, timed from spawning the first to the
         * last exit, checked.
         */
        ContentionScenario.Round round(CollisionPolicy collisionPolicy, int count, Path directory) throws Exception {
            Path workspace = Files.createDirectories(directory.resolve("workspace"));
            String prefix = "spawn-" + directory.getFileName();
            Launched launched = launch(count, i -> start(collisionPolicy, directory, workspace, prefix, "node-" + i));
            for (int i = 0; i < count; i++) {
                checkSucceeded(directory, "node-" + i, launched.exits().get(i), SUCCEEDED, "bin/kart run");
            }
            ContendedSum root = new ContendedSum(tasks, sleepMillis);
            ContentionScenario.checkOutputs(workspace, root, root.sleepers(), root.expected());
            return tally(directory, count, launched);
        }

        private Process start(CollisionPolicy collisionPolicy, Path directory, Path workspace, String prefix, String node) {
            List<String> command = List.of("bash", launcher.toString(), "run", ContendedSum.class.getName(),
                    "--tasks=" + tasks, "--sleep-ms=" + sleepMillis, "--classpath", taskPath,
                    "--redis-host=" + redis.host(), "--redis-port=" + redis.port(), "--workspace=" + workspace,
                    "--workers", Integer.toString(ContentionScenario.WORKERS_PER_NODE),
                    "-D", "kart.lock.on-collision=" + policyName(collisionPolicy),
                    "-D", "kart.lock.prefix=" + prefix,
                    "-D", "kart.durable=false",
                    "-D", "kart.retry.count=" + ContentionScenario.RETRY_COUNT,
                    "-D", "kart.retry.delay=" + ContentionScenario.RETRY_DELAY);
            Path log = directory.resolve(node + ".log");
            if (log.toString().contains(" ")) {
                throw new IllegalStateException("the execution log's path " + log + " has a space, which bin/kart would"
                        + " split in JAVA_OPTS; set java.io.tmpdir to a path without one");
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(directory.resolve(node + ".out").toFile())
                    .redirectError(directory.resolve(node + ".err").toFile());
            Map<String, String> environment = builder.environment();
            CLEARED.forEach(environment::remove);
            environment.put("JAVA", java);
            environment.put("KART_JAR", jar.toString());
            environment.put("KART_CDS_DIR", archives.toString());
            environment.put("JAVA_OPTS", "-D" + ExecutionLog.PROPERTY + "=" + log);
            try {
                return builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
            }
        }
    }

    /**
     * @return the round's executions from the nodes' {@link ExecutionLog}s ({@code node-I.log} in the
     *     round's directory), and when the first node, and the last, began its first sleeper
     * @throws IllegalStateException when a sleeper ran in no node
     */
    private ContentionScenario.Round tally(Path directory, int count, Launched launched) {
        long launchedAt = launched.launchedAtMillis();
        Map<String, Integer> perTask = new TreeMap<>();
        List<String> ran = new ArrayList<>();
        int executions = 0;
        long firstRun = Long.MAX_VALUE;
        long allNodesRunning = launchedAt;
        for (int i = 0; i < count; i++) {
            List<String[]> lines = ExecutionLog.read(directory.resolve("node-" + i + ".log"), 0);
            ran.add(Integer.toString(lines.size()));
            executions += lines.size();
            long nodeFirst = Long.MAX_VALUE;
            for (String[] words : lines) {
                perTask.merge(words[1], 1, Integer::sum);
                nodeFirst = Math.min(nodeFirst, Long.parseLong(words[2]));
            }
            if (!lines.isEmpty()) {
                firstRun = Math.min(firstRun, nodeFirst);
                allNodesRunning = Math.max(allNodesRunning, nodeFirst);
            }
        }
        if (perTask.size() != tasks) {
            throw new IllegalStateException(perTask.size() + " of the " + tasks + " tasks ran, yet every node's build"
                    + " succeeded: the execution logs in " + directory + " miss runs");
        }
        return new ContentionScenario.Round(launched.seconds(), executions, String.join("/", ran),
                (firstRun == Long.MAX_VALUE ? 0 : firstRun - launchedAt) / 1e3, (allNodesRunning - launchedAt) / 1e3);
    }

    /**
     * A round's processes, once all have exited.
     *
     * @param launchedAtMillis when the first was started (epoch ms, as the execution logs' times)
     * @param seconds from starting the first to the last exit
     * @param exits their exit codes, in the order they were started
     */
    private record Launched(long launchedAtMillis, double seconds, List<Integer> exits) {
    }

    /** Starts {@code count} processes at once and waits for all of them; any still running on failure is killed. */
    private static Launched launch(int count, IntFunction<Process> start) throws InterruptedException {
        List<Process> nodes = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        long launchedAt = System.currentTimeMillis();
        long begin = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                nodes.add(start.apply(i));
            }
            for (Process node : nodes) {
                exits.add(awaitExit(node));
            }
        } finally {
            nodes.forEach(SpawnScenario::destroy);
        }
        return new Launched(launchedAt, (System.nanoTime() - begin) / 1e9, List.copyOf(exits));
    }

    private static int awaitExit(Process node) throws InterruptedException {
        if (!node.waitFor(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS)) {
            destroy(node);
            throw new IllegalStateException("a node process (pid " + node.pid() + ") did not exit within " + HANG_GUARD);
        }
        return node.exitValue();
    }

    /** Its children too: bin/kart runs the JVM as a child of its own while it writes the archive. */
    private static void destroy(Process node) {
        node.descendants().forEach(ProcessHandle::destroyForcibly);
        node.destroyForcibly();
    }

    private static void checkSucceeded(Path directory, String node, int exit, String succeeded, String what)
            throws IOException {
        String out = Files.readString(directory.resolve(node + ".out"));
        if (exit != 0 || !out.contains(succeeded)) {
            String err = Files.readString(directory.resolve(node + ".err"));
            throw new NodeFailedException(what + " (" + node + ") did not exit 0 after '" + succeeded
                    + "'; it exited " + exit + " and printed:\n" + out + "\nand on stderr:\n" + err, directory, err);
        }
    }

    /** Starts gokart's processes of the contention build ({@code contended_sum.py}), and checks what they did. */
    private final class GokartSpawner {
        private final GokartBaseline gokart;
        private final Path script;
        private final LocalRedisServer redis;

        GokartSpawner(GokartBaseline gokart, Path script, LocalRedisServer redis) {
            this.gokart = gokart;
            this.script = script;
            this.redis = redis;
        }

        /** One round: the processes started at once, timed from spawning the first to the last exit, checked. */
        ContentionScenario.Round round(Path directory) throws Exception {
            Path workspace = Files.createDirectories(directory.resolve("workspace"));
            Launched launched = launch(processes, i -> start(directory, workspace, "node-" + i));
            for (int i = 0; i < processes; i++) {
                checkSucceeded(directory, "node-" + i, launched.exits().get(i), GokartBaseline.SUCCEEDED,
                        "gokart's " + script);
            }
            return tally(directory, processes, launched);
        }

        private Process start(Path directory, Path workspace, String node) {
            List<String> command = gokart.contentionCommand(script, tasks, sleepMillis, redis.host(), redis.port(),
                    workspace, directory.resolve(node + ".log"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(directory.resolve(node + ".out").toFile())
                    .redirectError(directory.resolve(node + ".err").toFile());
            Map<String, String> environment = builder.environment();
            gokart.environment().forEach((key, value) -> {
                if (value == null) {
                    environment.remove(key);
                } else {
                    environment.put(key, value);
                }
            });
            try {
                return builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
            }
        }
    }
}
