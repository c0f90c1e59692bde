package dev.kart.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kart.CacheReadException;
import dev.kart.CacheWriteException;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.RunLock;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheStoreTest {
    @TempDir
    Path workspace;

    record Counts(String text) implements Task<Map<String, Long>> {
        @Override
        public Map<String, Long> run(RunContext ctx) {
            return Map.of(text, 1L);
        }
    }

    record Total(Counts counts) implements Task<Long> {
        @Override
        public Long run(RunContext ctx) {
            return ctx.load(counts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Declares a table and returns a row with an absent cell, which no cell's text reads back as. */
    @OutputFormat("csv")
    record NotATable(int n) implements Task<List<Map<String, String>>> {
        @Override
        public List<Map<String, String>> run(RunContext ctx) {
            Map<String, String> row = new java.util.HashMap<>();
            row.put("absent", null);
            return List.of(row);
        }
    }

    /** Another node, standing by to build an {@link Overtaken} while this one runs it. */
    static final Map<String, Kart> OTHER_NODE = new ConcurrentHashMap<>();

    /**
     * While it runs, has another node (a second runtime on the same workspace, with locks of its own)
     * build the same task and publish its output first.
     */
    record Overtaken(String key) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            Kart other = OTHER_NODE.remove(key);
            if (other == null) {
                return "published by the other node";
            }
            other.build(this);
            return "computed by this node";
        }
    }

    /** kart.load-threads = 0 means one thread per processor on a local disk, 16 on another store; any other count is kept. */
    @Test
    void loadThreadsOfZeroFollowTheStore() {
        assertThat(CacheStore.loadThreads(0, true, 2)).isEqualTo(2);
        assertThat(CacheStore.loadThreads(0, false, 2)).isEqualTo(16);
        assertThat(CacheStore.loadThreads(1, false, 2)).isEqualTo(1);
        assertThat(CacheStore.loadThreads(40, true, 2)).isEqualTo(40);
    }

    @Test
    void aDumpKeepsAFileAnotherNodePublishedMeanwhileAndDoesNotClaimToHavePublishedIt() throws Exception {
        Overtaken task = new Overtaken("kept");
        try (Kart kart = Runtimes.kart(workspace); Kart other = Runtimes.kart(workspace)) {
            OTHER_NODE.put(task.key(), other);

            BuildReport<String> report = kart.run(task, BuildOptions.defaults());

            assertThat(OTHER_NODE).as("the other node built it").doesNotContainKey(task.key());
            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.attempts()).as("this node ran it too").isEqualTo(1);
            assertThat(outcome.state()).as("its outputs are the other node's").isEqualTo(TaskState.ALREADY_COMPLETE);
            assertThat(outcome.lock().publishTokens()).as("this node published nothing").isEmpty();
            assertThat(report.rootOutput()).contains("published by the other node");
            assertThat(kart.load(task)).isEqualTo("published by the other node");
            Path file = Path.of(kart.outputs(task).get(0).uri());
            try (var files = Files.list(file.getParent())) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("no temporary file").noneMatch(name -> name.endsWith(dev.kart.core.internal.storage.AtomicPublisher.TEMP_SUFFIX));
            }
            Path log = workspace.resolve("log/dev/kart/core/internal/cache");
            String name = "Overtaken_" + kart.uniqueId(task);
            JsonNode taskRecord = new ObjectMapper().readTree(log.resolve(name + ".json").toFile());
            assertThat(taskRecord.get("state").asText()).as("the task's record is the publisher's").isEqualTo("DONE");
            assertThat(taskRecord.get("publications")).hasSize(1);
            List<Path> nodeRecords;
            try (var files = Files.list(log)) {
                nodeRecords = files.filter(f -> f.getFileName().toString().startsWith(name + ".node-")).toList();
            }
            assertThat(nodeRecords).as("this node's own record").hasSize(1);
            JsonNode nodeRecord = new ObjectMapper().readTree(nodeRecords.get(0).toFile());
            assertThat(nodeRecord.get("publications")).as("this node's record claims no publication").isEmpty();
            assertThat(nodeRecord.get("log").toString())
                    .contains(file + " existed already (another holder published it meanwhile");
        }
    }

    /**
     * Another node holds the exclusive cache lock of the task's output (it is writing the same file) past
     * this node's cache wait: the failure names that node, as a run lock collision names its holder.
     */
    @Test
    void aCacheLockWaitThatRanOutNamesTheHolder() throws Exception {
        Counts counts = new Counts("held-" + System.nanoTime());
        try (InMemoryLockBackend otherNode = otherNode();
                Kart kart = kartWaitingBriefly(otherNode.sharingTableWith(node("build-1:17")))) {
            String output = kart.outputs(counts).get(0).relativePath();
            try (Lease writing = otherNode.cacheLock().tryAcquire(output, LockMode.EXCLUSIVE).orElseThrow()) {
                BuildReport<Map<String, Long>> report = kart.run(counts, BuildOptions.defaults());

                assertThat(report.rootOutcome().state()).isEqualTo(TaskState.FAILED);
                assertThat(report.rootOutcome().failure().orElseThrow()).isInstanceOf(LockException.class)
                        .hasMessageContaining("timed out waiting for the exclusive cache lock of " + output
                                + " (kart.lock.cache-wait-timeout = 200ms): held by build-2:4170 (exclusive), lease"
                                + " expires in ")
                        .hasMessageContaining(" unless renewed")
                        .hasMessageNotContaining("build-1:17");
            }
        }
    }

    /** Two other nodes read the task's output past this node's cache wait to write it: both are named, once each. */
    @Test
    void aCacheLockWaitThatRanOutNamesEachSharedHolder() throws Exception {
        Counts counts = new Counts("read-" + System.nanoTime());
        try (InMemoryLockBackend otherNode = otherNode();
                InMemoryLockBackend thirdNode = otherNode.sharingTableWith(node("build-3:88"));
                Kart kart = kartWaitingBriefly(otherNode.sharingTableWith(node("build-1:17")))) {
            String output = kart.outputs(counts).get(0).relativePath();
            try (Lease reading = otherNode.cacheLock().tryAcquire(output, LockMode.SHARED).orElseThrow();
                    Lease alsoReading = thirdNode.cacheLock().tryAcquire(output, LockMode.SHARED).orElseThrow()) {
                BuildReport<Map<String, Long>> report = kart.run(counts, BuildOptions.defaults());

                assertThat(report.rootOutcome().failure().orElseThrow()).isInstanceOf(LockException.class)
                        .hasMessageContaining("timed out waiting for the exclusive cache lock of " + output
                                + " (kart.lock.cache-wait-timeout = 200ms): held by build-2:4170, build-3:88 (shared), leases"
                                + " expire in up to ")
                        .hasMessageEndingWith(" unless renewed");
            }
        }
    }

    /** A backend that cannot say who holds the lock: the wait that ran out is told all the same, without a holder. */
    @Test
    void aCacheLockWaitThatRanOutIsToldWhenTheHoldersCannotBeLookedUp() throws Exception {
        Counts counts = new Counts("unknown-holder-" + System.nanoTime());
        try (InMemoryLockBackend otherNode = otherNode();
                Kart kart = kartWaitingBriefly(new HoldersUnreachable(
                        otherNode.sharingTableWith(node("build-1:17"))))) {
            String output = kart.outputs(counts).get(0).relativePath();
            try (Lease writing = otherNode.cacheLock().tryAcquire(output, LockMode.EXCLUSIVE).orElseThrow()) {
                BuildReport<Map<String, Long>> report = kart.run(counts, BuildOptions.defaults());

                assertThat(report.rootOutcome().failure().orElseThrow()).isInstanceOf(LockException.class)
                        .hasMessageEndingWith("timed out waiting for the exclusive cache lock of " + output
                                + " (kart.lock.cache-wait-timeout = 200ms)")
                        .hasMessageNotContaining("held by");
            }
        }
    }

    /** The wait is quoted as the user wrote it: 1000ms stays 1000ms, not the 1s it equals. */
    @Test
    void aCacheLockWaitThatRanOutQuotesTheTimeoutAsWritten() throws Exception {
        Counts counts = new Counts("written-" + System.nanoTime());
        try (InMemoryLockBackend otherNode = otherNode();
                Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false)
                        .set("kart.lock.cache-wait-timeout", "1000ms")
                        .lockBackend(otherNode.sharingTableWith(node("build-1:17"))).build()) {
            String output = kart.outputs(counts).get(0).relativePath();
            try (Lease writing = otherNode.cacheLock().tryAcquire(output, LockMode.EXCLUSIVE).orElseThrow()) {
                BuildReport<Map<String, Long>> report = kart.run(counts, BuildOptions.defaults());

                assertThat(report.rootOutcome().failure().orElseThrow()).isInstanceOf(LockException.class)
                        .hasMessageContaining("timed out waiting for the exclusive cache lock of " + output
                                + " (kart.lock.cache-wait-timeout = 1000ms): held by build-2:4170")
                        .hasMessageNotContaining("= 1s");
            }
        }
    }

    /** The other node, build-2:4170, whose lock table the tests share with this node's and any third one's. */
    private static InMemoryLockBackend otherNode() {
        return InMemoryLockBackend.isolated(node("build-2:4170"), LockClock.system());
    }

    /** Lease settings of a node named {@code owner} (host:pid, as the failures name it), leases of a minute. */
    private static LeaseSettings node(String owner) {
        return LeaseSettings.of("kart", Duration.ofMinutes(1), owner);
    }

    /**
     * A build on this node, over {@code thisNode}'s locks, whose cache lock waits run out after 200 ms: a lock
     * another node holds fails it soon. Not durable: no fsync slows the tests.
     */
    private Kart kartWaitingBriefly(LockBackend thisNode) {
        return Kart.builder().workspace(workspace).set("kart.durable", false)
                .set("kart.lock.cache-wait-timeout", "200ms").lockBackend(thisNode).build();
    }

    /** A backend whose cache locks work but whose lookup of a key's holders fails, as when Redis stops answering then. */
    private record HoldersUnreachable(LockBackend backend) implements LockBackend {
        @Override
        public CacheLock cacheLock() {
            CacheLock lock = backend.cacheLock();
            return new CacheLock() {
                @Override
                public Optional<Lease> tryAcquire(String target, LockMode mode) {
                    return lock.tryAcquire(target, mode);
                }

                @Override
                public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException {
                    return lock.acquire(target, mode, timeout);
                }

                @Override
                public List<HeldLock> holders(String target) {
                    throw new LockException("looking up the holders of " + target + " failed: connection reset");
                }
            };
        }

        @Override
        public RunLock runLock() {
            return backend.runLock();
        }

        @Override
        public List<HeldLock> heldLocks() {
            return backend.heldLocks();
        }

        @Override
        public void close() {
            backend.close();
        }
    }

    @Test
    void aCorruptCacheFileFailsItsReaderWithTheFileNamedAndIsLeftAsItWas() throws Exception {
        Counts counts = new Counts("word");
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(counts);
            Path file = Path.of(kart.outputs(counts).get(0).uri());
            Files.writeString(file, "{\"word\": 1");

            BuildReport<Long> report = kart.run(new Total(counts), BuildOptions.defaults());

            assertThat(report.rootOutcome().state()).isEqualTo(TaskState.FAILED);
            assertThat(report.rootOutcome().failure().orElseThrow()).isInstanceOf(CacheReadException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(Counts.class.getName())
                    .hasMessageContaining("java.util.Map<java.lang.String, java.lang.Long>")
                    .hasMessageContaining("left as it is");
            assertThat(file).hasContent("{\"word\": 1");
        }
    }

    @Test
    void aValueTheFormatCannotWriteFailsTheTaskAndPublishesNothing() throws Exception {
        try (Kart kart = Runtimes.kart(workspace)) {
            BuildReport<List<Map<String, String>>> report = kart.run(new NotATable(1), BuildOptions.defaults());

            assertThat(report.rootOutcome().failure().orElseThrow()).isInstanceOf(CacheWriteException.class)
                    .hasMessageContaining(NotATable.class.getName()).hasMessageContaining("csv cannot store null")
                    .hasMessageContaining("produced a java.util.List<java.util.Map<java.lang.String, java.lang.String>>"
                            + " that cannot be written to");
            Path directory = workspace.resolve("dev/kart/core/internal/cache");
            try (var files = Files.list(directory)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith("NotATable"));
            }
        }
    }
}
