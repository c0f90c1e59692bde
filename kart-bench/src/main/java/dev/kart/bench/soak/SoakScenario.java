package dev.kart.bench.soak;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.bench.process.BenchJvm;
import dev.kart.bench.process.ExecutionLog;
import dev.kart.core.Kart;
import dev.kart.core.TaskRef;
import dev.kart.test.support.redis.LocalRedisServer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code soak-redis}: K long-lived node JVMs ({@link SoakWorker}, 2 workers each; half of them with
 * the defer collision policy, half with wait) build a random DAG of N {@code @RunWithLock} tasks
 * ({@link SoakDag}, from a seed that is printed) again and again, against one redis-server and one
 * workspace, for a set time. Round 0 builds everything. Between rounds, while no node builds, the
 * scenario removes the outputs of a random subset of tasks (1 to N/10 tasks, or all of them one
 * round in 20) together with the outputs of everything downstream of them, through kart's
 * {@code remove} under the exclusive cache lock, as a user invalidating results would; then all K
 * nodes build the root at once. Every {@code run()} appends {@code ROUND TASK PID} to an
 * {@link ExecutionLog} opened with {@code O_APPEND}.
 *
 * <p>After each round: every one of the N outputs must exist and hold {@link SoakLedger#expectedValues
 * its expected value} (its value depends on the round it ran in and on its inputs' values, so a run
 * in the wrong round or on a stale input shows); each that does not is a <b>lost output</b> (and is
 * removed with its downstream before the next round, so it is counted once). A <b>duplicate run</b>
 * is a {@code run()} of a task that had already run since its output was last removed. An
 * <b>error</b> is a build that failed, an attempt that failed (even if a retry succeeded: with wait
 * and defer a collision is never a failure), a run logged under another round's number, a node that
 * did not exit cleanly, or a temporary file left in the workspace at the end. Target: zero of each.
 *
 * <p>The duration is a constructor argument (default 10 minutes), overridden by the system property
 * {@value #DURATION_PROPERTY} (a HOCON duration such as {@code 90s} or {@code 10m}); the seed is
 * random unless {@value #SEED_PROPERTY} gives one. The last round starts before the duration ends and
 * at least {@value #MIN_ROUNDS} rounds run.
 */
public final class SoakScenario implements Scenario {
    /** System property overriding the duration. */
    public static final String DURATION_PROPERTY = "kart.bench.soak.duration";
    /** System property fixing the seed, to replay a soak. */
    public static final String SEED_PROPERTY = "kart.bench.soak.seed";
    /** The soak's length unless told otherwise. */
    public static final Duration DEFAULT_DURATION = Duration.ofMinutes(10);
    /** Rounds run whatever the duration: the first build and two rebuilds. */
    public static final int MIN_ROUNDS = 3;
    /** Worker threads per node. */
    public static final int WORKERS_PER_NODE = 2;
    /** Retries of a failed task (kart.retry.count); every failed attempt is counted as an error anyway. */
    public static final int RETRY_COUNT = 3;
    /** Delay between retries (kart.retry.delay). */
    public static final String RETRY_DELAY = "200ms";
    private static final Duration HANG_GUARD = Duration.ofMinutes(5);
    private static final String[] POLICIES = {"defer", "wait"};

    private final String name;
    private final int size;
    private final int processes;
    private final Duration duration;

    /**
     * @param name the scenario's name
     * @param size how many tasks the DAG has, the root included
     * @param processes how many node JVMs
     */
    public SoakScenario(String name, int size, int processes) {
        this(name, size, processes, DEFAULT_DURATION);
    }

    /**
     * @param name the scenario's name
     * @param size how many tasks the DAG has, the root included
     * @param processes how many node JVMs
     * @param duration how long to go on starting rounds, unless {@value #DURATION_PROPERTY} says otherwise
     */
    public SoakScenario(String name, int size, int processes, Duration duration) {
        this.name = name;
        this.size = size;
        this.processes = processes;
        this.duration = duration;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return processes + " JVMs rebuild a random " + size + "-task @RunWithLock DAG against one redis-server for "
                + (duration.toSeconds() >= 60 ? duration.toMinutes() + " min" : duration.toSeconds() + " s") + " (-D" + DURATION_PROPERTY + "=...), random outputs removed between builds:"
                + " duplicates, lost outputs, errors";
    }

    @Override
    public Result run() throws Exception {
        Duration length = effectiveDuration();
        long seed = seed();
        SoakDag dag = SoakDag.of(seed, size);
        SoakTask root = SoakWorker.rootOf(seed, size);
        SoakLedger ledger = new SoakLedger(dag);
        Random choices = new Random(seed * 31 + 17);
        System.err.println("bench: " + name + ": seed " + seed + ", " + size + " tasks, " + processes + " nodes, for " + length);
        try (LocalRedisServer redis = LocalRedisServer.start();
                TempDirectories.Batch directories = TempDirectories.batch(name)) {
            Path directory = directories.create("soak");
            Path workspace = Files.createDirectories(directory.resolve("workspace"));
            Path log = directory.resolve("executions.log");
            String prefix = "soak";
            List<Node> nodes = new ArrayList<>();
            long errors = 0;
            long builds = 0;
            long lost = 0;
            long expectedExecutions = 0;
            int round = 0;
            double seconds;
            try (Kart coordinator = Kart.builder().workspace(workspace).workers(1).set("kart.durable", false)
                    .set("kart.task-info.enabled", false).set("kart.lock.backend", "redis").set("kart.lock.prefix", prefix)
                    .set("kart.lock.redis.host", redis.host()).set("kart.lock.redis.port", redis.port()).build()) {
                Map<Integer, SoakTask> targets = targets(coordinator, root);
                for (int i = 0; i < processes; i++) {
                    nodes.add(Node.start("node-" + i, directory, List.of("host=" + redis.host(), "port=" + redis.port(),
                            "workspace=" + workspace, "prefix=" + prefix, "seed=" + seed, "size=" + size,
                            "workers=" + WORKERS_PER_NODE, "policy=" + POLICIES[i % POLICIES.length],
                            "retry-count=" + RETRY_COUNT, "retry-delay=" + RETRY_DELAY), log));
                }
                for (Node node : nodes) {
                    node.expect("ready");
                }
                long begin = System.nanoTime();
                Set<Integer> toRemove = Set.of();
                long logOffset = 0;
                while (true) {
                    for (int task : toRemove) {
                        coordinator.remove(targets.get(task));
                    }
                    ledger.removed(round, toRemove);
                    expectedExecutions += round == 0 ? size : toRemove.size();
                    for (Node node : nodes) {
                        node.send("build " + round);
                    }
                    for (Node node : nodes) {
                        String[] answer = node.expect("built " + round).split(" ");
                        if (answer[2].equals("ok")) {
                            builds++;
                        } else {
                            errors++;
                        }
                        errors += Long.parseLong(answer[4]);
                    }
                    ledger.ran(round, ExecutionLog.read(log, logOffset));
                    logOffset = ExecutionLog.size(log);
                    Set<Integer> lostNow = lostOutputs(coordinator, root, ledger.expectedValues());
                    if (!lostNow.isEmpty()) {
                        System.err.println("bench: " + name + ": round " + round + ": outputs lost or wrong: " + lostNow);
                    }
                    lost += lostNow.size();
                    round++;
                    if (round >= MIN_ROUNDS && System.nanoTime() - begin >= length.toNanos()) {
                        break;
                    }
                    toRemove = downstreamOf(dag, chooseTasks(choices, lostNow));
                }
                seconds = (System.nanoTime() - begin) / 1e9;
                for (Node node : nodes) {
                    errors += node.quit() == 0 ? 0 : 1;
                }
            } finally {
                nodes.forEach(Node::close);
            }
            long temporary = temporaryFiles(workspace);
            errors += temporary + ledger.strays();
            return Result.of(name)
                    .with("seed", seed)
                    .with("tasks", size)
                    .with("processes", processes)
                    .with("rounds", round)
                    .with("builds", builds)
                    .with("executions", ledger.executions())
                    .with("expected_executions", expectedExecutions)
                    .with("duplicate_runs", ledger.duplicates())
                    .with("lost_outputs", lost)
                    .with("errors", errors)
                    .with("stray_runs", ledger.strays())
                    .with("temp_files", temporary)
                    .with("seconds", seconds)
                    .with("policies", IntStream.range(0, processes).mapToObj(i -> POLICIES[i % POLICIES.length])
                            .collect(Collectors.joining("/")))
                    .withVerdict("met", ledger.duplicates() == 0 && lost == 0 && errors == 0);
        }
    }

    /** @return the duration: {@value #DURATION_PROPERTY} if set, else the constructor's */
    Duration effectiveDuration() {
        String value = System.getProperty(DURATION_PROPERTY);
        if (value == null || value.isBlank()) {
            return duration;
        }
        try {
            return ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(value.strip())).getDuration("d");
        } catch (ConfigException e) {
            throw new IllegalArgumentException("-D" + DURATION_PROPERTY + "=" + value
                    + " is not a duration; expected e.g. 90s or 10m", e);
        }
    }

    private static long seed() {
        String value = System.getProperty(SEED_PROPERTY);
        if (value == null || value.isBlank()) {
            return ThreadLocalRandom.current().nextLong(1, 1L << 48);
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + "=" + value + " is not a whole number", e);
        }
    }

    /** @return every task's main output, by task number */
    private static Map<Integer, SoakTask> targets(Kart kart, SoakTask root) {
        Map<Integer, SoakTask> targets = new HashMap<>();
        for (TaskRef node : kart.graph(root)) {
            targets.put(((SoakTask) node.task()).index(), (SoakTask) node.task());
        }
        if (targets.size() != root.size()) {
            throw new IllegalStateException("the soak DAG's graph has " + targets.size() + " tasks, expected " + root.size());
        }
        return targets;
    }

    /** @return the tasks whose output is missing or holds another value than expected */
    private static Set<Integer> lostOutputs(Kart kart, SoakTask root, long[] expected) {
        Set<Integer> lost = new TreeSet<>();
        for (TaskRef node : kart.graph(root)) {
            SoakTask task = (SoakTask) node.task();
            if (!kart.isComplete(task)) {
                lost.add(task.index());
            } else if (kart.load(task) != expected[task.index()]) {
                lost.add(task.index());
            }
        }
        return lost;
    }

    /** @return the lost tasks and a random subset: 1 to size/10 tasks, or all of them one time in 20 */
    private Set<Integer> chooseTasks(Random random, Set<Integer> lost) {
        Set<Integer> chosen = new TreeSet<>(lost);
        if (random.nextInt(20) == 0) {
            IntStream.range(0, size).forEach(chosen::add);
            return chosen;
        }
        int count = 1 + random.nextInt(Math.max(1, size / 10));
        for (int i = 0; i < count; i++) {
            chosen.add(random.nextInt(size));
        }
        return chosen;
    }

    /** @return the tasks and every task downstream of them: whatever read a removed output must run again */
    static Set<Integer> downstreamOf(SoakDag dag, Set<Integer> tasks) {
        Set<Integer> closure = new TreeSet<>(tasks);
        Deque<Integer> queue = new ArrayDeque<>(tasks);
        while (!queue.isEmpty()) {
            for (int dependent : dag.dependents(queue.pop())) {
                if (closure.add(dependent)) {
                    queue.add(dependent);
                }
            }
        }
        return closure;
    }

    private static long temporaryFiles(Path workspace) {
        try (Stream<Path> files = Files.walk(workspace)) {
            return files.filter(path -> path.getFileName().toString().endsWith(dev.kart.core.internal.storage.AtomicPublisher.TEMP_SUFFIX)).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + workspace, e);
        }
    }

    /** A node JVM driven over its stdin and stdout, one line per command and per answer. */
    private static final class Node implements AutoCloseable {
        private static final String END = "\u0000end";

        private final String name;
        private final Process process;
        private final BufferedWriter commands;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final Path stderr;

        private Node(String name, Process process, Path stderr) {
            this.name = name;
            this.process = process;
            this.stderr = stderr;
            this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        answers.add(line);
                    }
                } catch (IOException e) {
                    // the node is gone; END below says so
                }
                answers.add(END);
            }, "bench-soak-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        static Node start(String name, Path directory, List<String> arguments, Path log) {
            Path stderr = directory.resolve(name + ".err");
            Process process = BenchJvm.start(SoakWorker.class, BenchJvm.LONG_LIVED, Map.of(ExecutionLog.PROPERTY, log.toString()),
                    arguments, stderr, null);
            return new Node(name, process, stderr);
        }

        void send(String command) throws IOException {
            commands.write(command);
            commands.newLine();
            commands.flush();
        }

        /** @return the next line, which must start with {@code expected} */
        String expect(String expected) throws InterruptedException {
            String line = answers.poll(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException(this + " did not answer '" + expected + "' within " + HANG_GUARD + "; stderr:\n"
                        + tail());
            }
            if (line.equals(END) || !line.startsWith(expected)) {
                throw new IllegalStateException(this + " answered " + (line.equals(END) ? "nothing (it ended)" : "'" + line + "'")
                        + " instead of '" + expected + "...'; stderr:\n" + tail());
            }
            return line;
        }

        /** @return its exit code after {@code quit} */
        int quit() throws IOException, InterruptedException {
            send("quit");
            if (!process.waitFor(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        }

        private String tail() {
            try {
                List<String> lines = Files.exists(stderr) ? Files.readAllLines(stderr) : List.of();
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(cannot read " + stderr + ": " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }

        @Override
        public String toString() {
            return "soak node " + name + " (pid " + process.pid() + ")";
        }
    }
}
