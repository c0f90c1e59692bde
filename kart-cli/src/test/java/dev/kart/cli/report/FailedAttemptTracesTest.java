package dev.kart.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.AttemptOutcome;
import dev.kart.core.BuildReport;
import dev.kart.core.LockActivity;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.examples.sample.SomeTask;
import dev.kart.task.CollisionPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailedAttemptTracesTest {
    /** What a report names the task by: its family, parameters and unique id. */
    private static final String LABEL = "dev.kart.examples.sample.SomeTask(name=x)[" + "0".repeat(32) + "]";

    private static final Instant START = Instant.parse("2026-12-03T16:52:00Z");
    private static final LockActivity NO_LOCK = new LockActivity(false, CollisionPolicy.WAIT, 0, Duration.ZERO, List.of(),
            List.of(), Optional.empty());

    @Test
    void eachFailedAttemptIsCountedAgainstTheAttemptsOfATaskThatEnded() {
        String traces = traces(TaskState.FAILED, List.of(failed(1), failed(2)));

        assertThat(traces).contains("kart: " + LABEL + ": attempt 1 of 2 failed:\njava.lang.IllegalStateException: attempt 1",
                "kart: " + LABEL + ": attempt 2 of 2 failed:\njava.lang.IllegalStateException: attempt 2");
    }

    @Test
    void anInterruptedTasksAttemptsAreNotCountedAgainstTheFewItMade() {
        String traces = traces(TaskState.INTERRUPTED, List.of(failed(1)));

        assertThat(traces).contains("kart: " + LABEL + ": attempt 1 failed:\njava.lang.IllegalStateException: attempt 1")
                .doesNotContain("of 1");
    }

    private static AttemptOutcome failed(int number) {
        return new AttemptOutcome(number, START.plusSeconds(number), START.plusSeconds(number + 1), TaskState.FAILED,
                Optional.of(new IllegalStateException("attempt " + number)));
    }

    private static String traces(TaskState state, List<AttemptOutcome> attempts) {
        TaskOutcome outcome = new TaskOutcome(new SomeTask("x"), "0".repeat(32), state, attempts.size(),
                attempts.get(attempts.size() - 1).failure(), false, 0, NO_LOCK, attempts, Optional.empty(),
                Optional.empty());
        StringWriter out = new StringWriter();
        FailedAttemptTraces.print(new BuildReport<>(new SomeTask("x"), List.of(outcome), Optional.empty(), Duration.ZERO),
                new PrintWriter(out));
        return out.toString();
    }
}
