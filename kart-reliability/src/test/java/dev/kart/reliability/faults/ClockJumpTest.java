package dev.kart.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kart.core.Kart;
import dev.kart.reliability.fixtures.Events;
import dev.kart.reliability.fixtures.FakeTime;
import dev.kart.reliability.fixtures.Work;
import dev.kart.reliability.fixtures.WorkerProcess;
import dev.kart.reliability.fixtures.WorkspaceFiles;
import dev.kart.reliability.fixtures.hold.Hold;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.process.WorkerJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A worker JVM whose wall clock jumps six hours ahead and then six hours back (libfaketime, its
 * monotonic clock left real) while it holds a run lease with a 5 s TTL, for over 2 TTLs: the lease is renewed
 * through both jumps, so the task publishes under it, in one attempt, and the build succeeds. TTL and
 * renewal go by the monotonic clock in kart and by Redis's own clock on the server.
 */
class ClockJumpTest {
    /**
     * Long enough that a JVM slowed down by libfaketime (which intercepts every clock call) on a
     * loaded machine still confirms its lease in time; the jumps are hours, so its length does not
     * matter to what is shown.
     */
    private static final Duration TTL = Duration.ofSeconds(5);
    /** A hang guard: the test ends the hold once both jumps were seen and a TTL more has passed. */
    private static final long HOLD_MILLIS = 60_000;
    private static final long HOURS_5 = Duration.ofHours(5).toMillis();
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path directory;

    @ParameterizedTest(name = "client = {0}")
    @ValueSource(strings = {"jedis", "redisson"})
    void aHeldLeaseSurvivesWallClockJumpsOfSixHoursBothWays(String client) throws Exception {
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        Path events = directory.resolve("events.log");
        Path release = directory.resolve("release");
        FakeTime clock = FakeTime.at(directory.resolve("offset"));
        Hold task = new Hold("clock-" + client);
        try (WorkerJvm worker = WorkerProcess.start(directory, "clock-" + client, clock.environment(false),
                Map.of(Events.PROPERTY, events.toString(), Work.PROPERTY, Long.toString(HOLD_MILLIS),
                        Hold.RELEASE_PROPERTY, release.toString()),
                List.of("root=hold:" + task.name(), "kart.workspace=" + workspace, "kart.retry.count=0",
                        "kart.lock.backend=redis", "kart.lock.prefix=clock-" + UUID.randomUUID(),
                        "kart.lock.ttl=" + TTL.toMillis() + "ms", "kart.lock.redis.client=" + client,
                        // under the renew interval (a third of the TTL), as kart requires
                        "kart.lock.redis.command-timeout=1s",
                        "kart.lock.redis.host=" + REDIS.server().host(), "kart.lock.redis.port=" + REDIS.server().port()))) {
            awaitEvent(worker, events, "run-start", task.name());
            Thread.sleep(TTL.toMillis() / 2);
            clock.set("+6h");
            long ahead = awaitWall(worker, events, offset -> offset > HOURS_5);
            // two renewals (every TTL/3) on the clock set ahead
            Thread.sleep(TTL.toMillis() * 2 / 3);
            clock.set("-6h");
            long behind = awaitWall(worker, events, offset -> offset < -HOURS_5);
            // a TTL and more on the clock set back, then the task ends and publishes under its lease
            Thread.sleep(TTL.toMillis() * 3 / 2);
            Files.createFile(release);
            System.out.printf("ClockJumpTest %s: the worker's wall clock went %+.2f h, then %+.2f h off the real time%n",
                    client, ahead / 3_600_000.0, behind / 3_600_000.0);

            int exit = worker.awaitExit(HANG_GUARD);
            assertThat(exit).as("exit code of %s, which printed:%n%s", worker, worker.output()).isZero();
            assertThat(worker.output()).contains("RESULT ok held:" + task.name());
            assertThat(Events.read(events).stream().filter(e -> e.event().equals("run-end")).count())
                    .as("runs that ended: the lease was never lost, so the task ran once").isEqualTo(1);
        }
        try (Kart reader = WorkspaceFiles.reader(workspace)) {
            JsonNode info = WorkspaceFiles.taskInfo(workspace, task, reader.uniqueId(task));
            assertThat(info.path("state").asText()).isEqualTo("DONE");
            assertThat(info.path("attempts")).as("attempts in the task info").hasSize(1);
            assertThat(info.path("lock").path("fencingTokens")).as("run leases taken").hasSize(1);
            assertThat(info.path("publications")).singleElement().satisfies(publication ->
                    assertThat(publication.path("fencingToken").asLong()).isPositive());
            assertThat(reader.build(task)).isEqualTo("held:" + task.name());
        }
    }

    private static void awaitEvent(WorkerJvm worker, Path events, String event, String subject) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (Events.read(events).stream().noneMatch(e -> e.event().equals(event) && e.subject().equals(subject))) {
            if (!worker.alive() || System.nanoTime() - deadline > 0) {
                throw new AssertionError("no '" + event + " " + subject + "' from " + worker + "; it printed:\n" + worker.output());
            }
            Thread.sleep(10);
        }
    }

    /** Waits until the worker writes down a wall-clock time whose offset from the real time matches; returns it. */
    private static long awaitWall(WorkerJvm worker, Path events, LongPredicate offset) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long now = System.currentTimeMillis();
            // the worker writes its time every 200 ms; compare the latest one with the real time
            List<Events.Event> walls = Events.read(events).stream().filter(e -> e.event().equals("wall")).toList();
            if (!walls.isEmpty()) {
                long seen = Long.parseLong(walls.get(walls.size() - 1).subject()) - now;
                if (offset.test(seen)) {
                    return seen;
                }
            }
            if (!worker.alive() || System.nanoTime() - deadline > 0) {
                throw new AssertionError("the worker's wall clock did not jump (is libfaketime working?); it printed:\n"
                        + worker.output());
            }
            Thread.sleep(50);
        }
    }
}
