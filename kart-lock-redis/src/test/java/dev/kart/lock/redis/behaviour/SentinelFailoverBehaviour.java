package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kart.core.Kart;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.LockedTasks;
import dev.kart.lock.redis.behaviour.fixtures.Pause;
import dev.kart.lock.redis.behaviour.fixtures.RunLog;
import dev.kart.lock.redis.behaviour.fixtures.WorkerProcess;
import dev.kart.lock.redis.behaviour.fixtures.Workspaces;
import dev.kart.core.TaskRef;
import dev.kart.test.support.process.WorkerJvm;
import dev.kart.test.support.redis.LocalRedisSentinel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sentinel deployment (a primary, two replicas, three sentinels, {@link LocalRedisSentinel}) failing
 * over under kart: four JVMs building the 40 run-locked tasks of {@link LockedTasks} through the
 * sentinels all finish with correct outputs, each published once, when the primary is killed with
 * SIGKILL and when the sentinels fail it over on request; a lease the old primary granted but never
 * replicated is lost to its holder at its next acquire, whose fencing token is above it; and a release
 * the old primary confirmed but never replicated is sent again to the new one. A deployment of one
 * sentinel serves locks too. Run by each binding module for its binding.
 */
public abstract class SentinelFailoverBehaviour {
    private static final int PROCESSES = 4;
    private static final Duration HANG_GUARD = Duration.ofMinutes(4);
    private static final Duration FAILOVER = Duration.ofSeconds(60);
    /** Well below the waiters' fallback poll of 30 s: only a release notification wakes them this soon. */
    private static final Duration WOKEN_WITHIN = Duration.ofSeconds(20);
    /** Far longer than any wait in these tests: a lock still held by then was kept by a lost write. */
    private static final Duration LONG_TTL = Duration.ofMinutes(10);

    @TempDir
    Path directory;

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    @Test
    void aFourProcessBuildFinishesThroughAPrimaryKilledWithSigkill() throws Exception {
        buildThrough(LocalRedisSentinel::killPrimary);
    }

    @Test
    void aFourProcessBuildFinishesThroughASentinelFailover() throws Exception {
        buildThrough(LocalRedisSentinel::failover);
    }

    /** One sentinel is enough to find the primary through, for either binding (Redisson alone checks for two). */
    @Test
    void aDeploymentOfOneSentinelServesLocks() throws InterruptedException {
        try (LocalRedisSentinel redis = LocalRedisSentinel.start(1, 1);
                LockBackend backend = open(redis, "one-sentinel-" + UUID.randomUUID(), "node-1")) {
            Lease lease = acquireOnceAReplicaAcknowledges(() -> backend.runLock().tryAcquire("task"));
            assertThat(redis.call(redis.primaryPort(), "EXISTS", lease.key())).as("the lease on the primary").isEqualTo(1L);
            lease.close();
            assertThat(redis.call(redis.primaryPort(), "EXISTS", lease.key())).as("the released lease").isEqualTo(0L);
        }
    }

