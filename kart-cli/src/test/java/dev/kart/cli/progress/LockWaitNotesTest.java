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
 * second is a timer the test fires, not a clock it waits on.
 */
class LockWaitNotesTest {
    private static final TaskRef TASK = new TaskRef(new SomeTask("parked"), "ab12", "SomeTask(name=parked)[ab12]");
    private static final DurationSetting WAIT_TIMEOUT = new DurationSetting("kart.lock.wait-timeout", Duration.ofHours(1),
            Optional.empty());

    private final StringWriter said = new StringWriter();
    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> due = new ArrayList<>();
    private final LockWaitNotes notes = new LockWaitNotes(new PrintWriter(said), WAIT_TIMEOUT, (delay, action) -> {
        delays.add(delay);
        due.add(action);
    });

    @Test
    void aDeferralOverWithinASecondSaysNothing() {
        notes.taskWaitingForRunLock(deferredSince(Instant.now()));
        notes.runLockWaitEnded(TASK, false);
        fireTimers();

        assertThat(said.toString()).isEmpty();
        assertThat(delays).singleElement().satisfies(delay -> assertThat(delay).isPositive()
                .isLessThanOrEqualTo(LockWaitNotes.WORTH_TELLING));
    }

    @Test
    void aDeferralStillOnAfterASecondIsToldThenAndItsEndAfter() {
        notes.taskWaitingForRunLock(deferredSince(Instant.now()));

        assertThat(said.toString()).as("not yet a second").isEmpty();
        fireTimers();
        assertThat(lines()).singleElement().asString().startsWith("kart: SomeTask(name=parked)[ab12] is deferred until its"
                + " run lock kart:run:ab12 is free, held by build-2:4170 (fencing token 17)");

        notes.runLockWaitEnded(TASK, false);
        assertThat(lines()).hasSize(2).last().asString().startsWith("kart: SomeTask(name=parked)[ab12]: its run lock looks"
                + " free after ").endsWith("; it goes back to the workers.");
    }

    @Test
    void aWaitFirstLookedAtPastASecondIsToldAtOnce() {
        notes.taskWaitingForRunLock(deferredSince(Instant.now().minusSeconds(2)));

        assertThat(delays).isEmpty();
        assertThat(lines()).singleElement().asString().contains(" is deferred until its run lock kart:run:ab12 is free");
    }

    @Test
    void anInterruptWithinASecondSaysNothingEither() {
        notes.taskWaitingForRunLock(deferredSince(Instant.now()));
        notes.runLockWaitStopped(TASK);
        fireTimers();

        assertThat(said.toString()).isEmpty();
    }

    @Test
    void aWaitOverBeforeItsTimerDoesNotTellTheTasksNextWait() {
        Instant since = Instant.now();
        notes.taskWaitingForRunLock(deferredSince(since));
        notes.runLockWaitEnded(TASK, false);
        notes.taskWaitingForRunLock(deferredSince(since));
        due.get(0).run();

        assertThat(said.toString()).as("the first wait's timer, for a wait over").isEmpty();
        due.get(1).run();
        assertThat(lines()).hasSize(1);
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
