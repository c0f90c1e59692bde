package dev.kart.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.LockActivity;
import dev.kart.core.RetryWait;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskRef;
import dev.kart.core.TaskState;
import dev.kart.fixtures.Slow;
import dev.kart.fixtures.SlowFan;
import dev.kart.task.CollisionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lines of the progress view for given moments of a build, with tasks named as a real runtime
 * labels them: the bar and its counts, the running tasks' names, the lock waits, and how each line
 * is fitted to the terminal's width.
 */
class ProgressTextTest {
    private static final Instant NOW = Instant.parse("2025-03-14T14:00:21Z");
    private static final ProgressText TEXT = new ProgressText();

    @TempDir
    Path workspace;

    /** Slow(n=0..4, seconds=6), then SlowFan(width=5, seconds=6), as the runtime labels them. */
    private List<TaskRef> tasks;

    @BeforeEach
    void labelTasks() {
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).build()) {
            tasks = kart.graph(new SlowFan(5, 6));
        }
        assertThat(tasks.get(0).label()).startsWith("dev.kart.fixtures.Slow(n=0, seconds=6)[");
    }

    @Test
    void theBarCountsFinishedOfTotalAndShowsElapsedTimeAndCounts() {
        BuildTally tally = new BuildTally();
        tally.started(6, 1);
        tally.taskStarted(tasks.get(0));
        tally.taskStarted(tasks.get(1));

        List<String> lines = TEXT.lines(tally.snapshot(), Duration.ofSeconds(3725), NOW, 120);

        assertThat(lines.get(0)).isEqualTo("kart  16% [======                                  ] 1/6 (1:02:05) running 2, failed 0");
    }

    @Test
    void upToThreeRunningTasksAreNamedOldestFirstByShortNameAndParameters() {
        BuildTally tally = new BuildTally();
        tally.started(6, 0);
        tasks.subList(0, 5).forEach(tally::taskStarted);

        List<String> lines = TEXT.lines(tally.snapshot(), Duration.ZERO, NOW, 160);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("running: Slow(n=0, seconds=6), Slow(n=1, seconds=6), Slow(n=2, seconds=6) and 2 more");
    }

    @Test
    void aNarrowTerminalDropsTheBarBeforeTheCountsAndCutsEveryLineShorterThanItsWidth() {
        BuildTally tally = new BuildTally();
        tally.started(6, 0);
        tasks.subList(0, 5).forEach(tally::taskStarted);
        tally.waitingForRunLock(wait(tasks.get(4), CollisionPolicy.WAIT, Duration.ofSeconds(171)));

        List<String> lines = TEXT.lines(tally.snapshot(), Duration.ZERO, NOW, 70);

        assertThat(lines).containsExactly(
                "kart   0% 0/6 (0:00:00) running 4, waiting for lock 1, failed 0",
                "running: Slow(n=0, se..., Slow(n=1, se..., Slow(n=2, se... and 1 more",
                "Slow(n=4, seconds=6) waits for run lock held by build-2:4170, leas...");
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSizeLessThan(70));
    }

    @Test
    void aTaskWaitingForItsRunLockIsCountedApartAndNamesTheHolderAndTheLeaseExpiry() {
        BuildTally tally = new BuildTally();
        tally.started(6, 0);
        tally.taskStarted(tasks.get(0));
        tally.taskStarted(tasks.get(1));
        tally.waitingForRunLock(wait(tasks.get(1), CollisionPolicy.WAIT, Duration.ofSeconds(171)));

        List<String> lines = TEXT.lines(tally.snapshot(), Duration.ofSeconds(9), NOW, 160);

        assertThat(lines.get(0)).endsWith("0/6 (0:00:09) running 1, waiting for lock 1, failed 0");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "running: Slow(n=0, seconds=6)",
                "Slow(n=1, seconds=6) waits for run lock held by build-2:4170, lease expires 2025-03-14T14:03:12Z (in 2m51s)");

        tally.runLockWaitEnded(tasks.get(1));

        assertThat(TEXT.lines(tally.snapshot(), Duration.ofSeconds(10), NOW, 160)).as("it got its lock: it runs")
                .containsExactly("kart   0% [                                        ] 0/6 (0:00:10) running 2, failed 0",
                        "running: Slow(n=0, seconds=6), Slow(n=1, seconds=6)");
    }

    @Test
    void deferredTasksAreCountedApartFromRunningOnesAndLeaveTheWorkersWhenTheirWaitEnds() {
        BuildTally tally = new BuildTally();
        tally.started(6, 0);
        tasks.subList(0, 3).forEach(tally::taskStarted);
        tally.waitingForRunLock(wait(tasks.get(1), CollisionPolicy.DEFER, Duration.ofSeconds(45)));
        tally.waitingForRunLock(wait(tasks.get(2), CollisionPolicy.DEFER, Duration.ofSeconds(45)));

        List<String> lines = TEXT.lines(tally.snapshot(), Duration.ofSeconds(2), NOW, 160);

        assertThat(lines.get(0)).endsWith("running 1, deferred 2, failed 0");
        assertThat(lines.subList(2, lines.size())).containsExactly(
                "Slow(n=1, seconds=6) deferred, run lock held by build-2:4170, lease expires 2025-03-14T14:01:06Z (in 45s)",
                "Slow(n=2, seconds=6) deferred, run lock held by build-2:4170, lease expires 2025-03-14T14:01:06Z (in 45s)");

        tally.runLockWaitEnded(tasks.get(1));

        assertThat(ProgressText.counts(tally.snapshot())).as("back in the workers' queue, not running until it starts")
                .isEqualTo("running 1, deferred 1, failed 0");
    }

    @Test
    void aTaskWaitingToBeRetriedIsCountedApartAndSaysWhichAttemptFailedAndWhenItRunsAgain() {
        BuildTally tally = new BuildTally();
        tally.started(6, 0);
        tally.taskStarted(tasks.get(0));
        tally.taskStarted(tasks.get(1));
        tally.taskRetrying(RetryWait.of(tasks.get(1), 1, 2, new java.io.IOException("disk quota exceeded"),
                Duration.ofSeconds(8), NOW.minusSeconds(3)));

        List<String> lines = TEXT.lines(tally.snapshot(), Duration.ofSeconds(5), NOW, 160);

        assertThat(lines.get(0)).endsWith("0/6 (0:00:05) running 1, retrying 1, failed 0");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "running: Slow(n=0, seconds=6)",
                "Slow(n=1, seconds=6) failed attempt 1 of 2, retries at 2025-03-14T14:00:26Z (in 5s)");
        assertThat(TEXT.lines(tally.snapshot(), Duration.ofSeconds(9), NOW.plusSeconds(6), 160).get(2))
                .as("past its time, before a worker takes it").endsWith("retries at 2025-03-14T14:00:26Z (due, waiting for a worker)");

        tally.taskStarted(tasks.get(1));

        assertThat(ProgressText.counts(tally.snapshot())).as("its next attempt runs").isEqualTo("running 2, failed 0");
    }

    @Test
    void aLockWaitWithoutAKnownHolderOrPastItsExpirySaysSo() {
        BuildTally tally = new BuildTally();
        tally.started(6, 0);
        tally.waitingForRunLock(new RunLockWait(tasks.get(0), CollisionPolicy.WAIT, NOW, Optional.empty(), Optional.empty()));
        tally.waitingForRunLock(wait(tasks.get(1), CollisionPolicy.WAIT, Duration.ofSeconds(-2)));
        // the backend cannot tell the holder yet (Redisson's lock granted before kart's record of its holder)
        tally.waitingForRunLock(new RunLockWait(tasks.get(2), CollisionPolicy.DEFER, NOW, Optional.of(new RunLockWait.Holder(
                "redisson holder f0676921-4afb-44c2-9e4e-9a0b6104ede0:281474976710661 (no kart record)", 0,
                NOW.plusSeconds(60), "kart:run:" + tasks.get(2).uniqueId())), Optional.empty()));

        assertThat(TEXT.lines(tally.snapshot(), Duration.ZERO, NOW, 160).subList(1, 4)).containsExactly(
                "Slow(n=0, seconds=6) waits for run lock held by another node (not known which)",
                "Slow(n=1, seconds=6) waits for run lock held by build-2:4170, lease expired 2025-03-14T14:00:19Z",
                "Slow(n=2, seconds=6) deferred, run lock held by another node (not known which yet), lease expires"
                        + " 2025-03-14T14:01:21Z (in 1m00s)");
    }

    @Test
    void moreThanThreeLockWaitsEndWithHowManyMore() {
        BuildTally tally = new BuildTally();
        tally.started(6, 0);
        tasks.subList(0, 5).forEach(task -> tally.waitingForRunLock(wait(task, CollisionPolicy.WAIT, Duration.ofSeconds(60))));

        List<String> lines = TEXT.lines(tally.snapshot(), Duration.ZERO, NOW, 160);

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).endsWith("running 0, waiting for lock 5, failed 0");
        assertThat(lines.get(3)).isEqualTo("and 3 more tasks waiting for their run lock");
    }

    @Test
    void failedNotRunAndInterruptedTasksAreCountedAsTheSummaryCountsThemAndLeaveTheBarShort() {
        BuildTally tally = new BuildTally();
        tally.started(6, 0);
        tally.taskStarted(tasks.get(0));
        tally.taskFinished(outcome(tasks.get(0), TaskState.FAILED));
        tally.taskFinished(outcome(tasks.get(5), TaskState.UPSTREAM_FAILED));
        tally.taskStarted(tasks.get(1));
        tally.taskFinished(outcome(tasks.get(1), TaskState.INTERRUPTED));
        tally.taskFinished(outcome(tasks.get(2), TaskState.DONE));

        assertThat(TEXT.lines(tally.snapshot(), Duration.ZERO, NOW, 160)).containsExactly(
                "kart  16% [======                                  ] 1/6 (0:00:00) running 0, failed 1, not run 1, interrupted 1");
    }

    @Test
    void theFinalBarKeepsEveryCountOnANarrowTerminalWhereTheLiveOneIsCut() {
        BuildTally tally = new BuildTally();
        tally.started(6, 0);
        tally.taskFinished(outcome(tasks.get(2), TaskState.DONE));
        tally.taskFinished(outcome(tasks.get(0), TaskState.FAILED));
        tally.taskFinished(outcome(tasks.get(5), TaskState.UPSTREAM_FAILED));
        tally.taskFinished(outcome(tasks.get(1), TaskState.INTERRUPTED));

        assertThat(TEXT.lines(tally.snapshot(), Duration.ZERO, NOW, 40).get(0)).isEqualTo("kart  16% 1/6 (0:00:00) running 0, f...");
        assertThat(TEXT.finalBar(tally.snapshot(), Duration.ZERO, 40))
                .isEqualTo("kart  16% 1/6 (0:00:00) running 0, failed 1, not run 1, interrupted 1");
        assertThat(TEXT.finalBar(tally.snapshot(), Duration.ZERO, 160)).isEqualTo(TEXT.lines(tally.snapshot(), Duration.ZERO,
                NOW, 160).get(0));
    }

    @Test
    void shortNamesDropThePackageAndTheUniqueId() {
        assertThat(ProgressText.shortName(tasks.get(5))).isEqualTo("SlowFan(width=5, seconds=6)");
    }

    private static RunLockWait wait(TaskRef task, CollisionPolicy policy, Duration leaseLeft) {
        return new RunLockWait(task, policy, NOW.minusSeconds(5),
                Optional.of(new RunLockWait.Holder("build-2:4170", 17, NOW.plus(leaseLeft), "kart:run:" + task.uniqueId())),
                Optional.empty());
    }

    private static TaskOutcome outcome(TaskRef task, TaskState state) {
        return new TaskOutcome(task.task(), task.uniqueId(), state, 1, Optional.empty(), false, 0,
                new LockActivity(false, CollisionPolicy.DEFER, 0, Duration.ZERO, List.of(), List.of(), Optional.empty()),
                List.of(), Optional.empty(), Optional.empty());
    }
}
