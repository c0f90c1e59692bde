package dev.kart.test;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kart.TaskTimeoutException;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.lock.LeaseLostException;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import dev.kart.test.fixtures.TaskInfoFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A {@code run()} that does not stop when interrupted (it swallows the interrupt, or never looks):
 * whatever stopped it (its task timeout, a lost run lease, an interrupted build) still decides the
 * attempt. What it returns afterwards is not published, and an interrupted build that gives up on it
 * after {@code kart.interrupt-grace} records it as interrupted, with where its thread was.
 */
class UninterruptibleRunTest {
    private static final Duration GUARD = Duration.ofSeconds(30);
    /** Opened by a test to let a task's {@code run()} return, by the task's key. */
    private static final Map<String, CountDownLatch> RELEASES = new ConcurrentHashMap<>();
    /** Opened when a task's {@code run()} has started, by the task's key. */
    private static final Map<String, CountDownLatch> STARTED = new ConcurrentHashMap<>();
    /** Opened when a task's {@code run()} has returned, by the task's key. */
    private static final Map<String, CountDownLatch> RETURNED = new ConcurrentHashMap<>();

    /**
     * Swallows every interrupt until its test releases it, or, with {@code untilInterrupted}, until
     * the first interrupt; then returns a value, as a task that catches {@code InterruptedException}
     * and carries on does.
     */
    @RunWithLock
    record Stubborn(String key, boolean untilInterrupted) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            STARTED.get(key).countDown();
            try {
                swallowInterrupts(RELEASES.get(key), untilInterrupted);
                return "partial " + key;
            } finally {
                RETURNED.get(key).countDown();
            }
        }
    }

    private static void swallowInterrupts(CountDownLatch release, boolean untilInterrupted) {
        while (true) {
            try {
                if (release.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException ignored) {
                if (untilInterrupted) {
                    return;
                }
            }
        }
    }

    private static Stubborn stubborn(boolean untilInterrupted) {
        String key = UUID.randomUUID().toString();
        RELEASES.put(key, new CountDownLatch(1));
        STARTED.put(key, new CountDownLatch(1));
        RETURNED.put(key, new CountDownLatch(1));
        return new Stubborn(key, untilInterrupted);
    }

    private static Throwable failure(TaskOutcome outcome) {
        return outcome.failure().orElseThrow(() -> new AssertionError(outcome.label() + " has no failure"));
    }

    @Nested
    class TaskTimeout {
        @RegisterExtension
        final KartExtension extension = KartExtension.create().with("kart.task-timeout", "1s");

        @Test
        void aRunThatReturnsAfterItsTimeoutFailsWithTheTimeoutAndPublishesNothing(KartTestRuntime kart) throws Exception {
            Stubborn task = stubborn(true);

            BuildReport<String> report = CompletableFuture.supplyAsync(() -> kart.run(task))
                    .get(GUARD.toSeconds(), TimeUnit.SECONDS);

            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).as("%s", report.summary()).isEqualTo(TaskState.FAILED);
            assertThat(failure(outcome)).isInstanceOf(TaskTimeoutException.class)
                    .hasMessageContaining("task timeout (kart.task-timeout = 1s) and was interrupted").hasNoCause();
            assertThat(kart.outputPath(task)).as("output of the timed-out attempt").doesNotExist();
        }
    }

    @Nested
    class LostRunLease {
        @RegisterExtension
        final KartExtension extension = KartExtension.create().withoutLeaseRenewal();

        @Test
        void aRunThatReturnsAfterItsLeaseWasLostFailsAndPublishesNothing(KartTestRuntime kart) throws Exception {
            Stubborn task = stubborn(true);
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(() -> kart.run(task));
            assertThat(STARTED.get(task.key()).await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("run() started").isTrue();

            kart.clock().advance(kart.lease().ttl().plusSeconds(1));

            TaskOutcome outcome = build.get(GUARD.toSeconds(), TimeUnit.SECONDS).rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(failure(outcome)).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("run lease lost").hasNoCause();
            assertThat(kart.outputPath(task)).as("output of the attempt whose lease was lost").doesNotExist();
        }
    }

    @Test
    void aRunThatReturnsAfterItsBuildWasInterruptedPublishesNothing(@TempDir Path workspace) throws Exception {
        Stubborn task = stubborn(true);
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).build()) {
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(task, BuildOptions.defaults()));
            assertThat(STARTED.get(task.key()).await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("run() started").isTrue();

            kart.close();

            BuildReport<String> report = build.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(report.rootOutcome().state()).as("%s", report.summary()).isEqualTo(TaskState.INTERRUPTED);
            assertThat(failure(report.rootOutcome())).isInstanceOf(InterruptedException.class)
                    .hasMessageContaining("what it returned was not published");
            assertThat(kart.isComplete(task)).as("complete after the interrupted build").isFalse();
            assertThat(attemptOutcomes(workspace, report)).containsExactly("INTERRUPTED");
        }
    }

    /** The grace is quoted as the user wrote it, 1000ms, not the 1s it equals, in the task's error and the WARN. */
    @Test
    void aRunStillGoingAfterTheGraceIsRecordedInterruptedWithWhereItWas(@TempDir Path workspace) throws Exception {
        Stubborn task = stubborn(false);
        Logger buildLog = (Logger) LoggerFactory.getLogger("dev.kart.build");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        buildLog.addAppender(logged);
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false)
                .set("kart.interrupt-grace", "1000ms").build()) {
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(task, BuildOptions.defaults()));
            assertThat(STARTED.get(task.key()).await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("run() started").isTrue();

            kart.close();

            BuildReport<String> report = build.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(logged.list).map(ILoggingEvent::getFormattedMessage).anyMatch(line -> line.contains(
                    "tasks still running when the wait for them ended (kart.interrupt-grace = 1000ms)"));
            assertThat(RETURNED.get(task.key()).getCount()).as("run() still going when the build returned").isOne();
            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).as("%s", report.summary()).isEqualTo(TaskState.INTERRUPTED);
            // the grace as the user wrote it, beside its key
            assertThat(failure(outcome)).hasMessageContaining("run() was still running when the wait after the build was interrupted ended"
                    + " (kart.interrupt-grace = 1000ms); it does not stop on interrupts");
            assertThat(failure(outcome).getStackTrace()).as("where its thread was")
                    .anyMatch(frame -> frame.getMethodName().equals("swallowInterrupts"));
            assertThat(report.summary()).contains("interrupted while running");
            assertThat(attemptOutcomes(workspace, report)).containsExactly("INTERRUPTED");

            RELEASES.get(task.key()).countDown();
            assertThat(RETURNED.get(task.key()).await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("run() returned").isTrue();
            assertThat(kart.isComplete(task)).as("complete once the abandoned run() returned").isFalse();
        } finally {
            buildLog.detachAppender(logged);
        }
    }

    /** The outcomes of the root's attempts in the task info files of the workspace, in order. */
    private static List<String> attemptOutcomes(Path workspace, BuildReport<?> report) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (boolean ofNodes : new boolean[] {false, true}) {
            for (JsonNode info : TaskInfoFiles.all(workspace, ofNodes)) {
                if (info.path("uniqueId").asText().equals(report.rootOutcome().uniqueId())) {
                    info.path("attempts").forEach(attempt -> outcomes.add(attempt.path("outcome").asText()));
                }
            }
        }
        return outcomes;
    }
}
