package dev.kart.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.BuildFailedException;
import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.TaskRef;
import dev.kart.core.TaskState;
import dev.kart.lock.Lease;
import dev.kart.lock.LockMode;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import dev.kart.test.fixtures.Await;
import dev.kart.test.fixtures.Executions;
import dev.kart.test.fixtures.WordTasks.Broken;
import dev.kart.test.fixtures.WordTasks.Counts;
import dev.kart.test.fixtures.WordTasks.Longest;
import dev.kart.test.fixtures.WordTasks.Words;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

class KartExtensionTest {
    private static final Duration GUARD = Duration.ofSeconds(30);

    /**
     * A run-locked task that takes a while.
     *
     * @param key counts runs
     */
    @RunWithLock
    record Slow(String key) implements Task<String> {
        @Override
        public String run(RunContext ctx) throws InterruptedException {
            Executions.record(key);
            Thread.sleep(100);
            return "slow " + key;
        }
    }

    /** The extension with default settings, registered by the annotation. */
    @Nested
    @KartTest
    class Defaults {
        private KartTestRuntime fromBeforeEach;
        private String key;

        @BeforeEach
        void remember(KartTestRuntime kart, TestInfo test) {
            fromBeforeEach = kart;
            key = test.getDisplayName() + "-" + UUID.randomUUID();
        }

        @Test
        void buildsATaskAndTellsWhatRan(KartTestRuntime kart) {
            Words words = new Words("a b a c a", key);
            Counts counts = new Counts(words, 2);

            Map<String, Long> output = kart.build(counts);

            assertThat(output).containsExactly(Map.entry("a", 3L));
            assertThat(kart.ran()).containsExactly(words, counts);
            assertThat(kart.loadedFromCache()).isEmpty();
            assertThat(kart.outputPath(counts)).exists().startsWith(kart.workspace());
            assertThat(kart.lastReport().rootOutcome().state()).isEqualTo(TaskState.DONE);
        }

        @Test
        void aSecondBuildLoadsFromTheCacheInsteadOfRunning(KartTestRuntime kart) {
            Words words = new Words("x y x", key);
            kart.build(new Counts(words, 1));

            Map<String, Long> again = kart.build(new Counts(words, 1));
            assertThat(again).containsEntry("x", 2L);
            assertThat(kart.ran()).isEmpty();
            assertThat(kart.loadedFromCache()).containsExactly(new Counts(words, 1));

            kart.build(new Counts(words, 2));
            assertThat(kart.ran()).containsExactly(new Counts(words, 2));
            assertThat(kart.loadedFromCache()).containsExactly(words);
            assertThat(Executions.of(key + "/words")).isEqualTo(1);
        }

        @Test
        void aFailedTaskFailsBuildWithTheSummaryAndRunReportsIt(KartTestRuntime kart) {
            Broken broken = new Broken(new Words("p q", key));

            assertThatThrownBy(() -> kart.build(broken)).isInstanceOf(BuildFailedException.class)
                    .hasMessageContaining("broken on purpose");
            BuildReport<String> report = kart.run(broken);
            assertThat(report.succeeded()).isFalse();
            assertThat(report.rootOutcome().state()).isEqualTo(TaskState.FAILED);
            assertThat(kart.ran()).isEmpty();
        }

