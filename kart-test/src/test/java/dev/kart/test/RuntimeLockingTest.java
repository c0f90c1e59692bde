package dev.kart.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.Kart;
import dev.kart.core.BuildReport;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.BuildOptions;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseLostException;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import dev.kart.test.fixtures.Await;
import dev.kart.test.fixtures.Executions;
import dev.kart.test.fixtures.WordTasks.Counts;
import dev.kart.test.fixtures.WordTasks.Words;
import dev.kart.lock.LeaseSettings;
import dev.kart.test.fixtures.TaskInfoFiles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kart.test.fixtures.ObservedLockBackend;
import dev.kart.test.fixtures.ObservedLockBackend.Event;
import java.io.IOException;
import java.nio.file.Files;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The runtime's use of the locks, end to end: lock modes, lost leases, collisions and what task info records. */
class RuntimeLockingTest {
    private static final Duration GUARD = Duration.ofSeconds(30);
    /** Hooks that test tasks call from {@code run()}, by the task's key. */
    private static final Map<String, Runnable> HOOKS = new ConcurrentHashMap<>();

    /**
     * A run-locked task that waits inside {@code run()} until its test lets it finish.
     *
     * @param key its hook's key; also counts runs
     */
    @RunWithLock
    record Gate(String key) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            Executions.record(key);
            HOOKS.getOrDefault(key, () -> { }).run();
            return "computed by " + key;
        }
    }

    /** Loads take the cache lock shared; dumps and removes take it exclusive. */
    @Nested
    class CacheLockModes {
        @RegisterExtension
        final KartExtension extension = KartExtension.create().with("kart.lock.cache-wait-timeout", "500ms");

        @Test
        void loadsShareTheCacheLockAndCannotPassAnExclusiveHolder(KartTestRuntime kart) {
            Words words = new Words("a b a", UUID.randomUUID().toString());
            kart.build(words);
            String name = lockName(kart, words);

            try (Lease reader = kart.lockBackend().cacheLock().tryAcquire(name, LockMode.SHARED).orElseThrow()) {
                assertThat(kart.build(new Counts(words, 1))).containsEntry("a", 2L);
                assertThat(kart.loadedFromCache()).containsExactly(words);
                assertThat(reader.isHeld()).isTrue();
            }
            try (Lease writer = kart.lockBackend().cacheLock().tryAcquire(name, LockMode.EXCLUSIVE).orElseThrow()) {
                BuildReport<Map<String, Long>> blocked = kart.run(new Counts(words, 2));

                assertThat(blocked.rootOutcome().state()).isEqualTo(TaskState.FAILED);
                assertThat(failure(blocked.rootOutcome())).isInstanceOf(LockException.class)
                        .hasMessageContaining("shared cache lock of " + name + " (kart.lock.cache-wait-timeout = 500ms)");
                assertThat(writer.isHeld()).isTrue();
            }
        }

        @Test
        void dumpsAndRemovesTakeTheCacheLockExclusive(KartTestRuntime kart) throws IOException {
            Words words = new Words("c d", UUID.randomUUID().toString());
            String name = lockName(kart, words);

            try (Lease reader = kart.lockBackend().cacheLock().tryAcquire(name, LockMode.SHARED).orElseThrow()) {
                BuildReport<List<String>> blocked = kart.run(words);

                assertThat(blocked.rootOutcome().state()).isEqualTo(TaskState.FAILED);
                assertThat(failure(blocked.rootOutcome())).isInstanceOf(LockException.class)
                        .hasMessageContaining("exclusive cache lock of " + name);
                assertThat(kart.outputPath(words)).doesNotExist();
                assertThat(tempFiles(kart.workspace())).isEmpty();
                assertThat(reader.isHeld()).isTrue();
            }
            assertThat(kart.build(words)).containsExactly("c", "d");

            try (Lease reader = kart.lockBackend().cacheLock().tryAcquire(name, LockMode.SHARED).orElseThrow()) {
                assertThatThrownBy(() -> kart.kart().remove(words)).isInstanceOf(LockException.class)
                        .hasMessageContaining("exclusive cache lock of " + name);
                assertThat(kart.outputPath(words)).exists();
                assertThat(reader.isHeld()).isTrue();
            }
            assertThat(kart.kart().remove(words)).isEqualTo(1);
            assertThat(kart.outputPath(words)).doesNotExist();
        }
    }

    /** A dump blocked by a reader goes on when the reader releases. */
    @Nested
    @KartTest
    class DumpWaitsForReaders {
        @Test
        void aDumpWaitsWhileAReaderHoldsTheTargetAndIsWokenByTheRelease(KartTestRuntime kart) throws Exception {
            String key = UUID.randomUUID().toString();
            CountDownLatch ran = new CountDownLatch(1);
            HOOKS.put(key, ran::countDown);
            Gate task = new Gate(key);
            Lease reader = kart.lockBackend().cacheLock().tryAcquire(lockName(kart, task), LockMode.SHARED).orElseThrow();
            int timers = kart.clock().pendingTimers();

            CompletableFuture<String> build = CompletableFuture.supplyAsync(() -> kart.build(task));
            assertThat(ran.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("run() started").isTrue();
            // the dump waiting for the reader's lease sets a timer at its expiry
            Await.until("the dump waits for the reader's lease", GUARD,
                    () -> kart.clock().pendingTimers() > timers || build.isDone());
            assertThat(kart.outputPath(task)).as("published while a reader held the target").doesNotExist();
            assertThat(build).isNotDone();
            reader.close();

            assertThat(build.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo("computed by " + key);
            assertThat(kart.outputPath(task)).exists();
        }
    }

    /** A run lease lost during {@code run()} stops the publish. */
    @Nested
    class LostRunLease {
        @RegisterExtension
        final KartExtension extension = KartExtension.create().withoutLeaseRenewal();

        @Test
        void aDumpWhoseRunLeaseExpiredDoesNotPublishAndTheTaskFailsSayingSo(KartTestRuntime kart) throws IOException {
            String key = UUID.randomUUID().toString();
            Duration pastTtl = kart.lease().ttl().plusSeconds(1);
            HOOKS.put(key, () -> kart.clock().advance(pastTtl));
            Gate task = new Gate(key);

            BuildReport<String> report = kart.run(task);

            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(failure(outcome)).isInstanceOf(LeaseLostException.class).hasMessageContaining("lease lost")
                    .hasMessageContaining("run lease").hasMessageContaining(kart.outputPath(task).toString());
            assertThat(Executions.of(key)).isEqualTo(1);
            assertThat(kart.outputPath(task)).doesNotExist();
            assertThat(tempFiles(kart.workspace())).isEmpty();

            JsonNode info = TaskInfoFiles.of(kart.workspace(), task, outcome.uniqueId());
            assertThat(info.path("state").asText()).isEqualTo("FAILED");
            assertThat(info.path("publications")).isEmpty();
            assertThat(info.path("attempts")).singleElement().satisfies(attempt ->
                    assertThat(attempt.path("error").asText()).contains(LeaseLostException.class.getName()));
            assertThat(info.path("lock").path("fencingTokens")).hasSize(1);
            assertThat(outcome.lock().runLeaseTokens()).hasSize(1);
        }
    }

    /** Two nodes with one lock table; the second runs through an observing window on its run lock. */
    private static final class TwoNodes implements AutoCloseable {
        final InMemoryLockBackend firstLocks;
        final ObservedLockBackend secondLocks;
        final Kart first;
        final Kart second;

        TwoNodes(Path workspace, CollisionPolicy policy) {
            firstLocks = InMemoryLockBackend.isolated(LeaseSettings.of("kart", Duration.ofSeconds(30), "node-1"),
                    LockClock.system());
            secondLocks = new ObservedLockBackend(firstLocks.sharingTableWith(
                    LeaseSettings.of("kart", Duration.ofSeconds(30), "node-2")));
            first = node(workspace, policy, firstLocks);
            second = node(workspace, policy, secondLocks);
        }

        private static Kart node(Path workspace, CollisionPolicy policy, dev.kart.lock.LockBackend locks) {
            return Kart.builder().workspace(workspace).workers(2).set("kart.durable", false)
                    .set("kart.lock.on-collision", policy.name().toLowerCase(Locale.ROOT))
                    // with on-collision = fail, the second node retries until the first has published:
                    // enough retries to outlast that on a busy machine
                    .set("kart.retry.count", 1000).set("kart.retry.delay", "50ms").lockBackend(locks).build();
        }

        /** Waits until the second node collided and, per policy, started waiting or parked. */
        void awaitSecondCollided(CollisionPolicy policy) throws InterruptedException {
            secondLocks.await(Event.COLLIDED, GUARD);
            switch (policy) {
                case WAIT -> secondLocks.await(Event.WAIT_STARTED, GUARD);
                case DEFER -> secondLocks.await(Event.PARKED, GUARD);
                case FAIL -> { }
                default -> throw new IllegalArgumentException(policy.name());
            }
        }

        @Override
        public void close() {
            first.close();
            second.close();
            firstLocks.close();
            secondLocks.close();
        }
    }

    @ParameterizedTest
    @EnumSource(CollisionPolicy.class)
    void afterACollisionTheTaskChecksCompletenessAgainAndDoesNotRun(CollisionPolicy policy, @TempDir Path workspace)
            throws Exception {
        String key = UUID.randomUUID().toString();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HOOKS.put(key, () -> {
            entered.countDown();
            awaitQuietly(release);
        });
        Gate task = new Gate(key);
        try (TwoNodes nodes = new TwoNodes(workspace, policy)) {
            CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> nodes.first.build(task));
            assertThat(entered.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("the first node runs the task").isTrue();
            CompletableFuture<BuildReport<String>> other = CompletableFuture.supplyAsync(() -> nodes.second.run(task, BuildOptions.defaults()));
            nodes.awaitSecondCollided(policy);
            release.countDown();

            assertThat(holder.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo("computed by " + key);
            BuildReport<String> report = other.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(report.rootOutput()).contains("computed by " + key);
            assertThat(report.rootOutcome().state()).isEqualTo(TaskState.ALREADY_COMPLETE);
            assertThat(report.rootOutcome().foundCompleteAtRun()).isTrue();
            if (policy == CollisionPolicy.FAIL) {
                assertThat(report.rootOutcome().attempts()).as("attempts failed on the collision").isPositive();
            } else {
                assertThat(report.rootOutcome().attempts()).as("waiting and parking end no attempt").isZero();
            }
            assertThat(Executions.of(key)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(CollisionPolicy.class)
    void taskInfoRecordsCollisionsLockWaitAndFencingTokens(CollisionPolicy policy, @TempDir Path workspace)
            throws Exception {
        Gate task = new Gate(UUID.randomUUID().toString());
        try (TwoNodes nodes = new TwoNodes(workspace, policy)) {
            String id = nodes.second.uniqueId(task);
            Lease elsewhere = nodes.firstLocks.runLock().tryAcquire(id).orElseThrow();
            CompletableFuture<String> build = CompletableFuture.supplyAsync(() -> nodes.second.build(task));
            nodes.awaitSecondCollided(policy);
            Thread.sleep(120);
            elsewhere.close();

            assertThat(build.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo("computed by " + task.key());
            JsonNode info = TaskInfoFiles.of(workspace, task, id);
            assertThat(info.path("state").asText()).isEqualTo("DONE");
            assertThat(info.path("lock").path("runLock").asBoolean()).isTrue();
            assertThat(info.path("lock").path("policy").asText()).isEqualTo(policy.name());
            assertThat(info.path("lock").path("collisions").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(info.path("lock").path("fencingTokens")).singleElement()
                    .satisfies(token -> assertThat(token.asLong()).isGreaterThan(elsewhere.fencingToken()));
            if (policy != CollisionPolicy.FAIL) {
                // the wait began before the test slept, and ended after it released
                assertThat(info.path("lock").path("waitMillis").asLong()).isGreaterThanOrEqualTo(100);
            } else {
                assertThat(info.path("attempts")).hasSizeGreaterThanOrEqualTo(2).first().satisfies(attempt ->
                        assertThat(attempt.path("error").asText()).contains("LockCollisionException"));
            }
            assertThat(info.path("publications")).singleElement().satisfies(publication ->
                    assertThat(publication.path("fencingToken").asLong()).isPositive());
            assertThat(Executions.of(task.key())).isEqualTo(1);
        }
    }

    /**
     * Records, in its key's order list, that its node ran it; the first one runs its hook too.
     *
     * @param key the order list's key
     * @param index which step
     */
    record Step(String key, int index) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            ORDERS.get(key).add("step-" + index);
            HOOKS.getOrDefault(key + "/step-" + index, () -> { }).run();
            return index;
        }
    }

    /**
     * A run-locked gate and then steps, all independent: one worker takes them in this order (in
     * the graph task order; the spread order would shuffle them).
     *
     * @param gate first
     * @param steps then these
     */
    record GateThenSteps(Gate gate, List<Step> steps) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            ctx.load(gate);
            return steps.stream().mapToInt(ctx::load).sum();
        }
    }

    private static final Map<String, List<String>> ORDERS = new ConcurrentHashMap<>();

    @Test
    void aParkedTaskComesBackAheadOfTasksNotStartedYet(@TempDir Path workspace) throws Exception {
        String key = UUID.randomUUID().toString();
        List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ORDERS.put(key, order);
        GateThenSteps root = new GateThenSteps(new Gate(key),
                java.util.stream.IntStream.range(0, 4).mapToObj(i -> new Step(key, i)).toList());
        InMemoryLockBackend table = InMemoryLockBackend.isolated(
                LeaseSettings.of("kart", Duration.ofSeconds(30), "node"), LockClock.system());
        try (ObservedLockBackend locks = new ObservedLockBackend(table);
                Kart node = Kart.builder().workspace(workspace).workers(1).set("kart.durable", false)
                        .set("kart.lock.on-collision", "defer").set("kart.task-order.mode", "graph")
                        .lockBackend(locks).build()) {
            String gateId = node.uniqueId(new Gate(key));
            Lease elsewhere = table.sharingTableWith(LeaseSettings.of("kart", Duration.ofSeconds(30), "elsewhere"))
                    .runLock().tryAcquire(gateId).orElseThrow();
            HOOKS.put(key, () -> order.add("gate"));
            HOOKS.put(key + "/step-0", () -> {
                elsewhere.close();
                // step 0 ends only once the node has queued the woken gate again
                try {
                    locks.await(Event.WOKEN, GUARD);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            assertThat(node.build(root)).isEqualTo(0 + 1 + 2 + 3);
        }

        assertThat(order).as("the gate collided and parked, step 0 ran, then the woken gate before steps 1-3")
                .containsExactly("step-0", "gate", "step-1", "step-2", "step-3");
    }

    private static Throwable failure(TaskOutcome outcome) {
        return outcome.failure().orElseThrow(() -> new AssertionError(outcome.label() + " has no failure"));
    }

    private static String lockName(KartTestRuntime kart, Task<?> task) {
        return kart.kart().outputs(task).get(0).relativePath();
    }

    private static List<Path> tempFiles(Path workspace) throws IOException {
        try (Stream<Path> files = Files.walk(workspace)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".kart-tmp")).toList();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(GUARD.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the task");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
