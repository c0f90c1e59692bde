package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.TaskRef;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.ClusterSlots;
import dev.kart.lock.redis.behaviour.fixtures.LockedTasks;
import dev.kart.lock.redis.behaviour.fixtures.Pause;
import dev.kart.lock.redis.behaviour.fixtures.RunLog;
import dev.kart.lock.redis.behaviour.fixtures.WorkerProcess;
import dev.kart.lock.redis.behaviour.fixtures.Workspaces;
import dev.kart.test.support.process.WorkerJvm;
import dev.kart.test.support.redis.LocalRedisCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four JVMs build the DAG of 40 {@code @RunWithLock} tasks against a real 3-primary Redis Cluster.
 * Mid-build, while the first eight tasks (two per process) are held back in {@code run()} by a gate,
 * the primary holding the most of their run locks is restarted (SIGTERM, started on the same port;
 * without persistence it comes back empty). Every run lease on it is lost by its holder (the log
 * line {@code lease on KEY ... is lost}, waited for by polling), and no lease on another primary is;
 * once the gate opens, every process ends with the right result, no hang, and every output is there
 * and right. Run by each binding module for its binding.
 */
public abstract class ClusterPrimaryRestartBehaviour {
    private static final int PROCESSES = 4;
    private static final Duration HANG_GUARD = Duration.ofMinutes(4);
    private static final Pattern LOST = Pattern.compile("lease on (\\S+) \\(token \\d+\\) is lost: (.*)");
    private static LocalRedisCluster cluster;

    @TempDir
    Path directory;

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    @BeforeAll
    static void startCluster() {
        cluster = LocalRedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPrimaryRestartedMidBuildLosesItsLeasesAndTheBuildStillEndsRight() throws Exception {
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        Path runLog = directory.resolve("runs.log");
        Path go = directory.resolve("go");
        Path gate = directory.resolve("gate");
        String prefix = "restart-" + UUID.randomUUID();
        List<WorkerJvm> workers = new ArrayList<>();
        int restarted;
        try {
            for (int i = 0; i < PROCESSES; i++) {
                workers.add(WorkerProcess.start(directory, "node-" + i,
                        Map.of(RunLog.PROPERTY, runLog.toString(), Pause.WORK_PROPERTY, "100", Pause.GATE_PROPERTY,
                                gate.toString()),
                        List.of("cluster=" + String.join(",", cluster.nodes()), "workspace=" + workspace, "prefix=" + prefix,
                                "policy=defer", "workers=2", "root=dag", "ready=" + directory.resolve("ready-" + i),
                                "go=" + go, "client=" + client().configName())));
            }
            awaitFiles(workers, i -> directory.resolve("ready-" + i));
            Files.createFile(go);
            awaitRuns(workers, runLog, PROCESSES * 2);
            restarted = primaryHoldingRunLocks(prefix);
            List<String> held = cluster.keysOn(restarted, "{" + prefix + "/*}:run:*");
            cluster.restartPrimary(restarted);
            awaitLost(workers, held);
            Files.createFile(gate);
            for (WorkerJvm worker : workers) {
                int exit = worker.awaitExit(HANG_GUARD);
                assertThat(exit).as("exit code of %s, which printed:%n%s", worker, worker.output()).isZero();
                assertThat(worker.output()).as("result of %s", worker).contains("RESULT ok " + LockedTasks.TOTAL);
            }
        } finally {
            workers.forEach(WorkerJvm::close);
        }

        Map<String, Long> runs = RunLog.read(runLog).stream().collect(Collectors.groupingBy(line -> line[1], Collectors.counting()));
        assertThat(runs).as("tasks that ran, across the %d processes", PROCESSES).hasSize(40);
        try (Kart reader = Workspaces.reader(workspace)) {
            List<TaskRef> graph = reader.graph(LockedTasks.dag());
            assertThat(graph).hasSize(40).allSatisfy(task -> assertThat(reader.isComplete(task.task())).as("%s", task).isTrue());
            assertThat((Object) reader.load(LockedTasks.dag())).isEqualTo(LockedTasks.TOTAL);
        }
        assertThat(Workspaces.temporaryFiles(workspace)).as("temporary files left").isEmpty();

        List<String> lost = new ArrayList<>();
        for (WorkerJvm worker : workers) {
            Matcher matcher = LOST.matcher(worker.output());
            while (matcher.find()) {
                lost.add(matcher.group(1) + " " + matcher.group(2));
            }
        }
        int port = restarted;
        assertThat(lost).as("leases lost by their holders").isNotEmpty()
                .allSatisfy(line -> assertThat(cluster.primaryOfSlot(ClusterSlots.of(line.split(" ")[0])))
                        .as("the primary of the key lost: %s", line).isEqualTo(port));
    }

    /** @return the primary holding the most run locks of the build */
    private static int primaryHoldingRunLocks(String prefix) {
        Map<Integer, Integer> held = cluster.primaryPorts().stream().collect(Collectors.toMap(port -> port,
                port -> cluster.keysOn(port, "{" + prefix + "/*}:run:*").size()));
        Map.Entry<Integer, Integer> most = held.entrySet().stream().max(Comparator.comparing(Map.Entry::getValue)).orElseThrow();
        assertThat(most.getValue()).as("run locks on the primary holding the most, of %s", held).isPositive();
        return most.getKey();
    }

    /** Polls until the run log has {@code count} runs: every worker thread is held at the gate, holding a run lease. */
    private static void awaitRuns(List<WorkerJvm> workers, Path runLog, int count) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (RunLog.read(runLog).size() < count) {
            if (System.nanoTime() > deadline || workers.stream().anyMatch(worker -> !worker.alive())) {
                throw new AssertionError(count + " runs did not start within " + HANG_GUARD + ", or a worker ended:\n"
                        + workers.stream().map(WorkerJvm::output).collect(Collectors.joining("\n")));
            }
            Thread.sleep(50);
        }
    }

    /**
     * @return whether the output tells of the lease on {@code key} lost: the holder's line naming the
     *     Redis key ({@code lease on KEY (token N) is lost: ...}; not its line of a renewal without an
     *     answer while the primary was down, which keeps the lease), or, when the lease ran out before a
     *     renewal was answered (a loaded machine), the attempt's {@code LeaseLostException}, which names
     *     the lock by kart's key (no hash tag)
     */
    private static boolean lostIn(String output, String key) {
        String lock = key.substring(key.lastIndexOf(":run:")) + " (fencing token";
        return output.lines().anyMatch(line -> line.contains("lease on " + key + " (token") && line.contains(") is lost: ")
                || line.contains("run lease lost: ") && line.contains(lock));
    }

    /** Polls the workers' output until each of the keys appears in a lease-lost line. */
    private static void awaitLost(List<WorkerJvm> workers, List<String> keys) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (true) {
            String output = workers.stream().map(WorkerJvm::output).collect(Collectors.joining("\n"));
            List<String> missing = keys.stream().filter(key -> !lostIn(output, key)).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the leases on " + missing + " were not lost within " + HANG_GUARD + ":\n" + output);
            }
            Thread.sleep(100);
        }
    }

    private void awaitFiles(List<WorkerJvm> workers, java.util.function.IntFunction<Path> file) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        for (int i = 0; i < workers.size(); i++) {
            WorkerJvm worker = workers.get(i);
            while (!Files.exists(file.apply(i))) {
                if (!worker.alive()) {
                    throw new AssertionError(worker + " ended before it was ready:\n" + worker.output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(worker + " was not ready within " + HANG_GUARD + ":\n" + worker.output());
                }
                Thread.sleep(20);
            }
        }
    }
}