        @Test
        void givesThePathsOfNamedOutputs(KartTestRuntime kart) {
            Longest longest = new Longest(new Words("to be or not", key));
            kart.build(longest);

            assertThat(kart.outputPath(longest, Longest.WORD)).hasContent("not");
            assertThatThrownBy(() -> kart.outputPath(longest)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no main output").hasMessageContaining("word");
        }

        @Test
        void beforeEachAndTheTestShareOneRuntimeWithTestFriendlySettings(KartTestRuntime kart) {
            assertThat(kart).isSameAs(fromBeforeEach);
            assertThat(kart.overrides()).containsEntry("kart.durable", false);
            assertThat(kart.kart().workspace()).isEqualTo(kart.workspace().toAbsolutePath().normalize());
        }

        @Test
        void aTestsLockTableIsItsOwnNotTheProcessWideOne(KartTestRuntime kart) {
            String target = "dev/kart/Sample_" + key + ".json";
            try (Lease lease = kart.lockBackend().cacheLock().tryAcquire(target, LockMode.EXCLUSIVE).orElseThrow();
                    var processWide = InMemoryLockBackend.processWide(LeaseSettings.of("kart", Duration.ofMinutes(1), "test"))) {
                assertThat(lease.key()).isEqualTo("kart:cache:" + target);
                assertThat(processWide.cacheLock().tryAcquire(target, LockMode.EXCLUSIVE)).isPresent()
                        .get().satisfies(Lease::close);
                assertThat(processWide.heldLocks()).noneMatch(held -> held.key().equals(lease.key()));
                assertThat(kart.kart().lockBackend().heldLocks()).extracting(held -> held.key()).contains(lease.key());
            }
        }

        @Test
        void anotherNodeSharesWorkspaceAndLocks(KartTestRuntime kart) {
            Counts counts = new Counts(new Words("m n m", key), 1);
            kart.build(counts);
            KartTestRuntime second = kart.anotherNode();

            assertThat(second.build(counts)).containsEntry("m", 2L);
            assertThat(second.ran()).isEmpty();
            assertThat(second.loadedFromCache()).containsExactly(counts);
            assertThat(second.workspace()).isEqualTo(kart.workspace());
            try (Lease lease = second.lockBackend().runLock().tryAcquire("some-id").orElseThrow()) {
                assertThat(kart.lockBackend().runLock().tryAcquire("some-id")).isEmpty();
                assertThat(kart.lockBackend().heldLocks()).singleElement().satisfies(held -> {
                    assertThat(held.holder()).startsWith("node-2");
                    assertThat(held.fencingToken()).isEqualTo(lease.fencingToken());
                });
            }
        }

        @Test
        void leaseTimeMovesOnlyWithTheClockAndRenewalsKeepLeases(KartTestRuntime kart) {
            Duration ttl = kart.lease().ttl();
            try (Lease lease = kart.lockBackend().runLock().tryAcquire("id").orElseThrow()) {
                kart.clock().advance(ttl.multipliedBy(10));
                assertThat(lease.isHeld()).isTrue();
                assertThat(kart.anotherNode().lockBackend().runLock().tryAcquire("id")).isEmpty();
            }
        }

        @Test
        void twoNodesBuildingTogetherRunARunLockedTaskOnce(KartTestRuntime kart) throws Exception {
            KartTestRuntime other = kart.anotherNode();
            Slow task = new Slow(key);

            CompletableFuture<String> here = CompletableFuture.supplyAsync(() -> kart.build(task));
            CompletableFuture<String> there = CompletableFuture.supplyAsync(() -> other.build(task));

            assertThat(here.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo(there.get(GUARD.toSeconds(), TimeUnit.SECONDS));
            assertThat(Stream.concat(kart.ran().stream(), other.ran().stream())).containsExactly(task);
            assertThat(Executions.of(key)).isEqualTo(1);
        }

        @Test
        void aCrashedNodesRunLockExpiresAfterTheTtlAndTheTaskRunsHere(KartTestRuntime kart) throws Exception {
            Slow task = new Slow(key);
            KartTestRuntime crashed = kart.anotherNode();
            String id = kart.kart().uniqueId(task);
            Lease stale = crashed.lockBackend().runLock().tryAcquire(id).orElseThrow();
            crashed.lockBackend().close();                     // the node dies: no more renewals
            int timers = kart.clock().pendingTimers();

            CompletableFuture<String> build = CompletableFuture.supplyAsync(() -> kart.build(task));
            // the parked task watches the stale lease, which sets a timer at its expiry
            Await.until("the build waits for the crashed node's run lease", GUARD,
                    () -> kart.clock().pendingTimers() > timers || build.isDone());
            assertThat(build).as("built while a live lease was held").isNotDone();
            kart.clock().advance(kart.lease().ttl().plusSeconds(1));

            assertThat(build.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo("slow " + key);
            assertThat(stale.isHeld()).isFalse();
            assertThat(kart.ran()).containsExactly(task);
        }

        @Test
        void nothingBuiltYetIsAClearError(KartTestRuntime kart) {
            assertThatThrownBy(kart::ran).isInstanceOf(IllegalStateException.class).hasMessageContaining("build(task)");
        }
    }

    /** Settings of the test's own, given to a registered extension. */
    @Nested
    class Configured {
        @RegisterExtension
        final KartExtension extension = KartExtension.create().with("kart.workers", 3).with("kart.lock.ttl", "20s")
                .withoutLeaseRenewal();

        @Test
        void overridesApply(KartTestRuntime kart) {
            assertThat(kart.overrides()).containsEntry("kart.workers", 3).containsEntry("kart.durable", false);
            assertThat(kart.lease().ttl()).hasSeconds(20);
            assertThat(kart.lease().renews()).isFalse();
        }

        @Test
        void withoutRenewalLeasesExpireWhenTheClockPassesTheirTtl(KartTestRuntime kart) {
            try (Lease lease = kart.lockBackend().runLock().tryAcquire("id").orElseThrow()) {
                kart.clock().advance(Duration.ofSeconds(19));
                assertThat(lease.isHeld()).isTrue();
                kart.clock().advance(Duration.ofSeconds(2));
                assertThat(lease.isHeld()).isFalse();
                assertThat(kart.anotherNode().lockBackend().runLock().tryAcquire("id")).isPresent();
            }
        }
    }

    @Test
    void theExtensionRefusesTheSettingsItOwns() {
        assertThatThrownBy(() -> KartExtension.create().with("kart.workspace", "/tmp/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kart.workspace")
                .hasMessageContaining("workspace()");
        assertThatThrownBy(() -> KartExtension.create().with("kart.lock.backend", "redis"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kart.lock.backend");
    }

    @Test
    void aWrongOverrideFailsWithTheKeyNamed() {
        assertThatThrownBy(() -> KartTestRuntime.start(Map.of("kart.wrokers", 2), true))
                .hasMessageContaining("kart.wrokers");
    }

    /** @param index which leaf */
    record Leaf(int index) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return index;
        }
    }

    /** @param leaves independent leaves, all ready at the start */
    record Fan(List<Leaf> leaves) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return leaves.stream().mapToInt(ctx::load).sum();
        }
    }

    @Test
    void eachNodeTakesReadyTasksInAnOrderOfItsOwnTheSameOnEveryRun() {
        Map<String, Object> oneWorker = Map.of("kart.workers", 1, "kart.durable", false);
        List<Integer> firstNode;
        List<Integer> secondNode;
        try (KartTestRuntime kart = KartTestRuntime.start(oneWorker, true)) {
            secondNode = startOrder(kart.anotherNode());
            firstNode = startOrder(KartTestRuntime.start(oneWorker, true));
        }
        List<Integer> firstNodeAgain;
        try (KartTestRuntime kart = KartTestRuntime.start(oneWorker, true)) {
            firstNodeAgain = startOrder(kart);
        }

        assertThat(firstNodeAgain).as("node-1 in another test runtime").isEqualTo(firstNode);
        assertThat(secondNode).as("node-2").containsExactlyInAnyOrderElementsOf(firstNode).isNotEqualTo(firstNode);
    }

    /** The leaves the runtime started, in order, building a fan-out of 12 in its workspace; then closes it. */
    private static List<Integer> startOrder(KartTestRuntime kart) {
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        BuildListener recorder = new BuildListener() {
            @Override
            public void taskStarted(TaskRef task) {
                if (task.task() instanceof Leaf leaf) {
                    started.add(leaf.index());
                }
            }
        };
        try (kart) {
            BuildReport<Integer> report = kart.run(new Fan(IntStream.range(0, 12).mapToObj(Leaf::new).toList()),
                    BuildOptions.defaults().withListener(recorder));
            assertThat(report.succeeded()).as(report.summary()).isTrue();
        }
        return List.copyOf(started);
    }

    @Test
    void closingDeletesTheWorkspaceAndIsIdempotent() throws Exception {
        KartTestRuntime kart = KartTestRuntime.start(Map.of("kart.durable", false), true);
        Path workspace = kart.workspace();
        kart.build(new Words("left behind", UUID.randomUUID().toString()));
        try (var files = Files.walk(workspace)) {
            assertThat(files.filter(Files::isRegularFile).count()).isGreaterThanOrEqualTo(2);
        }

        kart.close();
        kart.close();

        assertThat(workspace).doesNotExist();
        assertThatThrownBy(kart::anotherNode).isInstanceOf(IllegalStateException.class);
    }
}
