package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseLostException;
import dev.kart.lock.LockException;
import dev.kart.lock.RunLock;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.FirstRunLockWait;
import dev.kart.lock.redis.behaviour.fixtures.LockedTasks;
import dev.kart.lock.redis.behaviour.fixtures.Pause;
import dev.kart.lock.redis.behaviour.fixtures.RunLog;
import dev.kart.lock.redis.behaviour.fixtures.Workspaces;
import dev.kart.task.Task;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults 2 and 3: Redis stops, or freezes past the TTL, while tasks hold their locks. The tasks fail
 * with a clear error, nothing half-written becomes visible, and once Redis is back a rerun completes.
 * Run by each binding module for its binding.
 */
public abstract class RedisOutageBehaviour {
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);
    /** A stall the publish and load tests outlive: over three command timeouts, under the 18 s TTL's bound of 8.9 s. */
    private static final Duration STALL = Duration.ofSeconds(5);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    @TempDir
    Path directory;
    private Path workspace;
    private Path runLog;
    private Path gate;

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    @BeforeEach
    void taskProperties() throws Exception {
        workspace = Files.createDirectories(directory.resolve("workspace"));
        runLog = directory.resolve("runs.log");
        gate = directory.resolve("gate");
        System.setProperty(RunLog.PROPERTY, runLog.toString());
        System.setProperty(Pause.WORK_PROPERTY, "0");
        System.setProperty(Pause.GATE_PROPERTY, gate.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty(RunLog.PROPERTY);
        System.clearProperty(Pause.WORK_PROPERTY);
        System.clearProperty(Pause.GATE_PROPERTY);
        // leave a running server to the next test, whatever this one did to it
        REDIS.server().restart();
    }

    @Test
    void tasksHoldingLocksWhenRedisStopsFailWithTheLockErrorAndARerunCompletes() throws Exception {
        TestRedis redis = REDIS.server();
        LockedTasks.Gather root = new LockedTasks.Gather(List.of(new LockedTasks.Slow("a"), new LockedTasks.Slow("b"),
                new LockedTasks.Slow("c")));
        try (Kart kart = kart("stop", "10s")) {
            CompletableFuture<BuildReport<List<String>>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(root, BuildOptions.defaults()));
            awaitStarts(3);
            redis.stop();
            Files.createFile(gate);
            BuildReport<List<String>> report = build.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(report.succeeded()).isFalse();
            List<TaskOutcome> slow = report.outcomes().stream().filter(o -> o.task() instanceof LockedTasks.Slow).toList();
            assertThat(slow).hasSize(3).allSatisfy(outcome -> {
                assertThat(outcome.state()).as("%s", outcome.label()).isEqualTo(TaskState.FAILED);
                Throwable failure = outcome.failure().orElseThrow();
                // Either its publish found Redis gone (the cache lock), or, on a machine too busy for
                // run() to return before the next renewal, that renewal's connection was refused and the
                // run lease was lost: both errors name the server.
                assertThat(failure).as("failure of %s", outcome.label()).isInstanceOf(LockException.class)
                        .hasMessageContaining("Redis at " + redis.host() + ":" + redis.port());
                if (failure instanceof LeaseLostException) {
                    assertThat(failure).hasMessageContaining("run lease lost");
                } else {
                    assertThat(failure).hasMessageContaining("no retries left (kart.retry.count = 0): Redis lock backend");
                }
            });
            assertThat(report.rootOutcome().state()).isEqualTo(TaskState.UPSTREAM_FAILED);
            assertNothingPublished(kart, root);
        }
        redis.restart();
        // a rerun, as a user would start it again once Redis is back
        try (Kart kart = kart("stop", "10s")) {
            BuildReport<List<String>> rerun = kart.run(root, BuildOptions.defaults());
            assertThat(rerun.succeeded()).as("rerun after the restart:%n%s", rerun.summary()).isTrue();
            assertThat(rerun.rootOutput()).contains(List.of("slow:a", "slow:b", "slow:c"));
        }
        assertThat(RunLog.read(runLog).stream().filter(line -> line[0].equals("end")).count())
                .as("runs that reached their end: three cut off by the outage, three in the rerun").isEqualTo(6);
    }

    @Test
    void aHolderWhoseRedisFreezesPastTheTtlLearnsItLostTheLeaseAndDoesNotPublish() throws Exception {
        TestRedis redis = REDIS.server();
        LockedTasks.Slow root = new LockedTasks.Slow("frozen");
        // renewed every 1.67 s: the lease outlives late renewals until the freeze, which outlasts it; 5 s, so
        // that the 1.5 s command timeout stays under the renew interval
        Duration ttl = Duration.ofSeconds(5);
        try (Kart kart = kart("pause", ttl.toMillis() + "ms")) {
            // run() returns only once Redis is back: the publish finds the run lease lost
            BuildReport<String> report = buildAcrossAFreeze(kart, root, redis, ttl.plusSeconds(1));

            assertThat(report.succeeded()).isFalse();
            Throwable failure = report.rootOutcome().failure().orElseThrow();
            assertThat(failure).isInstanceOf(LeaseLostException.class).hasMessageContaining("no longer held");
            assertNothingPublished(kart, root);
        }
        try (Kart kart = kart("pause", ttl.toMillis() + "ms")) {
            BuildReport<String> rerun = kart.run(root, BuildOptions.defaults());
            assertThat(rerun.succeeded()).as("rerun after the freeze:%n%s", rerun.summary()).isTrue();
            assertThat(rerun.rootOutput()).contains("slow:frozen");
        }
    }

    @Test
    void aStallOfRedisShorterThanHalfTheTtlCostsTheRunningTaskNothing() throws Exception {
        TestRedis redis = REDIS.server();
        LockedTasks.Slow root = new LockedTasks.Slow("stalled");
        // renewed every 6 s, tried again every 1.5 s without an answer, each try ending within the 1.5 s command
        // timeout that every other test here gives a cold client: a 7 s stall, longer than the renew interval,
        // gets at least one renewal without an answer wherever it falls, and ends 1.9 s before the lease could run
        // out (a stall is outlived when it stays under the TTL less 1.25 renew intervals, one command timeout and
        // the 100 ms safety margin: 18 - 7.5 - 1.5 - 0.1 = 8.9 s)
        Duration ttl = Duration.ofSeconds(18);
        Duration stall = Duration.ofSeconds(7);
        try (Kart kart = kart("stall", ttl.toMillis() + "ms")) {
            BuildReport<String> report = buildAcrossAFreeze(kart, root, redis, stall);

            assertThat(report.succeeded()).as("a build whose Redis stalled for %s of a %s TTL:%n%s", stall, ttl,
                    report.summary()).isTrue();
            assertThat(report.rootOutput()).contains("slow:stalled");
            assertThat(report.rootOutcome().attempts()).as("attempts").isEqualTo(1);
        }
    }

    /**
     * The publish's cache lock asked for while Redis is frozen: the try without an answer is tried again until Redis
     * answers, as renewals are, instead of failing the task whose work is done (a fresh user's trial lost 4 s of work
     * to an 8 s freeze this way).
     */
    @Test
    void aStallOfRedisAcrossATasksPublishCostsItNothing() throws Exception {
        TestRedis redis = REDIS.server();
        LockedTasks.Slow root = new LockedTasks.Slow("published-in-stall");
        // as above: a stall under 8.9 s of an 18 s TTL is outlived; 5 s leaves the publish's first try (1.5 s command
        // timeout) and at least one more without an answer
        Duration ttl = Duration.ofSeconds(18);
        try (Kart kart = kart("stall-publish", ttl.toMillis() + "ms")) {
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(root, BuildOptions.defaults()));
            awaitStarts(1);
            redis.pause();
            try {
                // run() returns now: its output's cache lock is asked of a frozen Redis
                Files.createFile(gate);
                Thread.sleep(STALL.toMillis());
            } finally {
                redis.resume();
            }
            BuildReport<String> report = build.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(report.succeeded()).as("a build whose Redis stalled across its publish:%n%s", report.summary())
                    .isTrue();
            assertThat(report.rootOutput()).contains("slow:published-in-stall");
            assertThat(report.rootOutcome().attempts()).as("attempts").isEqualTo(1);
        }
    }

    /** The same for loads: a {@code loadAll}'s leases asked for in one round trip that Redis leaves unanswered. */
    @Test
    void aStallOfRedisAcrossATasksLoadsCostsItNothing() throws Exception {
        TestRedis redis = REDIS.server();
        List<LockedTasks.Slow> parts = List.of(new LockedTasks.Slow("x"), new LockedTasks.Slow("y"));
        LockedTasks.GatherTogether root = new LockedTasks.GatherTogether(parts);
        try (Kart kart = kart("stall-load", "18000ms")) {
            Files.createFile(gate);
            for (LockedTasks.Slow part : parts) {
                assertThat(kart.run(part, BuildOptions.defaults()).succeeded()).isTrue();
            }
            // the backend is open and its connections made: the frozen Redis meets the root's loads first
            redis.pause();
            CompletableFuture<BuildReport<List<String>>> build;
            try {
                build = CompletableFuture.supplyAsync(() -> kart.run(root, BuildOptions.defaults()));
                Thread.sleep(STALL.toMillis());
            } finally {
                redis.resume();
            }
            BuildReport<List<String>> report = build.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(report.succeeded()).as("a build whose Redis stalled across its loads:%n%s", report.summary())
                    .isTrue();
            assertThat(report.rootOutput()).contains(List.of("slow:x", "slow:y"));
            assertThat(report.rootOutcome().attempts()).as("attempts").isEqualTo(1);
        }
    }

    /**
     * A node whose task is parked ({@code defer}) on another node's run lock keeps it parked through a stall: the checks
     * of the lock that Redis leaves unanswered are made again, instead of sending the task to a try that the frozen
     * Redis fails (a fresh user's trial: a 12 s freeze failed the waiting node's build, the holder's succeeded).
     */
    @Test
    void aStallOfRedisWhileATaskIsParkedOnAnotherNodesRunLockCostsItNothing() throws Exception {
        TestRedis redis = REDIS.server();
        LockedTasks.Slow root = new LockedTasks.Slow("parked-in-stall");
        try (Kart holder = kart("stall-parked", "18000ms"); Kart parked = kart("stall-parked", "18000ms")) {
            CompletableFuture<BuildReport<String>> holding = CompletableFuture.supplyAsync(
                    () -> holder.run(root, BuildOptions.defaults()));
            awaitStarts(1);
            FirstRunLockWait parkedNow = new FirstRunLockWait();
            CompletableFuture<BuildReport<String>> waiting = CompletableFuture.supplyAsync(
                    () -> parked.run(root, BuildOptions.defaults().withListener(parkedNow)));
            parkedNow.await(HANG_GUARD);
            // a stall that begins before the subscription is up: aWatchOfAHeldRunLockThatBeginsInAStallLastsThroughIt
            awaitReleaseSubscription(redis, "outage-stall-parked:run:");
            redis.pause();
            try {
                Thread.sleep(STALL.toMillis());
            } finally {
                redis.resume();
            }
            Files.createFile(gate);
            BuildReport<String> held = holding.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
            BuildReport<String> report = waiting.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(held.succeeded()).as("the holder's build:%n%s", held.summary()).isTrue();
            assertThat(report.succeeded()).as("the parked node's build across a stall:%n%s", report.summary()).isTrue();
            assertThat(report.rootOutcome().state()).as("the holder published it").isEqualTo(TaskState.ALREADY_COMPLETE);
        }
        assertThat(RunLog.read(runLog).stream().filter(line -> line[0].equals("start")).count())
                .as("runs of the task: the holder's only").isEqualTo(1);
    }

    /**
     * A task parked (defer) while Redis stalls: the lock's checks go unanswered and, with Jedis, the release subscriber
     * that meets the frozen Redis is given up; neither may send the task to a try of a lock its holder still holds.
     */
    @Test
    void aWatchOfAHeldRunLockThatBeginsInAStallLastsThroughIt() throws Exception {
        TestRedis redis = REDIS.server();
        try (Kart holder = kart("stall-watch", "18000ms"); Kart watcher = kart("stall-watch", "18000ms")) {
            RunLock watching = watcher.lockBackend().runLock();
            assertThat(watching.holder("watched")).as("before anyone holds it").isEmpty();
            Lease held = holder.lockBackend().runLock().tryAcquire("watched").orElseThrow();
            CompletableFuture<Void> free;
            redis.pause();
            try {
                // as a task parks when the stall has begun: with Jedis its node's first subscriber connection meets the
                // frozen Redis and is given up after connect-timeout + command-timeout, within the stall
                free = watching.whenFree("watched").toCompletableFuture();
                Thread.sleep(STALL.toMillis());
            } finally {
                redis.resume();
            }
            assertThat(free).as("the watch of a lock its holder kept through the stall").isNotDone();
            held.close();
            free.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Builds {@code root}, freezing Redis for {@code freeze} once its run() started; run() returns once
     * Redis is back.
     */
    private BuildReport<String> buildAcrossAFreeze(Kart kart, LockedTasks.Slow root, TestRedis redis, Duration freeze)
            throws Exception {
        CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(() -> kart.run(root, BuildOptions.defaults()));
        awaitStarts(1);
        redis.pause();
        try {
            Thread.sleep(freeze.toMillis());
        } finally {
            redis.resume();
        }
        Files.createFile(gate);
        return build.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Kart kart(String prefix, String ttl) {
        // short enough to end a test on a stopped server soon, long enough for a busy one (a cold client's
        // first commands took over 1 s beside stress-ng); it must stay under the renew interval (a third of
        // the TTL), as kart requires
        return Kart.builder().workspace(workspace).workers(3)
                .set("kart.durable", false)
                .set("kart.retry.count", 0)
                .set("kart.lock.backend", "redis")
                .set("kart.lock.prefix", "outage-" + prefix)
                .set("kart.lock.redis.client", client().configName())
                .set("kart.lock.ttl", ttl)
                .set("kart.lock.redis.host", REDIS.server().host())
                .set("kart.lock.redis.port", REDIS.server().port())
                .set("kart.lock.redis.connect-timeout", "2s")
                .set("kart.lock.redis.command-timeout", "1500ms")
                .build();
    }

    private void assertNothingPublished(Kart kart, dev.kart.task.Task<?> root) {
        assertThat(kart.graph(root)).allSatisfy(task -> assertThat(Workspaces.published(kart, task.task()))
                .as("a file at the final path of %s", task.label()).isFalse());
        assertThat(Workspaces.temporaryFiles(workspace)).as("temporary files left").isEmpty();
    }

    /** Waits until a client of Redis is subscribed to a channel whose name holds {@code keyPart}. */
    private static void awaitReleaseSubscription(TestRedis redis, String keyPart) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis(redis.host(), redis.port())) {
            while (jedis.pubsubChannels().stream().noneMatch(channel -> channel.contains(keyPart))) {
                assertThat(System.nanoTime() < deadline).as("a subscription to the release of %s within %s", keyPart,
                        HANG_GUARD).isTrue();
                Thread.sleep(10);
            }
        }
    }

    private void awaitStarts(int count) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (RunLog.read(runLog).stream().filter(line -> line[0].equals("start")).count() < count) {
            assertThat(System.nanoTime() < deadline).as("%d runs started within %s", count, HANG_GUARD).isTrue();
            Thread.sleep(10);
        }
    }
}
