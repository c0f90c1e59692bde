package dev.kart.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.BuildReport;
import dev.kart.core.TaskState;
import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.lock.LockBackend;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import dev.kart.test.fixtures.Executions;
import dev.kart.lock.LeaseSettings;
import dev.kart.test.fixtures.TaskInfoFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two kart runtimes in one JVM, sharing one in-memory lock table and one workspace, build the same
 * DAG of 40 tasks at the same time, as two machines running one pipeline would. With the run lock,
 * every task runs exactly once whatever the collision policy; without it, work is duplicated.
 */
class TwoNodesTest {
    private static final int TASKS = 40;
    private static final int WIDTH = 13;
    private static final int WORKERS = 4;
    private static final Duration GUARD = Duration.ofSeconds(60);
    /**
     * By scenario: counted down by each node once its build has started. Steps wait for it, so the
     * nodes overlap however late one of them gets going: the first steps of one node are still
     * running when the other reaches them.
     */
    private static final Map<String, CountDownLatch> BOTH_STARTED = new ConcurrentHashMap<>();

    /**
     * One step of the DAG, run-locked: sleeps 100 ms and sums its inputs into its output.
     *
     * @param scenario makes ids and run counts unique to one scenario
     * @param id the step's number
     * @param inputs the steps it reads
     */
    @RunWithLock
    record LockedStep(String scenario, int id, List<LockedStep> inputs) implements Task<Long> {
        @Override
        public Long run(RunContext ctx) throws InterruptedException {
            return step(scenario, id, inputs.stream().map(ctx::load).toList());
        }
    }

    /**
     * The same step without the run lock.
     *
     * @param scenario makes ids and run counts unique to one scenario
     * @param id the step's number
     * @param inputs the steps it reads
     */
    record UnlockedStep(String scenario, int id, List<UnlockedStep> inputs) implements Task<Long> {
        @Override
        public Long run(RunContext ctx) throws InterruptedException {
            return step(scenario, id, inputs.stream().map(ctx::load).toList());
        }
    }

    private static long step(String scenario, int id, List<Long> inputs) throws InterruptedException {
        Executions.record(scenario + "/" + id);
        if (!BOTH_STARTED.get(scenario).await(GUARD.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the two nodes did not both start building " + scenario + " within " + GUARD);
        }
        Thread.sleep(100);
        return id + 1000L * inputs.stream().mapToLong(Long::longValue).sum() % 1_000_003L;
    }

    @ParameterizedTest
    @EnumSource(CollisionPolicy.class)
    void withTheRunLockEveryTaskRunsExactlyOnce(CollisionPolicy policy, @TempDir Path workspace) throws Exception {
        String scenario = "locked-" + policy + "-" + UUID.randomUUID();
        List<LockedStep> dag = dag((id, inputs) -> new LockedStep(scenario, id, inputs));
        LockedStep root = dag.get(dag.size() - 1);

        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lockSettings("node-1"), LockClock.system());
        InMemoryLockBackend secondLocks = firstLocks.sharingTableWith(lockSettings("node-2"));
        try (Kart first = node(workspace, policy, firstLocks); Kart second = node(workspace, policy, secondLocks)) {
            List<BuildReport<Long>> reports = buildConcurrently(first, second, root, scenario);

            for (BuildReport<Long> report : reports) {
                assertThat(report.succeeded()).as(report.summary()).isTrue();
                assertThat(report.rootOutput()).contains(expected(dag, root));
            }
            for (LockedStep step : dag) {
                assertThat(Executions.of(scenario + "/" + step.id())).as("runs of step " + step.id()).isEqualTo(1);
            }
            assertThat(reports.get(0).count(TaskState.DONE) + reports.get(1).count(TaskState.DONE))
                    .as("tasks run by either node").isEqualTo(TASKS);
            String thisProcess = ":" + ProcessHandle.current().pid();
            for (BuildReport<Long> report : reports) {
                assertThat(report.outcomes()).allSatisfy(outcome -> {
                    if (outcome.state() == TaskState.DONE) {
                        assertThat(outcome.lock().runLeaseTokens()).as(outcome.label()).hasSize(1);
                        assertThat(outcome.lock().ranBy()).as(outcome.label()).hasValueSatisfying(by -> assertThat(by).endsWith(thisProcess));
                    }
                    if (outcome.foundCompleteAtRun() && outcome.lock().collisions() > 0 && policy != CollisionPolicy.FAIL) {
                        // the other node ran it while this one waited for the lease: the task info
                        // that node wrote before releasing names it (with fail, a retry may find the
                        // output before that file)
                        assertThat(outcome.lock().ranBy()).as(outcome.label()).hasValueSatisfying(by -> assertThat(by).endsWith(thisProcess));
                    }
                });
            }
            for (LockedStep step : dag) {
                BuildReport<Long> check = first.run(step, BuildOptions.defaults());
                assertThat(check.rootOutcome().state()).isEqualTo(TaskState.ALREADY_COMPLETE);
                assertThat(check.rootOutput()).as("output of step " + step.id()).contains(expected(dag, step));
            }

            List<JsonNode> infos = TaskInfoFiles.all(workspace, false);
            assertThat(infos).hasSize(TASKS);
            assertThat(infos).allSatisfy(info -> {
                String label = info.path("label").asText();
                assertThat(info.path("state").asText()).as(label).isEqualTo("DONE");
                assertThat(info.path("lock").path("runLock").asBoolean()).isTrue();
                assertThat(info.path("lock").path("fencingTokens")).as(label).hasSize(1);
                assertThat(info.path("publications")).as(label).isNotEmpty()
                        .allSatisfy(publication -> assertThat(publication.path("fencingToken").asLong()).isPositive());
            });
            List<JsonNode> observations = TaskInfoFiles.all(workspace, true);
            assertThat(observations).as("what a node saw of tasks the other node ran while it waited").isNotEmpty()
                    .allSatisfy(seen -> {
                        assertThat(seen.path("state").asText()).isEqualTo("ALREADY_COMPLETE");
                        assertThat(seen.path("lock").path("collisions").asInt()).isPositive();
                        assertThat(seen.path("lock").path("policy").asText())
                                .isEqualTo(policy.name());
                        assertThat(seen.path("publications")).isEmpty();
                    });
        } finally {
            firstLocks.close();
            secondLocks.close();
        }
    }

