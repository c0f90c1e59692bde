package dev.kart.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.RunLockWait;
import dev.kart.core.TaskRef;
import dev.kart.core.internal.config.DurationSetting;
import dev.kart.examples.sample.SomeTask;
import dev.kart.task.CollisionPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which run-lock waits {@code kart run} tells of without the progress view: those that last a second, each with
 * its end; shorter ones (two nodes meet each other's locks for milliseconds, many times a run) say nothing. The
 * second is a timer the test fires and a clock it sets, not one it waits on.
 */
class LockWaitNotesTest {
    private static final TaskRef TASK = new TaskRef(new SomeTask("parked"), "ab12", "SomeTask(name=parked)[ab12]");
    private static final DurationSetting WAIT_TIMEOUT = new DurationSetting("kart.lock.wait-timeout", Duration.ofHours(1),
            Optional.empty());

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    private Instant now = NOW;
    private final StringWriter said = new StringWriter();
    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> due = new ArrayList<>();
    private final LockWaitNotes notes = new LockWaitNotes(new PrintWriter(said), WAIT_TIMEOUT, (delay, action) -> {
        delays.add(delay);
        due.add(action);
    }, () -> now);

    @Test
    void aDeferralOverWithinASecondSaysNothing() {
        notes.taskWaitingForRunLock(deferredSince(NOW.minusMillis(300)));
        now = NOW.plusMillis(400);
        notes.runLockWaitEnded(TASK, false);
        fireTimers();

        assertThat(said.toString()).isEmpty();
        assertThat(delays).as("the rest of the wait's first second").containsExactly(Duration.ofMillis(700));
    }

    @Test
    void aDeferralStillOnAfterASecondIsToldThenAndItsEndAfter() {
        notes.taskWaitingForRunLock(deferredSince(NOW));

        assertThat(said.toString()).as("not yet a second").isEmpty();
        now = NOW.plusSeconds(1);
        fireTimers();
        assertThat(lines()).singleElement().asString().startsWith("kart: SomeTask(name=parked)[ab12] is deferred until its"
                + " run lock kart:run:ab12 is free, held by build-2:4170 (fencing token 17)");

        now = NOW.plusMillis(2_500);
        notes.runLockWaitEnded(TASK, false);
        assertThat(lines()).hasSize(2).last().asString().isEqualTo("kart: SomeTask(name=parked)[ab12]: its run lock looks"
                + " free after 2.5s; it goes back to the workers.");
    }

    @Test
    void aWaitFirstLookedAtPastASecondIsToldAtOnce() {
        notes.taskWaitingForRunLock(deferredSince(NOW.minusSeconds(2)));

        assertThat(delays).isEmpty();
        assertThat(lines()).singleElement().asString().contains(" is deferred until its run lock kart:run:ab12 is free");
    }

    @Test
    void anInterruptWithinASecondSaysNothingEither() {
        notes.taskWaitingForRunLock(deferredSince(NOW));
        notes.runLockWaitStopped(TASK);
        fireTimers();

        assertThat(said.toString()).isEmpty();
    }

    @Test
    void aWaitOverBeforeItsTimerDoesNotTellTheTasksNextWait() {
        Instant since = NOW;
        notes.taskWaitingForRunLock(deferredSince(since));
        notes.runLockWaitEnded(TASK, false);
        notes.taskWaitingForRunLock(deferredSince(since));
        due.get(0).run();

        assertThat(said.toString()).as("the first wait's timer, for a wait over").isEmpty();
        due.get(1).run();
        assertThat(lines()).hasSize(1);
    }

    @Test
    void aWaitStillOnWhenTheBuildEndsSaysNothingAfter() {
        // as when Kart.run threw with a deferral pending: its second runs out after kart's error line
        notes.taskWaitingForRunLock(deferredSince(NOW));
        notes.close();
        now = NOW.plusSeconds(1);
        fireTimers();
        notes.taskWaitingForRunLock(deferredSince(NOW.minusSeconds(2)));

        assertThat(said.toString()).isEmpty();
    }

    private void fireTimers() {
        List.copyOf(due).forEach(Runnable::run);
    }

    private List<String> lines() {
        return said.toString().lines().toList();
    }

    private static RunLockWait deferredSince(Instant since) {
        return new RunLockWait(TASK, CollisionPolicy.DEFER, since,
                Optional.of(new RunLockWait.Holder("build-2:4170", 17, since.plusSeconds(180), "kart:run:ab12")), Optional.empty());
    }
}
