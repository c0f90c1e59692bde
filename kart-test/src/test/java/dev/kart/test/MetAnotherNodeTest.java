package dev.kart.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import dev.kart.test.fixtures.Executions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node whose graph walk found tasks not complete, and which other nodes then built, while the walk's answer is
 * younger than {@code kart.complete-recheck-after}, on a local workspace: once the node met another one (a run lock
 * the other held, a task the other built), it asks each task again before its attempt and settles those built
 * elsewhere without taking their run locks; before that, the young answer stands and a run-locked task is asked only
 * once it holds its lock.
 */
class MetAnotherNodeTest {
    private static final Duration GUARD = Duration.ofSeconds(60);
    private static final int BUILT_ELSEWHERE = 5;
    /** By scenario: what a {@link Gate}'s run waits for, and what tells the test its run started. */
    private static final Map<String, CountDownLatch> OPEN = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> ENTERED = new ConcurrentHashMap<>();

    /**
     * Run-locked; its run says it started and waits until the test opens it.
     *
     * @param scenario the test's scenario, which names its latches
     * @param name which gate of the scenario
     */
    @RunWithLock
    record Gate(String scenario, String name) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) throws InterruptedException {
            Executions.record(scenario + "/" + name);
            ENTERED.get(scenario + "/" + name).countDown();
            if (!OPEN.get(scenario + "/" + name).await(GUARD.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate " + name + " of " + scenario + " was not opened within " + GUARD);
            }
            return 1;
        }
    }

    /**
     * Run-locked; counts its runs.
     *
     * @param scenario the test's scenario
     * @param id its number
     */
    @RunWithLock
    record Step(String scenario, int id) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            Executions.record(scenario + "/step-" + id);
            return id;
        }
    }

    /**
     * Not run-locked: sums what it requires.
     *
     * @param inputs the tasks it loads, in the order the node takes them up (kart.task-order.mode = graph)
     */
    record Gather(List<Task<Integer>> inputs) implements Task<Integer> {
        @Override
        public List<Task<?>> requires() {
            return List.copyOf(inputs);
        }

        @Override
        public Integer run(RunContext ctx) {
            return inputs.stream().mapToInt(ctx::load).sum();
        }
    }

    @ParameterizedTest
    @EnumSource(value = CollisionPolicy.class, names = {"DEFER", "FAIL"})
    void afterMeetingAnotherNodeTasksItBuiltSettleWithoutTheirRunLocks(CollisionPolicy policy, @TempDir Path workspace)
            throws Exception {
        String scenario = "met-" + policy + "-" + UUID.randomUUID();
        List<Step> steps = steps(scenario);
        Gate held = gate(scenario, "held");
        Gate waits = gate(scenario, "waits");
        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lockSettings("node-1"), LockClock.system());
        try (Kart first = node(workspace, policy, firstLocks);
                Kart second = node(workspace, policy, firstLocks.sharingTableWith(lockSettings("node-2")));
                Kart third = node(workspace, policy, firstLocks.sharingTableWith(lockSettings("node-3")))) {
            CompletableFuture<BuildReport<Integer>> holding = build(first, held);
            awaitEntered(held);
            // the second node walks the graph now (every task not complete), meets the first one at "held" (its
            // run lock is the first node's: on-collision = defer parks it, fail fails the attempt, retried later),
            // then runs "waits", which the test holds until a third node has built every step
            CompletableFuture<BuildReport<Integer>> secondBuild = build(second, new Gather(List.of(held, waits,
                    new Gather(List.<Task<Integer>>copyOf(steps)))));
            awaitEntered(waits);
            assertThat(third.build(new Gather(List.<Task<Integer>>copyOf(steps)))).isEqualTo(sum(steps));
            open(waits);
            open(held);

            BuildReport<Integer> report = secondBuild.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(report.succeeded()).as(report.summary()).isTrue();
            assertThat(report.rootOutput()).contains(2 + sum(steps));
            assertThat(holding.get(GUARD.toSeconds(), TimeUnit.SECONDS).succeeded()).isTrue();
            for (Step step : steps) {
                TaskOutcome outcome = outcome(report, step);
                assertThat(outcome.state()).as(outcome.label()).isEqualTo(TaskState.ALREADY_COMPLETE);
                assertThat(outcome.lock().runLeaseTokens()).as(outcome.label() + ": run leases taken").isEmpty();
                assertThat(Executions.of(scenario + "/step-" + step.id())).as("runs of " + outcome.label()).isEqualTo(1);
            }
            assertThat(outcome(report, held).lock().collisions()).as("the second node met the first at held").isPositive();
        } finally {
            openAll(scenario);
        }
    }

    @Test
    void beforeMeetingAnotherNodeTheWalksAnswerStandsUntilARunLockedTaskHoldsItsLock(@TempDir Path workspace)
            throws Exception {
        String scenario = "not-met-" + UUID.randomUUID();
        List<Step> steps = steps(scenario);
        Gate waits = gate(scenario, "waits");
        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lockSettings("node-1"), LockClock.system());
        try (Kart first = node(workspace, CollisionPolicy.DEFER, firstLocks);
                Kart second = node(workspace, CollisionPolicy.DEFER, firstLocks.sharingTableWith(lockSettings("node-2")))) {
            // the same, but the second node never finds a run lock of the first node's held
            CompletableFuture<BuildReport<Integer>> secondBuild = build(second, new Gather(List.of(waits,
                    new Gather(List.<Task<Integer>>copyOf(steps)))));
            awaitEntered(waits);
            assertThat(first.build(new Gather(List.<Task<Integer>>copyOf(steps)))).isEqualTo(sum(steps));
            open(waits);

            BuildReport<Integer> report = secondBuild.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(report.succeeded()).as(report.summary()).isTrue();
            // the walk's answer about the first step, younger than kart.complete-recheck-after, stood: it was asked
            // again once its run lock was held, and found built by another node; the steps after it were asked before
            // their attempts
            for (Step step : steps) {
                TaskOutcome outcome = outcome(report, step);
                assertThat(outcome.state()).as(outcome.label()).isEqualTo(TaskState.ALREADY_COMPLETE);
                assertThat(outcome.lock().runLeaseTokens()).as(outcome.label() + ": run leases taken")
                        .hasSize(step.id() == 0 ? 1 : 0);
                assertThat(Executions.of(scenario + "/step-" + step.id())).as("runs of " + outcome.label()).isEqualTo(1);
            }
        } finally {
            openAll(scenario);
        }
    }

    private static List<Step> steps(String scenario) {
        return IntStream.range(0, BUILT_ELSEWHERE).mapToObj(id -> new Step(scenario, id)).toList();
    }

    private static int sum(List<Step> steps) {
        return steps.stream().mapToInt(Step::id).sum();
    }

    private static Gate gate(String scenario, String name) {
        OPEN.put(scenario + "/" + name, new CountDownLatch(1));
        ENTERED.put(scenario + "/" + name, new CountDownLatch(1));
        return new Gate(scenario, name);
    }

    private static void awaitEntered(Gate gate) throws InterruptedException {
        assertThat(ENTERED.get(gate.scenario() + "/" + gate.name()).await(GUARD.toSeconds(), TimeUnit.SECONDS))
                .as("gate " + gate.name() + " entered").isTrue();
    }

    /** Lets every gate of the scenario go, so that a failed test leaves no build waiting. */
    private static void openAll(String scenario) {
        OPEN.forEach((gate, latch) -> {
            if (gate.startsWith(scenario + "/")) {
                latch.countDown();
            }
        });
    }

    private static void open(Gate gate) {
        OPEN.get(gate.scenario() + "/" + gate.name()).countDown();
    }

    private static TaskOutcome outcome(BuildReport<Integer> report, Task<?> task) {
        return report.outcomes().stream().filter(outcome -> outcome.task().equals(task)).findFirst()
                .orElseThrow(() -> new AssertionError(task + " is not in the report:\n" + report.summary()));
    }

    private static CompletableFuture<BuildReport<Integer>> build(Kart node, Task<Integer> root) {
        CompletableFuture<BuildReport<Integer>> build = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                build.complete(node.run(root, BuildOptions.defaults()));
            } catch (Throwable error) {
                build.completeExceptionally(error);
            }
        }, "build-" + root.getClass().getSimpleName());
        thread.start();
        return build;
    }

    private static LeaseSettings lockSettings(String owner) {
        return LeaseSettings.of("kart", Duration.ofSeconds(30), owner);
    }

    /**
     * One worker, tasks taken up in the graph's order, the walk's answers standing for a minute; with
     * {@code on-collision = fail}, an attempt that found its run lock held is retried every 50 ms.
     */
    private static Kart node(Path workspace, CollisionPolicy policy, InMemoryLockBackend locks) {
        return Kart.builder().workspace(workspace).workers(1).set("kart.durable", false)
                .set("kart.lock.on-collision", policy.name().toLowerCase(Locale.ROOT)).set("kart.task-order.mode", "graph")
                .set("kart.retry.count", 10_000).set("kart.retry.delay", "50ms")
                .set("kart.complete-recheck-after", "60s").lockBackend(locks).build();
    }
}