    @Test
    void withoutTheRunLockTheSameBuildsDuplicateWork(@TempDir Path workspaces) throws Exception {
        int executions = 0;
        for (int attempt = 1; attempt <= 3 && executions <= TASKS; attempt++) {
            String scenario = "unlocked-" + UUID.randomUUID();
            List<UnlockedStep> dag = dag((id, inputs) -> new UnlockedStep(scenario, id, inputs));
            Path workspace = Files.createDirectories(workspaces.resolve("attempt-" + attempt));
            InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lockSettings("node-1"), LockClock.system());
            InMemoryLockBackend secondLocks = firstLocks.sharingTableWith(lockSettings("node-2"));
            try (Kart first = node(workspace, CollisionPolicy.DEFER, firstLocks);
                    Kart second = node(workspace, CollisionPolicy.DEFER, secondLocks)) {
                for (BuildReport<Long> report : buildConcurrently(first, second, dag.get(dag.size() - 1), scenario)) {
                    assertThat(report.succeeded()).as(report.summary()).isTrue();
                }
            } finally {
                firstLocks.close();
                secondLocks.close();
            }
            executions = Executions.withPrefix(scenario + "/");
        }
        assertThat(executions).as("runs of %s tasks built by two nodes without the run lock", TASKS)
                .isGreaterThan(TASKS);
    }

    /**
     * Layers of 13 steps, each reading two steps of the layer before, and a root reading the whole
     * last layer: 40 tasks, dependencies first, root last.
     */
    private static <S extends Task<Long>> List<S> dag(BiFunction<Integer, List<S>, S> make) {
        List<S> all = new ArrayList<>();
        List<S> previous = List.of();
        for (int layer = 0; layer < 3; layer++) {
            List<S> current = new ArrayList<>();
            for (int i = 0; i < WIDTH; i++) {
                int id = all.size();
                List<S> inputs = previous.isEmpty() ? List.of()
                        : List.of(previous.get(i), previous.get((i + 1) % WIDTH));
                S step = make.apply(id, inputs);
                current.add(step);
                all.add(step);
            }
            previous = current;
        }
        all.add(make.apply(all.size(), previous));
        assertThat(all).hasSize(TASKS);
        return all;
    }

    /** The output a step must have, computed here without kart. */
    private static long expected(List<LockedStep> dag, LockedStep step) {
        Map<Integer, Long> values = new HashMap<>();
        for (LockedStep each : dag) {
            long sum = each.inputs().stream().mapToLong(input -> values.get(input.id())).sum();
            values.put(each.id(), each.id() + 1000L * sum % 1_000_003L);
        }
        return values.get(step.id());
    }

    private static LeaseSettings lockSettings(String owner) {
        return LeaseSettings.of("kart", Duration.ofSeconds(30), owner);
    }

    private static Kart node(Path workspace, CollisionPolicy policy, LockBackend locks) {
        return Kart.builder().workspace(workspace).workers(WORKERS).set("kart.durable", false)
                .set("kart.lock.on-collision", policy.name().toLowerCase(Locale.ROOT))
                // with on-collision = fail, a task is retried until the other node has published it:
                // enough retries to outlast a run on a busy machine
                .set("kart.retry.count", 1000).set("kart.retry.delay", "50ms")
                .lockBackend(locks).build();
    }

    /** Both nodes build the root, released together by a barrier; steps wait until both builds started. */
    private static List<BuildReport<Long>> buildConcurrently(Kart first, Kart second, Task<Long> root, String scenario)
            throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        BOTH_STARTED.put(scenario, started);
        BuildListener countsStart = new BuildListener() {
            @Override
            public void buildStarted(int taskCount, int completeCount) {
                started.countDown();
            }
        };
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<BuildReport<Long>>> builds = new ArrayList<>();
        for (Kart node : List.of(first, second)) {
            CompletableFuture<BuildReport<Long>> build = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    start.await(GUARD.toSeconds(), TimeUnit.SECONDS);
                    build.complete(node.run(root, BuildOptions.defaults().withListener(countsStart)));
                } catch (Throwable error) {
                    build.completeExceptionally(error);
                }
            }, "node-" + (builds.size() + 1));
            thread.start();
            builds.add(build);
        }
        List<BuildReport<Long>> reports = new ArrayList<>();
        for (CompletableFuture<BuildReport<Long>> build : builds) {
            reports.add(build.get(GUARD.toSeconds(), TimeUnit.SECONDS));
        }
        return reports;
    }

}