    @Test
    void aLeaseTheNewPrimaryLacksIsLostAtTheNextAcquireWhoseTokenIsAboveIt() throws Exception {
        String prefix = "lost-" + UUID.randomUUID();
        try (LocalRedisSentinel redis = LocalRedisSentinel.start(); LockBackend backend = open(redis, prefix, "node-1")) {
            Lease kept = backend.runLock().tryAcquire("kept").orElseThrow();
            for (int port : redis.dataPorts()) {
                awaitTrue(() -> Long.valueOf(1).equals(redis.call(port, "EXISTS", kept.key())), "the kept lease on " + port);
            }
            redis.cutOffReplicas();
            // granted by the primary alone: asynchronous replication has not carried it (nor its INCR) anywhere.
            // A cache lock, kart's own script in both bindings: Redisson's lock (run locks of its binding)
            // waits for a replica to acknowledge the grant, and fails the acquire when none does
            Lease lost = backend.cacheLock().tryAcquire("lost", LockMode.EXCLUSIVE).orElseThrow();
            int old = redis.killPrimary();
            int now = redis.awaitPrimaryOtherThan(old, FAILOVER);
            assertThat(redis.call(now, "EXISTS", lost.key())).as("the lost lease on the new primary").isEqualTo(0L);
            assertThat(lost.isHeld()).as("before the holder made a lock call on the new primary").isTrue();

            Lease next = acquireOnceReachable(() -> backend.cacheLock().tryAcquire("after-failover", LockMode.EXCLUSIVE));
            assertThat(lost.isHeld()).as("the lease the new primary lacks, after the next acquire").isFalse();
            assertThat(kept.isHeld()).as("the lease the new primary has").isTrue();
            assertThat(next.fencingToken()).as("the first token after the failover").isGreaterThan(lost.fencingToken());

            try (LockBackend other = open(redis, prefix, "node-2")) {
                Lease takenOver = acquireOnceReachable(() -> other.cacheLock().tryAcquire("lost", LockMode.EXCLUSIVE));
                assertThat(takenOver.fencingToken()).as("another node's token for the lost lock")
                        .isGreaterThan(lost.fencingToken());
                assertThat(other.runLock().tryAcquire("kept")).as("the kept lock, for another node").isEmpty();
                takenOver.close();
            }
            next.close();
            kept.close();
            lost.close();
        }
    }

    @Test
    void aReleaseOnlyTheOldPrimaryHadIsSentAgainToTheNewOne() throws Exception {
        String prefix = "resent-" + UUID.randomUUID();
        try (LocalRedisSentinel redis = LocalRedisSentinel.start();
                LockBackend holder = open(redis, prefix, "node-1", LONG_TTL)) {
            Lease cache = holder.cacheLock().tryAcquire("released", LockMode.EXCLUSIVE).orElseThrow();
            Lease run = holder.runLock().tryAcquire("released-run").orElseThrow();
            for (int port : redis.dataPorts()) {
                awaitTrue(() -> Long.valueOf(2).equals(redis.call(port, "EXISTS", cache.key(), run.key())),
                        "both leases on " + port);
            }
            int old = redis.cutOffReplicas();
            // confirmed by the primary alone, which then fails: the replica promoted still has both leases
            cache.close();
            run.close();
            assertThat(redis.call(old, "EXISTS", cache.key(), run.key())).as("the leases on the old primary").isEqualTo(0L);
            redis.killPrimary();
            int now = redis.awaitPrimaryOtherThan(old, FAILOVER);
            assertThat(redis.call(now, "EXISTS", cache.key(), run.key())).as("the leases on the new primary").isEqualTo(2L);

            // the holder's next lock call meets the new primary, and sends its releases there
            acquireOnceReachable(() -> holder.cacheLock().tryAcquire("after-failover", LockMode.EXCLUSIVE)).close();
            try (LockBackend other = open(redis, prefix, "node-2", LONG_TTL)) {
                // well within the TTL of 10 min the new primary would otherwise keep them for
                awaitTrue(() -> other.cacheLock().tryAcquire("released", LockMode.EXCLUSIVE).map(lease -> {
                    lease.close();
                    return true;
                }).orElse(false), "the cache lock free for another node");
                awaitTrue(() -> other.runLock().tryAcquire("released-run").map(lease -> {
                    lease.close();
                    return true;
                }).orElse(false), "the run lock free for another node");
            }
        }
    }

