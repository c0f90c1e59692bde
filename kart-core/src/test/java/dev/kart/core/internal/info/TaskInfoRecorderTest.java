package dev.kart.core.internal.info;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.RetryWait;
import dev.kart.core.TaskState;
import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseLostException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockCollisionException;
import dev.kart.lock.LockException;
import dev.kart.lock.RunLock;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.NamedOutput;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes (two runtimes on one workspace and one lock table) build the same run-locked task: the
 * task info file is the record of the node that published the task's outputs, whatever the other
 * node did and whenever it wrote, and the other node's attempts are kept in a record of its own.
 */
class TaskInfoRecorderTest {
    private static final Duration GUARD = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @TempDir
    Path workspace;

    /**
     * A run-locked task whose first run, on whichever node, waits for the test to let it finish;
     * later runs return at once.
     *
     * @param key its gate in {@link #GATES}
     */
    @RunWithLock
    record Held(String key) implements Task<String> {
        @Override
        public String run(RunContext ctx) throws InterruptedException {
            Gate gate = GATES.get(key);
            if (gate.runs.incrementAndGet() == 1) {
                gate.started.countDown();
                assertThat(gate.release.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("released").isTrue();
            }
            return "made by " + key;
        }
    }

    /**
     * A task whose first runs fail.
     *
     * @param key its count of runs in {@link #RUNS}
     * @param failures how many of its runs fail
     */
    record FailsFirst(String key, int failures) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            int run = RUNS.computeIfAbsent(key, any -> new AtomicInteger()).incrementAndGet();
            if (run <= failures) {
                throw new IllegalStateException("run " + run + " of " + key + " failed");
            }
            return "made by run " + run;
        }
    }

    /**
     * A task whose runs succeed or fail as its script says, one character a run: {@code +} succeeds, {@code -}
     * fails; a first run that succeeds waits for its gate in {@link #GATES} to open.
     *
     * @param key its gate and count of runs
     * @param script what each run does
     */
    record Scripted(String key, String script) implements Task<String> {
        @Override
        public String run(RunContext ctx) throws InterruptedException {
            Gate gate = GATES.get(key);
            int run = gate.runs.incrementAndGet();
            if (script.charAt(run - 1) == '-') {
                throw new IllegalStateException("run " + run + " of " + key + " failed");
            }
            if (run == 1) {
                gate.started.countDown();
                assertThat(gate.release.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("released").isTrue();
            }
            return "made by run " + run;
        }
    }

    /**
     * A task with a main output and a named one.
     *
     * @param key makes each test's task a task of its own
     */
    record TwoFiles(String key) implements Task<String> {
        static final NamedOutput<String> EXTRA = NamedOutput.of("extra", "txt", String.class);

        @Override
        public String run(RunContext ctx) {
            ctx.dump(EXTRA, "extra of " + key);
            return "main of " + key;
        }

        @Override
        public List<NamedOutput<?>> namedOutputs() {
            return List.of(EXTRA);
        }
    }

    /** What a test and its task's first run say to each other. */
    private static final class Gate {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
    }

    @Test
    void aNodeThatFailedForGoodOnCollisionsKeepsItsAttemptsAndTheRunnersRecordStays() throws Exception {
        Held task = held();
        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lease("node-1"), LockClock.system());
        InMemoryLockBackend secondLocks = firstLocks.sharingTableWith(lease("node-2"));
        try (Kart first = node(firstLocks); Kart second = node(secondLocks, "kart.lock.on-collision", "fail",
                "kart.retry.count", 2, "kart.retry.delay", "10ms")) {
            CompletableFuture<BuildReport<String>> running = CompletableFuture.supplyAsync(
                    () -> first.run(task, BuildOptions.defaults()));
            awaitLatch(GATES.get(task.key()).started);

            BuildReport<String> collided = second.run(task, BuildOptions.defaults());
            assertThat(collided.rootOutcome().state()).as(collided.summary()).isEqualTo(TaskState.FAILED);
            GATES.get(task.key()).release.countDown();
            BuildReport<String> ran = running.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(ran.rootOutcome().state()).as(ran.summary()).isEqualTo(TaskState.DONE);

            String id = first.uniqueId(task);
            JsonNode info = mainInfo(task, id);
            assertThat(info.path("state").asText()).isEqualTo("DONE");
            assertThat(info.path("attempts")).singleElement()
                    .satisfies(attempt -> assertThat(attempt.path("outcome").asText()).isEqualTo("DONE"));
            assertThat(info.path("publications")).singleElement()
                    .satisfies(publication -> assertThat(publication.path("fencingToken").asLong()).isPositive());
            assertThat(info.path("lock").path("fencingTokens")).singleElement()
                    .satisfies(token -> assertThat(token.asLong()).isEqualTo(ran.rootOutcome().lock().runLeaseTokens().get(0)));

            assertThat(nodeRecords(task, id)).as("records of nodes that did not publish").singleElement().satisfies(other -> {
                assertThat(other.path("state").asText()).isEqualTo("FAILED");
                assertThat(other.path("runtime").asInt()).isNotEqualTo(info.path("runtime").asInt());
                assertThat(other.path("attempts")).hasSize(3).allSatisfy(attempt -> {
                    assertThat(attempt.path("outcome").asText()).isEqualTo("FAILED");
                    assertThat(attempt.path("error").asText()).contains(LockCollisionException.class.getName());
                    assertThat(attempt.path("collisions").asInt()).isEqualTo(1);
                });
                assertThat(other.path("lock").path("collisions").asInt()).isEqualTo(3);
                assertThat(other.path("publications")).isEmpty();
            });
        } finally {
            firstLocks.close();
            secondLocks.close();
        }
    }

    /**
     * A node that failed at once on a collision (no retries) wrote its record while the runner was
     * still running: its summary names the file that keeps its own attempts, not the task's info
     * file, which the runner's DONE record takes over.
     */
    @Test
    void theSummaryOfANodeThatFailedOnACollisionNamesItsOwnRecord() throws Exception {
        Held task = held();
        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lease("node-1"), LockClock.system());
        InMemoryLockBackend secondLocks = firstLocks.sharingTableWith(lease("node-2"));
        try (Kart first = node(firstLocks); Kart second = node(secondLocks, "kart.lock.on-collision", "fail",
                "kart.retry.count", 0)) {
            CompletableFuture<BuildReport<String>> running = CompletableFuture.supplyAsync(
                    () -> first.run(task, BuildOptions.defaults()));
            awaitLatch(GATES.get(task.key()).started);

            BuildReport<String> collided = second.run(task, BuildOptions.defaults());
            GATES.get(task.key()).release.countDown();
            BuildReport<String> ran = running.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(ran.rootOutcome().state()).as(ran.summary()).isEqualTo(TaskState.DONE);

            assertThat(collided.rootOutcome().state()).as(collided.summary()).isEqualTo(TaskState.FAILED);
            Path pointer = collided.rootOutcome().taskInfo().orElseThrow();
            assertThat(collided.summary()).contains(pointer.getFileName().toString());
            JsonNode pointed = JSON.readTree(pointer.toFile());
            assertThat(pointed.path("state").asText()).as(pointer.toString()).isEqualTo("FAILED");
            assertThat(pointed.path("attempts")).singleElement().satisfies(attempt ->
                    assertThat(attempt.path("error").asText()).contains(LockCollisionException.class.getName()));
            assertThat(mainInfo(task, first.uniqueId(task)).path("state").asText()).isEqualTo("DONE");
        } finally {
            firstLocks.close();
            secondLocks.close();
        }
    }

    /**
     * The case of the multi-process chaos runs: a node whose attempt began before the runner
     * published, and which then failed to reach the lock backend, wrote its RETRY_WAIT record over
     * the runner's.
     */
    @Test
    void aNodeThatFailedToGetTheRunLockAfterTheRunnerPublishedDoesNotReplaceItsRecord() throws Exception {
        Held task = held();
        String id = uniqueId(task);

        BuildReport<String> foundDone = runnerThenANodeThatFailedToGetTheRunLock(task);

        JsonNode info = mainInfo(task, id);
        assertThat(info.path("state").asText()).isEqualTo("DONE");
        assertThat(info.path("publications")).hasSize(1);
        assertThat(foundDone.rootOutcome().lock().ranBy()).contains(info.path("node").asText());
        assertThat(nodeRecords(task, id)).singleElement().satisfies(other -> {
            assertThat(other.path("state").asText()).isEqualTo("ALREADY_COMPLETE");
            assertThat(other.path("attempts")).singleElement().satisfies(attempt ->
                    assertThat(attempt.path("error").asText()).contains(LockException.class.getName(), "unreachable"));
            assertThat(other.path("publications")).isEmpty();
        });
    }

    /**
     * As above, with a directory at the task's info path: the runner's record goes to its own file, and
     * the node that found the task done names the runner from there.
     */
    @Test
    void aNodeThatFoundTheTaskDoneNamesTheRunnerFromItsOwnRecordWhenADirectoryTookTheTaskInfoPath() throws Exception {
        Held task = held();
        String id = uniqueId(task);
        Files.createDirectories(infoPath(task, id));

        BuildReport<String> foundDone = runnerThenANodeThatFailedToGetTheRunLock(task);

        JsonNode runner = nodeRecords(task, id).stream().filter(record -> record.path("state").asText().equals("DONE"))
                .findFirst().orElseThrow();
        assertThat(foundDone.rootOutcome().lock().ranBy()).contains(runner.path("node").asText());
        assertThat(infoPath(task, id)).as("what stood there, left as it was").isEmptyDirectory();
    }

    /**
     * A runner takes the task's run lock and runs it; a second node's try for the run lock waits, and
     * fails as an unreachable Redis would once the runner has published.
     *
     * @return the second node's build, which found the task done on its retry
     */
    private BuildReport<String> runnerThenANodeThatFailedToGetTheRunLock(Held task) throws Exception {
        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lease("node-1"), LockClock.system());
        InMemoryLockBackend secondLocks = firstLocks.sharingTableWith(lease("node-2"));
        UnreachableOnce unreachable = new UnreachableOnce(secondLocks);
        try (Kart first = node(firstLocks); Kart second = node(unreachable, "kart.lock.on-collision", "fail",
                "kart.retry.count", 1, "kart.retry.delay", "10ms")) {
            CompletableFuture<BuildReport<String>> running = CompletableFuture.supplyAsync(
                    () -> first.run(task, BuildOptions.defaults()));
            awaitLatch(GATES.get(task.key()).started);
            CompletableFuture<BuildReport<String>> failing = CompletableFuture.supplyAsync(
                    () -> second.run(task, BuildOptions.defaults()));
            awaitLatch(unreachable.entered);

            GATES.get(task.key()).release.countDown();
            BuildReport<String> ran = running.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(ran.rootOutcome().state()).as(ran.summary()).isEqualTo(TaskState.DONE);
            unreachable.fail.countDown();
            BuildReport<String> foundDone = failing.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(foundDone.rootOutcome().state()).as(foundDone.summary()).isEqualTo(TaskState.ALREADY_COMPLETE);
            return foundDone;
        } finally {
            firstLocks.close();
            secondLocks.close();
        }
    }

    /**
     * A node whose run lease expired while {@code run()} ran: another node took the lease and
     * published; the first one's attempt failed with a lost lease (its run stopped, or its publish
     * refused), whichever of the two nodes wrote first. Its attempt is kept in its own record, and
     * the task's record stays the publisher's.
     */
    @Test
    void aNodeThatRanButLostItsPublishKeepsItsAttemptAndThePublishersRecordStays() throws Exception {
        Held task = held();
        // no renewal: the first node's run lease runs out while its run() waits for the test
        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(
                lease("node-1").withTtl(Duration.ofSeconds(3)).withoutRenewal(), LockClock.system());
        InMemoryLockBackend secondLocks = firstLocks.sharingTableWith(lease("node-2"));
        try (Kart first = node(firstLocks); Kart second = node(secondLocks, "kart.lock.on-collision", "wait")) {
            CompletableFuture<BuildReport<String>> losing = CompletableFuture.supplyAsync(
                    () -> first.run(task, BuildOptions.defaults()));
            awaitLatch(GATES.get(task.key()).started);

            BuildReport<String> published = second.run(task, BuildOptions.defaults());
            assertThat(published.rootOutcome().state()).as(published.summary()).isEqualTo(TaskState.DONE);
            GATES.get(task.key()).release.countDown();
            BuildReport<String> lost = losing.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(lost.rootOutcome().state()).as(lost.summary()).isEqualTo(TaskState.FAILED);
            assertThat(lost.rootOutcome().failure()).containsInstanceOf(LeaseLostException.class);

            String id = first.uniqueId(task);
            JsonNode info = mainInfo(task, id);
            assertThat(info.path("state").asText()).isEqualTo("DONE");
            assertThat(info.path("lock").path("collisions").asInt()).isEqualTo(1);
            assertThat(info.path("publications")).singleElement().satisfies(publication -> assertThat(
                    publication.path("fencingToken").asLong()).isEqualTo(published.rootOutcome().lock().publishTokens().get(0)));
            assertThat(nodeRecords(task, id)).singleElement().satisfies(loser -> {
                assertThat(loser.path("state").asText()).isEqualTo("FAILED");
                assertThat(loser.path("attempts")).singleElement().satisfies(attempt ->
                        assertThat(attempt.path("error").asText()).contains(LeaseLostException.class.getName()));
                assertThat(loser.path("lock").path("fencingTokens")).singleElement().satisfies(token ->
                        assertThat(token.asLong()).isEqualTo(lost.rootOutcome().lock().runLeaseTokens().get(0)));
                assertThat(loser.path("publications")).isEmpty();
            });
        } finally {
            firstLocks.close();
            secondLocks.close();
        }
    }

    /**
     * A build interrupted while its task waited to retry: the task's record says INTERRUPTED as of
     * the interrupt, which {@code kart info} gives as the record's time, not as of the end of the
     * attempt that failed before the wait; it lists that attempt only, and the node's own record of
     * the attempt, written while it waited, is gone: the workspace keeps one record of the build.
     */
    @Test
    void aTaskInterruptedWhileItWaitsToRetryIsRecordedAsOfTheInterruptInOneRecord() throws Exception {
        FailsFirst task = new FailsFirst(UUID.randomUUID().toString(), 4);
        InMemoryLockBackend locks = InMemoryLockBackend.isolated(lease("node-1"), LockClock.system());
        try (Kart kart = node(locks, "kart.retry.count", 3, "kart.retry.delay", "10m")) {
            Instant interrupted = interruptWhileWaitingToRetry(kart, task);

            String id = kart.uniqueId(task);
            assertThat(nodeRecords(task, id)).as("records of single nodes").isEmpty();
            JsonNode info = mainInfo(task, id);
            assertThat(info.path("state").asText()).isEqualTo("INTERRUPTED");
            Instant end = Instant.parse(info.path("end").asText());
            assertThat(end).as("the record's end").isAfterOrEqualTo(interrupted);
            assertThat(info.path("durationMillis").asLong())
                    .isEqualTo(Duration.between(Instant.parse(info.path("start").asText()), end).toMillis());
            assertThat(info.path("attempts")).as("the attempts that ran").singleElement().satisfies(attempt -> {
                assertThat(attempt.path("outcome").asText()).isEqualTo("FAILED");
                assertThat(attempt.path("error").asText()).contains(IllegalStateException.class.getName(), "run 1 of");
                assertThat(Instant.parse(attempt.path("end").asText())).isBefore(interrupted);
            });
        } finally {
            locks.close();
        }
    }

    @Test
    void aNodeThatPublishesAfterAFailedAttemptLeavesOneRecordHoldingBothAttempts() throws Exception {
        FailsFirst task = new FailsFirst(UUID.randomUUID().toString(), 1);
        InMemoryLockBackend locks = InMemoryLockBackend.isolated(lease("node-1"), LockClock.system());
        try (Kart kart = node(locks, "kart.retry.count", 1, "kart.retry.delay", "10ms")) {
            BuildReport<String> report = kart.run(task, BuildOptions.defaults());
            assertThat(report.rootOutcome().state()).as(report.summary()).isEqualTo(TaskState.DONE);

            String id = kart.uniqueId(task);
            assertThat(nodeRecords(task, id)).as("records of single nodes").isEmpty();
            JsonNode info = mainInfo(task, id);
            assertThat(info.path("state").asText()).isEqualTo("DONE");
            assertThat(info.path("attempts")).extracting(attempt -> attempt.path("outcome").asText())
                    .containsExactly("FAILED", "DONE");
            assertThat(report.rootOutcome().taskInfo()).contains(
                    logDirectory().resolve(task.getClass().getSimpleName() + "_" + id + ".json"));
            assertThat(report.rootOutcome().taskInfoUri()).as("a local file needs no second name").isEmpty();
        } finally {
            locks.close();
        }
    }

    /**
     * A node fails a task for good (two attempts) while another node's build of it runs: the failing node
     * writes the task's record, as no node had published, and removes its own; the other node, which
     * then publishes, replaces that record and keeps it as the failing node's own, for it is of this build.
     */
    @Test
    void aFailureOfThisBuildIsKeptAsTheFailingNodesOwnWhenAnotherNodeReplacesItsRecord() throws Exception {
        Scripted task = scripted("+--", true);
        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lease("node-1"), LockClock.system());
        InMemoryLockBackend secondLocks = firstLocks.sharingTableWith(lease("node-2"));
        try (Kart first = node(firstLocks, "kart.retry.count", 1, "kart.retry.delay", "10ms");
                Kart second = node(secondLocks)) {
            CompletableFuture<BuildReport<String>> publishing = CompletableFuture.supplyAsync(
                    () -> second.run(task, BuildOptions.defaults()));
            awaitLatch(GATES.get(task.key()).started);

            BuildReport<String> failed = first.run(task, BuildOptions.defaults());
            assertThat(failed.rootOutcome().state()).as(failed.summary()).isEqualTo(TaskState.FAILED);
            String id = first.uniqueId(task);
            assertThat(nodeRecords(task, id)).as("records of single nodes once the first node failed it").isEmpty();
            assertThat(mainInfo(task, id).path("state").asText()).isEqualTo("FAILED");

            GATES.get(task.key()).release.countDown();
            BuildReport<String> ran = publishing.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(ran.rootOutcome().state()).as(ran.summary()).isEqualTo(TaskState.DONE);

            assertThat(mainInfo(task, id).path("state").asText()).isEqualTo("DONE");
            assertThat(nodeRecords(task, id)).singleElement().satisfies(kept -> {
                assertThat(kept.path("state").asText()).isEqualTo("FAILED");
                assertThat(kept.path("attempts")).extracting(attempt -> attempt.path("outcome").asText())
                        .containsExactly("FAILED", "FAILED");
            });
        } finally {
            firstLocks.close();
            secondLocks.close();
        }
    }

    /**
     * A node fails the task (no node had published: the task's record is its failure); a later build on another
     * node publishes it while the failing node still runs, so its build may be the publisher's too, begun
     * earlier: the failure is kept as the failing node's own record, which its summary names. Once that node
     * has ended, the failure is of an earlier build, and the next publish removes it, as gokart writes a task's
     * log anew when it runs again.
     */
    @Test
    void aFailureOfAnEarlierBuildIsKeptWhileItsNodeRunsAndGoesAtThePublishAfterItEnded() throws Exception {
        Scripted task = scripted("-++", false);
        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lease("node-1"), LockClock.system());
        InMemoryLockBackend secondLocks = firstLocks.sharingTableWith(lease("node-2"));
        try (Kart second = node(secondLocks)) {
            String id;
            try (Kart first = node(firstLocks)) {
                assertThat(first.run(task, BuildOptions.defaults()).rootOutcome().state()).isEqualTo(TaskState.FAILED);
                id = first.uniqueId(task);
                assertThat(mainInfo(task, id).path("state").asText()).isEqualTo("FAILED");

                BuildReport<String> ran = second.run(task, BuildOptions.defaults());

                assertThat(ran.rootOutcome().state()).as(ran.summary()).isEqualTo(TaskState.DONE);
                assertThat(mainInfo(task, id).path("state").asText()).isEqualTo("DONE");
                assertThat(nodeRecords(task, id)).as("the running first node's failure, kept as its own")
                        .singleElement().satisfies(kept -> assertThat(kept.path("state").asText()).isEqualTo("FAILED"));
            }

            BuildReport<String> rerun = second.run(task, BuildOptions.defaults().withRerunAll(true));

            assertThat(rerun.rootOutcome().state()).as(rerun.summary()).isEqualTo(TaskState.DONE);
            assertThat(nodeRecords(task, id)).as("records of single nodes once the first node ended").isEmpty();
        } finally {
            firstLocks.close();
            secondLocks.close();
        }
    }

    /**
     * Three reruns on three nodes fail, each leaving its node's record beside the task's (its outputs
     * stand), and each node ends; a fourth rerun publishes, and those records go. So do records of ended
     * nodes in the other states a node keeps (waiting to retry when killed, interrupted, found done by
     * another). Kept: a record of a node still running, one of another host (it may be running), and a
     * publisher's record ({@code DONE}), some of whose files may stand. Then nodes take turns rerunning the
     * task: each rerun replaces the outputs and the task's record, and reruns add no file to log/.
     */
    @Test
    void aRerunThatPublishesRemovesTheRecordsOfEndedNodesEarlierBuildsAndRerunsAddNoFile() throws Exception {
        Scripted task = scripted("+---+++", false);
        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lease("node-1"), LockClock.system());
        InMemoryLockBackend secondLocks = firstLocks.sharingTableWith(lease("node-2"));
        BuildOptions rerun = BuildOptions.defaults().withRerunAll(true);
        try (Kart first = node(firstLocks); Kart second = node(secondLocks)) {
            assertThat(first.run(task, BuildOptions.defaults()).rootOutcome().state()).isEqualTo(TaskState.DONE);
            String id = first.uniqueId(task);
            int firstRuntime = mainInfo(task, id).path("runtime").asInt();
            for (int failing = 0; failing < 3; failing++) {
                try (Kart failingNode = node(secondLocks)) {
                    BuildReport<String> failed = failingNode.run(task, rerun);
                    assertThat(failed.rootOutcome().state()).as(failed.summary()).isEqualTo(TaskState.FAILED);
                }
            }
            List<Path> failures = nodeRecordFiles(task, id);
            assertThat(failures).as("the failed reruns' records").hasSize(3);
            Path failure = failures.get(0);
            for (String state : List.of("RETRY_WAIT", "INTERRUPTED", "ALREADY_COMPLETE")) {
                writeCopy(failure, "ended-" + state, copy -> copy.put("state", state));
            }
            List<Path> kept = List.of(
                    writeCopy(failure, "running", copy -> copy.put("runtime", firstRuntime)),
                    writeCopy(failure, "elsewhere", copy -> copy.put("host", "elsewhere")),
                    writeCopy(failure, "publisher", copy -> copy.put("state", "DONE")));

            List<Integer> recordedBy = new ArrayList<>();
            for (Kart rerunning : List.of(second, first, second)) {
                BuildReport<String> ran = rerunning.run(task, rerun);
                assertThat(ran.rootOutcome().state()).as(ran.summary()).isEqualTo(TaskState.DONE);
                JsonNode info = mainInfo(task, id);
                assertThat(info.path("state").asText()).isEqualTo("DONE");
                recordedBy.add(info.path("runtime").asInt());
                assertThat(nodeRecordFiles(task, id)).as("records of single nodes after a rerun that published")
                        .containsExactlyInAnyOrderElementsOf(kept);
            }
            assertThat(recordedBy.get(0)).as("the task's record is each rerun's: the runtimes %s", recordedBy)
                    .isNotEqualTo(recordedBy.get(1)).isEqualTo(recordedBy.get(2));
        } finally {
            firstLocks.close();
            secondLocks.close();
        }
    }

    /** Writes a changed copy of a node's record beside it, as the record of node {@code name}. */
    private static Path writeCopy(Path record, String name, Consumer<ObjectNode> change) throws IOException {
        ObjectNode copy = (ObjectNode) JSON.readTree(record.toFile());
        change.accept(copy);
        String file = record.getFileName().toString();
        Path written = record.resolveSibling(file.substring(0, file.indexOf(".node-")) + ".node-" + name + ".json");
        JSON.writeValue(written.toFile(), copy);
        return written;
    }

    /**
     * A publish with task info off writes no record, and removes the one there was, which describes the outputs
     * it replaced (a rerun) or remade (after they were deleted). A run that finds the task complete leaves it.
     */
    @Test
    void aPublishWithTaskInfoOffRemovesTheRecordOfTheOutputsItReplacedOrRemade() throws Exception {
        Scripted task = scripted("++++", false);
        InMemoryLockBackend locks = InMemoryLockBackend.isolated(lease("node-1"), LockClock.system());
        try (Kart recording = node(locks); Kart silent = node(locks, "kart.task-info.enabled", false)) {
            assertThat(recording.run(task, BuildOptions.defaults()).rootOutcome().state()).isEqualTo(TaskState.DONE);
            String id = recording.uniqueId(task);
            assertThat(silent.run(task, BuildOptions.defaults()).rootOutcome().state())
                    .isEqualTo(TaskState.ALREADY_COMPLETE);
            assertThat(infoPath(task, id)).as("the record of the outputs that stand").exists();

            BuildReport<String> rerun = silent.run(task, BuildOptions.defaults().withRerunAll(true));

            assertThat(rerun.rootOutcome().state()).as(rerun.summary()).isEqualTo(TaskState.DONE);
            assertThat(rerun.rootOutput()).contains("made by run 2");
            assertThat(infoPath(task, id)).as("the record of the outputs the rerun replaced").doesNotExist();

            assertThat(recording.run(task, BuildOptions.defaults().withRerunAll(true)).rootOutcome().state())
                    .isEqualTo(TaskState.DONE);
            assertThat(infoPath(task, id)).exists();
            assertThat(recording.remove(task)).isEqualTo(1);

            BuildReport<String> remade = silent.run(task, BuildOptions.defaults());

            assertThat(remade.rootOutput()).as(remade.summary()).contains("made by run 4");
            assertThat(infoPath(task, id)).as("the record of the outputs that were deleted").doesNotExist();
        } finally {
            locks.close();
        }
    }

    /**
     * A run that published the one file of a task found missing, keeping the other, replaces the task's record; the
     * record of the node whose file still stands is kept as that node's own.
     */
    @Test
    void aRunThatPublishedOneMissingFileKeepsTheRecordOfTheNodeWhoseOtherFileStands() throws Exception {
        TwoFiles task = new TwoFiles(UUID.randomUUID().toString());
        InMemoryLockBackend firstLocks = InMemoryLockBackend.isolated(lease("node-1"), LockClock.system());
        InMemoryLockBackend secondLocks = firstLocks.sharingTableWith(lease("node-2"));
        try (Kart first = node(firstLocks); Kart second = node(secondLocks)) {
            assertThat(first.run(task, BuildOptions.defaults()).rootOutcome().state()).isEqualTo(TaskState.DONE);
            String id = first.uniqueId(task);
            Path packageDirectory = workspace.resolve(TwoFiles.class.getPackageName().replace('.', '/'));
            Files.delete(packageDirectory.resolve("TwoFiles_" + id + ".extra.txt"));

            BuildReport<String> again = second.run(task, BuildOptions.defaults());

            assertThat(again.rootOutcome().state()).as(again.summary()).isEqualTo(TaskState.DONE);
            assertThat(mainInfo(task, id).path("publications")).singleElement()
                    .satisfies(published -> assertThat(published.path("path").asText()).endsWith(".extra.txt"));
            assertThat(nodeRecords(task, id)).as("the first node's record, whose main output stands").singleElement()
                    .satisfies(kept -> {
                        assertThat(kept.path("state").asText()).isEqualTo("DONE");
                        assertThat(kept.path("publications")).hasSize(2);
                    });
        } finally {
            firstLocks.close();
            secondLocks.close();
        }
    }

    /**
     * Builds the task in a thread of its own, and interrupts that thread once the task's first
     * attempt failed and it waits to retry.
     *
     * @return when the build was interrupted
     */
    private static Instant interruptWhileWaitingToRetry(Kart kart, Task<String> task) throws Exception {
        CountDownLatch waitingToRetry = new CountDownLatch(1);
        BuildListener listener = new BuildListener() {
            @Override
            public void taskRetrying(RetryWait wait) {
                waitingToRetry.countDown();
            }
        };
        CompletableFuture<BuildReport<String>> report = new CompletableFuture<>();
        Thread building = new Thread(() -> report.complete(kart.run(task, BuildOptions.defaults().withListener(listener))));
        building.start();
        awaitLatch(waitingToRetry);
        Instant interrupted = Instant.now();
        building.interrupt();
        BuildReport<String> ended = report.get(GUARD.toSeconds(), TimeUnit.SECONDS);
        assertThat(ended.rootOutcome().state()).as(ended.summary()).isEqualTo(TaskState.INTERRUPTED);
        return interrupted;
    }

    private static Held held() {
        Held task = new Held(UUID.randomUUID().toString());
        GATES.put(task.key(), new Gate());
        return task;
    }

    /**
     * @param script what each run does
     * @param held whether a first run that succeeds waits for the test to release it
     * @return a {@link Scripted} task
     */
    private static Scripted scripted(String script, boolean held) {
        Scripted task = new Scripted(UUID.randomUUID().toString(), script);
        Gate gate = new Gate();
        if (!held) {
            gate.release.countDown();
        }
        GATES.put(task.key(), gate);
        return task;
    }

    private static LeaseSettings lease(String owner) {
        return LeaseSettings.of("kart", Duration.ofSeconds(30), owner);
    }

    private Kart node(LockBackend locks, Object... pathsAndValues) {
        Kart.Builder builder = Kart.builder().workspace(workspace).workers(2).set("kart.durable", false).lockBackend(locks);
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            builder.set((String) pathsAndValues[i], pathsAndValues[i + 1]);
        }
        return builder.build();
    }

    private static void awaitLatch(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("reached in " + GUARD).isTrue();
    }

    private Path logDirectory() {
        return workspace.resolve("log").resolve(Held.class.getPackageName().replace('.', '/'));
    }

    /** The task's info file, {@code log/{package}/{Task}_{id}.json}. */
    private JsonNode mainInfo(Task<?> task, String id) throws IOException {
        return JSON.readTree(infoPath(task, id).toFile());
    }

    private String uniqueId(Task<?> task) {
        try (Kart kart = Kart.builder().workspace(workspace).build()) {
            return kart.uniqueId(task);
        }
    }

    private Path infoPath(Task<?> task, String id) {
        return logDirectory().resolve(task.getClass().getSimpleName() + "_" + id + ".json");
    }

    /** The records of single nodes, {@code log/{package}/{Task}_{id}.node-*.json}. */
    private List<JsonNode> nodeRecords(Task<?> task, String id) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (Path file : nodeRecordFiles(task, id)) {
            records.add(JSON.readTree(file.toFile()));
        }
        return records;
    }

    /** The files of the records of single nodes, sorted. */
    private List<Path> nodeRecordFiles(Task<?> task, String id) throws IOException {
        List<Path> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(logDirectory(),
                task.getClass().getSimpleName() + "_" + id + ".node-*.json")) {
            files.forEach(records::add);
        }
        records.sort(null);
        return records;
    }

    /**
     * A node's lock backend whose first try for a run lock waits for the test, then fails as an
     * unreachable Redis would; everything else goes to the real backend.
     */
    private static final class UnreachableOnce implements LockBackend, RunLock {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch fail = new CountDownLatch(1);
        private final AtomicBoolean failed = new AtomicBoolean();
        private final LockBackend backend;

        UnreachableOnce(LockBackend backend) {
            this.backend = backend;
        }

        @Override
        public Optional<Lease> tryAcquire(String uniqueId) {
            if (failed.compareAndSet(false, true)) {
                entered.countDown();
                try {
                    assertThat(fail.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("told to fail").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new LockException("lock backend unreachable (injected)");
            }
            return backend.runLock().tryAcquire(uniqueId);
        }

        @Override
        public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
            return backend.runLock().acquire(uniqueId, timeout);
        }

        @Override
        public CompletionStage<Void> whenFree(String uniqueId) {
            return backend.runLock().whenFree(uniqueId);
        }

        @Override
        public Optional<HeldLock> holder(String uniqueId) {
            return backend.runLock().holder(uniqueId);
        }

        @Override
        public CacheLock cacheLock() {
            return backend.cacheLock();
        }

        @Override
        public RunLock runLock() {
            return this;
        }

        @Override
        public List<HeldLock> heldLocks() {
            return backend.heldLocks();
        }

        @Override
        public void close() {
            // the test closes the real backend
        }
    }
}
