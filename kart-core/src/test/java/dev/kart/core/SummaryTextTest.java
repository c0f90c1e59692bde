package dev.kart.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.report.DailyReport;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The execution summary's counts, as a user reads them beside the warnings of the build. */
class SummaryTextTest {
    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");
    private static final LockActivity RUN_LOCKED = new LockActivity(true, CollisionPolicy.FAIL, 1, Duration.ZERO, List.of(),
            List.of(), Optional.empty());

    @RunWithLock
    record Annotated(int n) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return n;
        }
    }

    record Square(int n) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return n * n;
        }
    }

    /**
     * Each warned "attempt 1 of 6 failed ... it will be retried": one retry ran it again, the other found it
     * done by the node that held its run lock; both were retried.
     */
    @Test
    void aTaskWhoseRetryFoundItDoneCountsAsRetriedAsTheWarningSaid() {
        TaskOutcome foundDone = outcome(new Square(3), TaskState.ALREADY_COMPLETE, failed(1));
        TaskOutcome ranAgain = outcome(new Square(4), TaskState.DONE, failed(1), done(2));
        TaskOutcome failedForGood = outcome(new Square(5), TaskState.FAILED, failed(1));
        TaskOutcome interruptedWaiting = outcome(new Square(6), TaskState.INTERRUPTED, failed(1));

        assertThat(summary(foundDone, ranAgain, failedForGood, interruptedWaiting)).contains("* 2 were retried");
        assertThat(summary(foundDone)).contains("* 1 was retried");
        assertThat(summary(failedForGood, interruptedWaiting)).doesNotContain("retried (");
    }

    /**
     * Whether the lock backend confirmed the interrupted tasks' releases is known only once the runtime closes, after
     * the summary: it says nothing of their leases (with Redis frozen some stay held, as kart run's last line tells).
     */
    @Test
    void anInterruptedTaskIsToldAsNothingPublishedWithoutClaimingItsLeasesReleased() {
        String summary = summary(outcome(new Square(7), TaskState.INTERRUPTED, failed(1)));

        assertThat(summary).contains("* 1 was interrupted while running, waiting for a lock or waiting to retry (nothing"
                + " published):").doesNotContain("lease");
    }

    /**
     * The line a user looks at first, on the failure's line: the stack traces are in the task info file. A library's
     * frame on top (the JDK's parser) is passed over for the task's own line that called it.
     */
    @Test
    void aFailureSaysWhereTheTasksCodeThrewIt() {
        NumberFormatException error = new NumberFormatException("For input string: \"x\"");
        error.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.lang.Integer", "parseInt", "Integer.java", 668),
            new StackTraceElement(DailyReport.class.getName(), "helper", "DailyReport.java", 40),
            new StackTraceElement(DailyReport.class.getName(), "run", "DailyReport.java", 31),
            new StackTraceElement("dev.kart.core.internal.schedule.TaskAttempt", "runWatched", "TaskAttempt.java", 185)});
        TaskOutcome failed = outcome(new DailyReport(3), 3, TaskState.FAILED, new AttemptOutcome(1, START, START,
                TaskState.FAILED, Optional.of(error)));
        IllegalStateException withoutFrames = new IllegalStateException("bad n 4");
        withoutFrames.setStackTrace(new StackTraceElement[0]);

        assertThat(summary(failed)).contains("] after 1 attempt: NumberFormatException: For input string: \"x\" (at "
                + DailyReport.class.getName() + ".helper(DailyReport.java:40))\n");
        assertThat(summary(outcome(new Square(4), TaskState.FAILED, new AttemptOutcome(1, START, START,
                TaskState.FAILED, Optional.of(withoutFrames))))).contains("] after 1 attempt: IllegalStateException: bad n 4\n");
    }

    @Test
    void aFailureForAClassTheClassPathLacksSaysToAddTheJarThatHoldsIt() {
        ClassNotFoundException notFound = new ClassNotFoundException("util.Shout");
        notFound.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.net.URLClassLoader", "findClass", "URLClassLoader.java", 445)});
        // no frame of the task's code (the package of this test): the class loader's frame is the site
        RuntimeException wrapped = new RuntimeException("wrapped", notFound);
        wrapped.setStackTrace(new StackTraceElement[0]);
        TaskOutcome missing = outcome(new Square(3), TaskState.FAILED, new AttemptOutcome(1, START, START,
                TaskState.FAILED, Optional.of(wrapped)));
        TaskOutcome other = outcome(new Square(4), TaskState.FAILED, failed(1));

        assertThat(summary(missing)).contains("after 1 attempt: ClassNotFoundException: util.Shout (wrapped) (at"
                + " java.net.URLClassLoader.findClass(URLClassLoader.java:445)); a class its code uses"
                + " is not on the class path: add the jar or directory that holds it to the class path (kart run:"
                + " --classpath)");
        assertThat(summary(other)).doesNotContain("class path");
    }

    @Test
    void causesThatFormACircleEndTheSearchForAMissingClass() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);
        TaskOutcome circular = outcome(new Square(3), TaskState.FAILED, new AttemptOutcome(1, START, START,
                TaskState.FAILED, Optional.of(first)));

        assertThat(summary(circular)).contains("after 1 attempt: ").doesNotContain("class path");
    }

    /**
     * Two nodes each ran the task: the one whose result was discarded is told how one node alone runs it.
     * Without a run lock, the run lock and a shared backend; under one, the two ways it could still happen.
     */
    @Test
    void resultsDiscardedSayHowOneNodeAloneRunsTheTask() {
        LockActivity unlocked = new LockActivity(false, CollisionPolicy.DEFER, 0, Duration.ZERO, List.of(), List.of(),
                Optional.empty());
        TaskOutcome ranUnlocked = withLock(outcome(new Square(3), TaskState.ALREADY_COMPLETE, done(1)), unlocked);
        TaskOutcome ranLocked = outcome(new Square(4), TaskState.ALREADY_COMPLETE, done(1));

        assertThat(summary(ranUnlocked)).contains("* 1 ran here, but another node had published the outputs first")
                .contains("    (ran without a run lock: to have one node run each task, mark its class @RunWithLock, set"
                        + " kart.tasks.\"dev.kart.core.SummaryTextTest$Square\".lock-run = true, or give -D"
                        + " kart.lock.run-all=true; the nodes must"
                        + " share a lock backend: Redis (kart.lock.redis.host, sentinel or cluster.nodes), not the"
                        + " in-memory default)\n");
        assertThat(summary(ranLocked)).contains("* 1 ran here, but another node had published")
                .contains("    (ran under its run lock, yet another node published first: the nodes do not share a lock"
                        + " backend (the in-memory default coordinates one process; use Redis (kart.lock.redis.host,"
                        + " sentinel or cluster.nodes), and the same kart.lock.redis.client on every node), or its run lease ran out while it ran (a"
                        + " node paused for longer than kart.lock.ttl))\n")
                .doesNotContain("without a run lock");
        assertThat(summary(ranLocked, ranUnlocked)).contains("without a run lock").doesNotContain("under its run lock");
        TaskOutcome switchedOff = withLock(new TaskOutcome(new Annotated(7), String.format("%032d", 7),
                TaskState.ALREADY_COMPLETE, 1, Optional.empty(), true, 0, RUN_LOCKED, List.of(done(1)), Optional.empty(), Optional.empty()),
                unlocked);
        assertThat(summary(switchedOff)).contains("    (ran without a run lock: its class is @RunWithLock, but"
                + " kart.tasks.\"dev.kart.core.SummaryTextTest$Annotated\".lock-run = false turns the run lock off; remove"
                + " that to have one node run it)\n");
        assertThat(summary(withLock(outcome(new Square(5), TaskState.DONE, done(1)), unlocked),
                outcome(new Square(6), TaskState.ALREADY_COMPLETE))).doesNotContain("run lock");
    }

    /**
     * Of tasks that ran without their run lock, an annotated one listed first: the advice to mark the class and set
     * lock-run = true is for the task that is not annotated, and names that task's key.
     */
    @Test
    void theRunLockAdviceNamesTheKeyOfATaskItIsTrueFor() {
        LockActivity unlocked = new LockActivity(false, CollisionPolicy.DEFER, 0, Duration.ZERO, List.of(), List.of(),
                Optional.empty());
        TaskOutcome switchedOff = withLock(new TaskOutcome(new Annotated(7), String.format("%032d", 7),
                TaskState.ALREADY_COMPLETE, 1, Optional.empty(), true, 0, RUN_LOCKED, List.of(done(1)), Optional.empty(),
                Optional.empty()), unlocked);
        TaskOutcome ranUnlocked = withLock(outcome(new Square(3), TaskState.ALREADY_COMPLETE, done(1)), unlocked);

        assertThat(summary(switchedOff, ranUnlocked)).contains("mark its class @RunWithLock, set"
                + " kart.tasks.\"dev.kart.core.SummaryTextTest$Square\".lock-run = true,")
                .doesNotContain("SummaryTextTest$Annotated\".lock-run");
    }

    /** The elapsed time reads as the progress notes and {@code kart info} word a measured time. */
    @Test
    void theLastLineWordsTheElapsedTimeAsTheRestOfKartDoes() {
        TaskOutcome done = outcome(new Square(2), TaskState.DONE, done(1));
        assertThat(summary(Duration.ofMillis(48), done)).contains("\nThis build succeeded in 48ms.\n");
        assertThat(summary(Duration.ofMillis(12_345), done)).contains("\nThis build succeeded in 12.3s.\n");
        assertThat(summary(Duration.ofSeconds(125), outcome(new Square(3), TaskState.FAILED, failed(1))))
                .contains("\nThis build failed in 2m05s: 1 task failed for good.\n");
    }

    private static TaskOutcome withLock(TaskOutcome outcome, LockActivity lock) {
        return new TaskOutcome(outcome.task(), outcome.uniqueId(), outcome.state(), outcome.attempts(), outcome.failure(),
                outcome.foundCompleteAtRun(), outcome.cacheLoads(), lock, outcome.attemptHistory(), outcome.taskInfo(),
                outcome.taskInfoUri());
    }

    private static String summary(TaskOutcome... outcomes) {
        return summary(Duration.ofSeconds(1), outcomes);
    }

    private static String summary(Duration elapsed, TaskOutcome... outcomes) {
        return new BuildReport<>(new Square(0), List.of(outcomes), Optional.empty(), elapsed).summary();
    }

    private static TaskOutcome outcome(Square task, TaskState state, AttemptOutcome... attempts) {
        return outcome(task, task.n(), state, attempts);
    }

    private static TaskOutcome outcome(Task<?> task, int id, TaskState state, AttemptOutcome... attempts) {
        List<AttemptOutcome> history = List.of(attempts);
        return new TaskOutcome(task, String.format("%032d", id), state,
                history.size(), state == TaskState.FAILED ? history.get(history.size() - 1).failure() : Optional.empty(),
                state == TaskState.ALREADY_COMPLETE, 0, RUN_LOCKED, history, Optional.empty(), Optional.empty());
    }

    private static AttemptOutcome failed(int number) {
        return new AttemptOutcome(number, START.plusSeconds(number), START.plusSeconds(number), TaskState.FAILED,
                Optional.of(new IllegalStateException("the run lock is held by node-2")));
    }

    private static AttemptOutcome done(int number) {
        return new AttemptOutcome(number, START.plusSeconds(number), START.plusSeconds(number + 1), TaskState.DONE,
                Optional.empty());
    }
}