    @Test
    void aWaiterIsWokenByAReleaseOnTheNewPrimary() throws Exception {
        String prefix = "wake-" + UUID.randomUUID();
        try (LocalRedisSentinel redis = LocalRedisSentinel.start(); LockBackend holder = open(redis, prefix, "node-1");
                LockBackend waiter = open(redis, prefix, "node-2")) {
            // both have talked to the first primary, and the waiter's notifications came from there
            holder.cacheLock().tryAcquire("warm-up", LockMode.EXCLUSIVE).orElseThrow().close();
            waiter.cacheLock().acquire("warm-up", LockMode.EXCLUSIVE, Duration.ofSeconds(10)).orElseThrow().close();
            int old = redis.failover();
            redis.awaitPrimaryOtherThan(old, FAILOVER);

            acquireOnceReachable(() -> waiter.cacheLock().tryAcquire("followed", LockMode.EXCLUSIVE)).close();
            Lease held = acquireOnceReachable(() -> holder.cacheLock().tryAcquire("contended", LockMode.EXCLUSIVE));
            java.util.concurrent.CompletableFuture<Optional<Lease>> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return waiter.cacheLock().acquire("contended", LockMode.EXCLUSIVE, FAILOVER);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the release lets the waiter in; without a notification it would ask again only after the
            // fallback poll (30 s here) or the holder's TTL (60 s)
            held.close();
            Optional<Lease> woken = waiting.get(WOKEN_WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(woken).as("the waiter's lease").isPresent();
            woken.get().close();
        }
    }

    private LockBackend open(LocalRedisSentinel redis, String prefix, String owner) {
        return open(redis, prefix, owner, Duration.ofSeconds(60));
    }

    private LockBackend open(LocalRedisSentinel redis, String prefix, String owner, Duration ttl) {
        LeaseSettings lease = LeaseSettings.of(prefix, ttl, owner);
        return new RedisLockBackendProvider().open(RedisLockSettings.builder(lease).sentinel(redis.masterName(),
                redis.sentinelNodes()).client(client()).connectTimeout(Duration.ofSeconds(2))
                .commandTimeout(Duration.ofSeconds(2)).fallbackPoll(Duration.ofSeconds(30)).build());
    }

    /** The client follows the sentinels' switch a moment after they made it: calls fail until then. */
    private static Lease acquireOnceReachable(Supplier<Optional<Lease>> acquire) throws InterruptedException {
        return acquireRetrying(acquire, failure -> true, "of the failover");
    }

    /**
     * Redisson's run lock fails a grant no replica acknowledged within a second ("None of slaves were synced",
     * docs/redis.md), which the runtime retries as a failed task: a replica starved of CPU (a loaded machine) can miss
     * that second. Tried again on that failure alone, as the runtime would.
     */
    private static Lease acquireOnceAReplicaAcknowledges(Supplier<Optional<Lease>> acquire) throws InterruptedException {
        return acquireRetrying(acquire, failure -> String.valueOf(failure.getMessage()).contains("None of slaves were synced"),
                "of the first try");
    }

    /**
     * Acquires, trying again every 200 ms for at most {@link #FAILOVER} while the acquire fails in a way {@code retried}
     * accepts; any other failure is thrown at once.
     *
     * @param since what the deadline counts from, for the assertion's message
     */
    private static Lease acquireRetrying(Supplier<Optional<Lease>> acquire, Predicate<LockException> retried, String since)
            throws InterruptedException {
        long deadline = System.nanoTime() + FAILOVER.toNanos();
        while (true) {
            try {
                return acquire.get().orElseThrow(() -> new AssertionError("the lock was refused"));
            } catch (LockException e) {
                if (!retried.test(e)) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no acquire succeeded within " + FAILOVER + " " + since, e);
                }
            }
            Thread.sleep(200);
        }
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + FAILOVER.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + FAILOVER);
            }
            Thread.sleep(50);
        }
    }

    private void buildThrough(ToIntFunction<LocalRedisSentinel> failover) throws Exception {
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        Path runLog = directory.resolve("runs.log");
        Path go = directory.resolve("go");
        String prefix = "sentinel-" + UUID.randomUUID();
        List<WorkerJvm> workers = new ArrayList<>();
        try (LocalRedisSentinel redis = LocalRedisSentinel.start()) {
            for (int i = 0; i < PROCESSES; i++) {
                // tasks of 1.5 s: the failover comes while most of the 40 are still to run
                workers.add(WorkerProcess.start(directory, "sentinel-" + i,
                        Map.of(RunLog.PROPERTY, runLog.toString(), Pause.WORK_PROPERTY, "1500"),
                        List.of("sentinel-master=" + redis.masterName(), "sentinel-nodes=" + String.join(",",
                                redis.sentinelNodes()), "workspace=" + workspace, "prefix=" + prefix, "policy=defer",
                                "workers=2", "root=dag", "ready=" + directory.resolve("ready-" + i), "go=" + go,
                                "client=" + client().configName())));
            }
            awaitTrue(() -> allReady(workers), "all workers ready");
            Files.createFile(go);
            // each process has opened its backend and runs tasks: the failover comes during the build
            awaitTrue(() -> RunLog.read(runLog).stream().map(line -> line[2]).distinct().count() == PROCESSES,
                    "a run in every process");
            int old = failover.applyAsInt(redis);
            redis.awaitPrimaryOtherThan(old, FAILOVER);
            for (WorkerJvm worker : workers) {
                int exit = worker.awaitExit(HANG_GUARD);
                assertThat(exit).as("exit code of %s, which printed:%n%s", worker, worker.output()).isZero();
                assertThat(worker.output()).as("result of %s", worker).contains("RESULT ok " + LockedTasks.TOTAL);
            }
        } finally {
            workers.forEach(WorkerJvm::close);
        }

        try (Kart reader = Workspaces.reader(workspace)) {
            List<TaskRef> graph = reader.graph(LockedTasks.dag());
            assertThat(graph).hasSize(40);
            for (TaskRef task : graph) {
                assertThat((Object) reader.load(task.task())).as("output of %s", task.label()).isEqualTo(expected(task.task()));
            }
        }
        assertThat(Workspaces.temporaryFiles(workspace)).as("temporary files left").isEmpty();
        // a run repeated because a failover lost its lock finds the file published and keeps it; a task's
        // info can be written twice (the shared file and the node's own), each listing the same publication
        List<JsonNode> distinct = Workspaces.publications(workspace).stream().distinct().toList();
        Map<String, Long> publications = distinct.stream()
                .collect(Collectors.groupingBy(publication -> publication.path("path").asText(), Collectors.counting()));
        assertThat(publications).as("publications per output file, across the %d processes: %s", PROCESSES,
                        describePublications(workspace)).hasSize(40)
                .allSatisfy((path, count) -> assertThat(count).as("publications of %s", path).isEqualTo(1L));
        assertThat(distinct).extracting(publication -> publication.path("fencingToken").asLong())
                .as("fencing tokens of the publications").allSatisfy(token -> assertThat(token).isPositive())
                .doesNotHaveDuplicates();
    }

    private static String describePublications(Path workspace) {
        try (java.util.stream.Stream<Path> files = Files.walk(workspace.resolve("log"))) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                String json = Files.readString(file);
                if (json.contains("\"publications\"")) {
                    text.append("\n").append(workspace.relativize(file)).append(": ")
                            .append(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("publications"));
                }
            }
            return text.toString();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private boolean allReady(List<WorkerJvm> workers) {
        for (int i = 0; i < workers.size(); i++) {
            if (!workers.get(i).alive() && !Files.exists(directory.resolve("ready-" + i))) {
                throw new AssertionError(workers.get(i) + " ended before it was ready:\n" + workers.get(i).output());
            }
            if (!Files.exists(directory.resolve("ready-" + i))) {
                return false;
            }
        }
        return true;
    }

    private static Object expected(Object task) {
        if (task instanceof LockedTasks.Square s) {
            return (long) s.n() * s.n();
        }
        if (task instanceof LockedTasks.SumOfSquares sum) {
            return sum.squares().stream().mapToLong(square -> (long) square.n() * square.n()).sum();
        }
        return LockedTasks.TOTAL;
    }
}
