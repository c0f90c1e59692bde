package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.TaskRef;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.LockedTasks;
import dev.kart.lock.redis.behaviour.fixtures.Pause;
import dev.kart.lock.redis.behaviour.fixtures.RunLog;
import dev.kart.lock.redis.behaviour.fixtures.WorkerProcess;
import dev.kart.lock.redis.behaviour.fixtures.Workspaces;
import dev.kart.task.CollisionPolicy;
import dev.kart.test.support.process.WorkerJvm;
import dev.kart.test.support.redis.RedisServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Four JVMs build the same DAG of 40 {@code @RunWithLock} tasks (250 ms each) against one
 * redis-server and one workspace: whatever the collision policy, every {@code run()} executes
 * exactly once across the four, and every output is correct. Run by each binding module for its binding.
 */
public abstract class MultiProcessContentionBehaviour {
    private static final int PROCESSES = 4;
    private static final Duration HANG_GUARD = Duration.ofMinutes(3);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path directory;

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    /**
     * @return the workers' arguments saying where Redis is: the class's redis-server by default; a
     *     Redis Cluster's seed nodes ({@code cluster=host:port,...}) for a test against a cluster
     */
    protected List<String> serverArguments() {
        return List.of("host=" + REDIS.server().host(), "port=" + REDIS.server().port());
    }

    @ParameterizedTest(name = "on-collision = {0}")
    @EnumSource(CollisionPolicy.class)
    void everyRunExecutesOnceAcrossFourProcesses(CollisionPolicy policy) throws Exception {
        String name = policy.name().toLowerCase(Locale.ROOT);
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        Path runLog = directory.resolve("runs.log");
        Path go = directory.resolve("go");
        // one prefix for the four processes, fresh for each run, so a shared Redis (KART_TEST_REDIS) is safe
        String prefix = "contention-" + name + "-" + UUID.randomUUID();
        List<WorkerJvm> workers = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                workers.add(WorkerProcess.start(directory, name + "-" + i,
                        Map.of(RunLog.PROPERTY, runLog.toString(), Pause.WORK_PROPERTY, "250"),
                        Stream.concat(serverArguments().stream(), Stream.of("workspace=" + workspace, "prefix=" + prefix,
                                "policy=" + name, "workers=2", "root=dag", "ready=" + directory.resolve("ready-" + i),
                                "go=" + go, "client=" + client().configName(),
                                // kart's default command timeout, not the workers' 2 s: the four cold JVMs connect at
                                // once on "go", and on a loaded two-core machine Redisson's first command has taken
                                // longer than 2 s; the TTL keeps renewals (a third of it) above the command timeout
                                "command-timeout=5s", "ttl=30s")).toList()));
            }
            awaitReady(workers);
            Files.createFile(go);
            for (WorkerJvm worker : workers) {
                int exit = worker.awaitExit(HANG_GUARD);
                assertThat(exit).as("exit code of %s, which printed:%n%s", worker, worker.output()).isZero();
                assertThat(worker.output()).as("result of %s", worker).contains("RESULT ok " + LockedTasks.TOTAL);
            }
        } finally {
            workers.forEach(WorkerJvm::close);
        }

        Map<String, Long> runs = RunLog.read(runLog).stream()
                .collect(Collectors.groupingBy(line -> line[1], TreeMap::new, Collectors.counting()));
        assertThat(runs).as("run() executions per task, across the %d processes", PROCESSES).hasSize(40)
                .allSatisfy((task, count) -> assertThat(count).as("runs of %s", task).isEqualTo(1L));

        try (Kart reader = Workspaces.reader(workspace)) {
            List<TaskRef> graph = reader.graph(LockedTasks.dag());
            assertThat(graph).hasSize(40).allSatisfy(task -> assertThat(reader.isComplete(task.task())).as("%s", task).isTrue());
            for (TaskRef task : graph) {
                assertThat((Object) reader.load(task.task())).as("output of %s", task.label()).isEqualTo(expected(task.task()));
            }
        }
        assertThat(RunLog.read(runLog)).as("runs after reading the outputs").hasSize(40);
        assertThat(Workspaces.temporaryFiles(workspace)).as("temporary files left").isEmpty();
        assertThat(Workspaces.publications(workspace)).as("publications in task info, one per run").hasSize(40)
                .allSatisfy(publication -> assertThat(publication.path("fencingToken").asLong()).isPositive());
    }

    private static Object expected(Object task) {
        Function<LockedTasks.Square, Long> square = s -> (long) s.n() * s.n();
        if (task instanceof LockedTasks.Square s) {
            return square.apply(s);
        }
        if (task instanceof LockedTasks.SumOfSquares sum) {
            return sum.squares().stream().mapToLong(square::apply).sum();
        }
        return LockedTasks.TOTAL;
    }

    private void awaitReady(List<WorkerJvm> workers) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        for (int i = 0; i < workers.size(); i++) {
            WorkerJvm worker = workers.get(i);
            while (!Files.exists(directory.resolve("ready-" + i))) {
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
