package dev.kart.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kart.TaskTimeoutException;
import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.RetryWait;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseLostException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.RunLock;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.RunContext;
import dev.kart.task.RunLease;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import dev.kart.test.fixtures.Executions;
import dev.kart.test.fixtures.TaskInfoFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stops a running {@code run()}, and what it leaves: a lost run lease and a task timeout
 * interrupt it at once; an interrupted build ({@link Kart#close()} from another thread, an interrupt
 * of the building thread) releases every lease it held; {@code run()} never starts under a run lease
 * that is already gone; the task sees its run lease through {@link RunContext#runLease()}.
 */
class RunInterruptionTest {
    private static final Duration GUARD = Duration.ofSeconds(30);
    /** What a task's {@code run()} does, by the task's key. */
    private static final Map<String, Behaviour> BEHAVIOURS = new ConcurrentHashMap<>();
    /** The run leases tasks saw, by the task's key. */
    private static final Map<String, Optional<RunLease>> SEEN = new ConcurrentHashMap<>();

    @FunctionalInterface
    interface Behaviour {
        void run(int execution) throws Exception;
    }

    /** A run-locked task doing what its test's behaviour says; counts its executions. */
    @RunWithLock
    record Locked(String key) implements Task<String> {
        @Override
        public String run(RunContext ctx) throws Exception {
            return Unlocked.body(key, ctx);
        }
    }

    /** The same without the run lock. */
    record Unlocked(String key) implements Task<String> {
        @Override
        public String run(RunContext ctx) throws Exception {
            return body(key, ctx);
        }

        static String body(String key, RunContext ctx) throws Exception {
            Executions.record(key);
            SEEN.put(key, ctx.runLease());
            BEHAVIOURS.getOrDefault(key, execution -> { }).run(Executions.of(key));
            return "done " + key;
        }
    }

    /** Blocks until interrupted; an interrupt is the only way out. */
    private static void hang() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    /** Builds on another thread, so that a build that hangs fails the test at the guard instead of hanging it. */
    private static <T> T withinGuard(Supplier<T> build)
            throws InterruptedException, ExecutionException, TimeoutException {
        return CompletableFuture.supplyAsync(build).get(GUARD.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failure(TaskOutcome outcome) {
        return outcome.failure().orElseThrow(() -> new AssertionError(outcome.label() + " has no failure"));
    }

    @Nested
    class LostRunLease {
        @RegisterExtension
        final KartExtension extension = KartExtension.create().withoutLeaseRenewal();

        @Test
        void aRunLeaseLostWhileRunWorksInterruptsRunAndNothingIsPublished(KartTestRuntime kart) throws Exception {
            String key = UUID.randomUUID().toString();
            BEHAVIOURS.put(key, execution -> {
                kart.clock().advance(kart.lease().ttl().plusSeconds(1));
                hang();
            });
            Locked task = new Locked(key);

            BuildReport<String> report = withinGuard(() -> kart.run(task));

            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(failure(outcome)).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("run lease lost").hasMessageContaining("while run() worked")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(kart.outputPath(task)).doesNotExist();
        }
    }

    @Nested
    class RunLeaseSeenByTheTask {
        @RegisterExtension
        final KartExtension extension = KartExtension.create();

        @Test
        void aRunLockedTaskSeesItsHeldLeaseAndItsFencingToken(KartTestRuntime kart) {
            String key = UUID.randomUUID().toString();
            BuildReport<String> report = kart.run(new Locked(key));

            RunLease seen = SEEN.get(key).orElseThrow(() -> new AssertionError("no run lease seen by a @RunWithLock task"));
            assertThat(seen.fencingToken()).isEqualTo(report.rootOutcome().lock().runLeaseTokens().get(0));
            assertThat(seen.key()).endsWith(report.rootOutcome().uniqueId());
            assertThat(seen.isHeld()).as("held after the attempt ended").isFalse();
        }

        @Test
        void aTaskWithoutTheRunLockSeesNoLease(KartTestRuntime kart) {
            String key = UUID.randomUUID().toString();
            kart.build(new Unlocked(key));
            assertThat(SEEN.get(key)).isEmpty();
        }
    }

    @Nested
    class TaskTimeout {
        @RegisterExtension
        final KartExtension extension = KartExtension.create().with("kart.task-timeout", "1s")
                .with("kart.retry.count", 1).with("kart.retry.delay", "0s");

        @Test
        void aHungRunIsInterruptedAtItsTimeoutReleasesItsRunLockAndIsRetried(KartTestRuntime kart) throws Exception {
            String key = UUID.randomUUID().toString();
            BEHAVIOURS.put(key, execution -> {
                if (execution == 1) {
                    hang();
                }
            });
            Locked task = new Locked(key);

            BuildReport<String> report = withinGuard(() -> kart.run(task));

            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).as("%s", report.summary()).isEqualTo(TaskState.DONE);
            assertThat(outcome.attempts()).isEqualTo(2);
            // the retry took the run lock again: the hung attempt's lease was released
            assertThat(outcome.lock().runLeaseTokens()).hasSize(2);
            assertThat(kart.build(task)).isEqualTo("done " + key);
            assertThat(Executions.of(key)).isEqualTo(2);
        }
    }

    @Nested
    class TaskTimeoutPerTask {
        @RegisterExtension
        final KartExtension extension = KartExtension.create()
                .with("kart.tasks.\"" + Unlocked.class.getName() + "\".task-timeout", "1000ms");

        /** The limit is quoted as the user wrote it, 1000ms, not the 1s it equals. */
        @Test
        void aTaskSectionSetsItsOwnTimeoutAndTheFailureSaysSo(KartTestRuntime kart) throws Exception {
            String key = UUID.randomUUID().toString();
            BEHAVIOURS.put(key, execution -> hang());

            BuildReport<String> report = withinGuard(() -> kart.run(new Unlocked(key)));

            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(failure(outcome)).isInstanceOf(TaskTimeoutException.class)
                    .hasMessageContaining("task timeout (kart.tasks.\"" + Unlocked.class.getName() + "\".task-timeout = 1000ms)")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(((TaskTimeoutException) failure(outcome)).timeout()).isEqualTo(Duration.ofSeconds(1));
        }
    }

    /** Two runtimes (nodes) over one in-memory lock table, on the real clock. */
    private static final class SharedTable implements AutoCloseable {
        final InMemoryLockBackend locks;
        final InMemoryLockBackend otherLocks;

        SharedTable() {
            locks = InMemoryLockBackend.isolated(LeaseSettings.of("kart", Duration.ofMinutes(3), "node-1"), LockClock.system());
            otherLocks = locks.sharingTableWith(LeaseSettings.of("kart", Duration.ofMinutes(3), "node-2"));
        }

        Kart node(Path workspace, LockBackend backend) {
            return Kart.builder().workspace(workspace).set("kart.durable", false).lockBackend(backend).build();
        }

        @Override
        public void close() {
            locks.close();
            otherLocks.close();
        }
    }

    @Test
    void closingTheRuntimeInterruptsItsBuildAndReleasesEveryLeaseItHeld(@TempDir Path workspace) throws Exception {
        String key = UUID.randomUUID().toString();
        CountDownLatch running = new CountDownLatch(1);
        BEHAVIOURS.put(key, execution -> {
            running.countDown();
            hang();
        });
        Locked task = new Locked(key);
        try (SharedTable table = new SharedTable()) {
            Kart first = table.node(workspace, table.locks);
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> first.run(task, BuildOptions.defaults()));
            assertThat(running.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("run() started").isTrue();
            String uniqueId = first.uniqueId(task);
            assertThat(table.locks.heldLocks()).extracting(HeldLock::key).anyMatch(k -> k.endsWith(uniqueId));

            first.close();

            BuildReport<String> report = build.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(report.interrupted()).as("%s", report.summary()).isTrue();
            assertThat(report.succeeded()).isFalse();
            assertThat(report.rootOutcome().state()).isEqualTo(TaskState.INTERRUPTED);
            assertThat(report.summary()).contains("interrupted");
            assertThat(table.locks.heldLocks()).as("locks left by the closed runtime").isEmpty();
            BEHAVIOURS.put(key, execution -> { });
            try (Kart second = table.node(workspace, table.otherLocks)) {
                assertThat(withinGuard(() -> second.build(task)))
                        .as("another node runs the task at once").isEqualTo("done " + key);
            }
        }
    }

    @Test
    void interruptingTheBuildingThreadStopsTheBuildAndKeepsTheInterruptFlag(@TempDir Path workspace) throws Exception {
        String key = UUID.randomUUID().toString();
        CountDownLatch running = new CountDownLatch(1);
        BEHAVIOURS.put(key, execution -> {
            running.countDown();
            hang();
        });
        try (SharedTable table = new SharedTable(); Kart kart = table.node(workspace, table.locks)) {
            CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
            CompletableFuture<BuildReport<String>> report = new CompletableFuture<>();
            Thread building = new Thread(() -> {
                report.complete(kart.run(new Locked(key), BuildOptions.defaults()));
                flagAfter.complete(Thread.currentThread().isInterrupted());
            });
            building.start();
            assertThat(running.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();

            building.interrupt();

            assertThat(report.get(GUARD.toSeconds(), TimeUnit.SECONDS).rootOutcome().state()).isEqualTo(TaskState.INTERRUPTED);
            assertThat(flagAfter.get(GUARD.toSeconds(), TimeUnit.SECONDS)).as("interrupt flag after run()").isTrue();
            assertThat(table.locks.heldLocks()).as("locks left once the interrupted build returned").isEmpty();
        }
    }

    @Test
    void anInterruptedRerunOfATaskThatHasARecordIsRecordedInterrupted(@TempDir Path workspace) throws Exception {
        // The attempt's record is written on the interrupted thread; an interruptible write (a
        // FileChannel) closes at once there, which lost the record of a task that had one already.
        String key = UUID.randomUUID().toString();
        CountDownLatch running = new CountDownLatch(1);
        BEHAVIOURS.put(key, execution -> {
            if (execution > 1) {
                running.countDown();
                try {
                    hang();
                } catch (InterruptedException e) {
                    // as a well-behaved run() does: the flag stays set on the thread that records the attempt
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        });
        Locked task = new Locked(key);
        try (SharedTable table = new SharedTable(); Kart kart = table.node(workspace, table.locks)) {
            assertThat(kart.run(task, BuildOptions.defaults()).rootOutcome().state()).isEqualTo(TaskState.DONE);
            CompletableFuture<BuildReport<String>> report = new CompletableFuture<>();
            Thread building = new Thread(() -> report.complete(kart.run(task, BuildOptions.defaults().withRerunAll(true))));
            building.start();
            assertThat(running.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("the rerun's run() started").isTrue();

            building.interrupt();

            BuildReport<String> interrupted = report.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(interrupted.rootOutcome().state()).isEqualTo(TaskState.INTERRUPTED);
            List<String> outcomes = new ArrayList<>();
            for (boolean ofNodes : new boolean[] {false, true}) {
                for (JsonNode info : TaskInfoFiles.all(workspace, ofNodes)) {
                    if (info.path("uniqueId").asText().equals(interrupted.rootOutcome().uniqueId())) {
                        info.path("attempts").forEach(attempt -> outcomes.add(attempt.path("outcome").asText()));
                    }
                }
            }
            assertThat(outcomes).as("attempt outcomes in the task info files").contains("DONE", "INTERRUPTED");
        }
    }

    @Test
    void aTaskInterruptedWhileItWaitsToRetryIsRecordedInterruptedNotUnrun(@TempDir Path workspace) throws Exception {
        String key = UUID.randomUUID().toString();
        BEHAVIOURS.put(key, execution -> {
            throw new IllegalStateException("attempt " + execution + " failed");
        });
        Locked task = new Locked(key);
        CountDownLatch waitingToRetry = new CountDownLatch(1);
        BuildListener listener = new BuildListener() {
            @Override
            public void taskRetrying(RetryWait wait) {
                waitingToRetry.countDown();
            }
        };
        try (SharedTable table = new SharedTable();
                Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false)
                        .set("kart.retry.count", 3).set("kart.retry.delay", "10m").lockBackend(table.locks).build()) {
            CompletableFuture<BuildReport<String>> report = new CompletableFuture<>();
            Thread building = new Thread(() -> report.complete(kart.run(task, BuildOptions.defaults().withListener(listener))));
            building.start();
            assertThat(waitingToRetry.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("attempt 1 failed").isTrue();

            building.interrupt();

            BuildReport<String> interrupted = report.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            TaskOutcome outcome = interrupted.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.INTERRUPTED);
            assertThat(outcome.attempts()).isEqualTo(1);
            assertThat(failure(outcome)).isInstanceOf(InterruptedException.class)
                    .hasMessageContaining("waited to retry after attempt 1 failed")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(interrupted.summary()).contains("1 was interrupted while running, waiting for a lock or waiting to retry")
                    .doesNotContain("not run");
            assertThat(Executions.of(key)).isEqualTo(1);
            JsonNode info = TaskInfoFiles.of(workspace, task, outcome.uniqueId());
            assertThat(info.path("state").asText()).as("the task info file's state").isEqualTo("INTERRUPTED");
            assertThat(TaskInfoFiles.all(workspace, true)).as("this node's own record, which said RETRY_WAIT and"
                    + " whose attempt the task info file holds").isEmpty();
            assertThat(table.locks.heldLocks()).as("locks left once the interrupted build returned").isEmpty();
        }
    }

    @Test
    void runDoesNotStartUnderARunLeaseThatIsAlreadyGone(@TempDir Path workspace) {
        String key = UUID.randomUUID().toString();
        try (SharedTable table = new SharedTable();
                Kart kart = table.node(workspace, new LateGrants(table.locks))) {
            BuildReport<String> report = kart.run(new Locked(key), BuildOptions.defaults());

            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(failure(outcome)).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("ran out before run() could start (the lock server answered late, or the"
                            + " lease TTL, ").hasMessageContaining("kart.lock.ttl = ")
                    .hasMessageContaining(", is too short to take the lock and start run()); run() did not start");
            assertThat(Executions.of(key)).as("executions of run()").isZero();
        }
    }

    /**
     * A backend whose run leases arrive already over, as a grant does that Redis sent just before a
     * freeze longer than the TTL: each is released before it is handed out.
     */
    private record LateGrants(InMemoryLockBackend locks) implements LockBackend {
        @Override
        public CacheLock cacheLock() {
            return locks.cacheLock();
        }

        @Override
        public RunLock runLock() {
            return new RunLock() {
                @Override
                public Optional<Lease> tryAcquire(String uniqueId) {
                    return locks.runLock().tryAcquire(uniqueId).map(LateGrants::over);
                }

                @Override
                public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
                    return locks.runLock().acquire(uniqueId, timeout).map(LateGrants::over);
                }

                @Override
                public CompletionStage<Void> whenFree(String uniqueId) {
                    return locks.runLock().whenFree(uniqueId);
                }

                @Override
                public Optional<HeldLock> holder(String uniqueId) {
                    return locks.runLock().holder(uniqueId);
                }
            };
        }

        private static Lease over(Lease lease) {
            lease.close();
            return lease;
        }

        @Override
        public List<HeldLock> heldLocks() {
            return locks.heldLocks();
        }

        @Override
        public void close() {
        }
    }
}
