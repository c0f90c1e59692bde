package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.AttemptOutcome;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.Runtimes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code TaskOutcome.attemptHistory()}: each attempt of a build, with its times, outcome and error. */
class AttemptHistoryTest {
    @TempDir
    Path workspace;

    @Test
    void everyAttemptIsListedInOrderWithItsErrorAndTheLastOneDone() {
        try (Kart kart = Runtimes.kart(workspace, "kart.retry.count", 2, "kart.retry.delay", "10ms")) {
            BuildReport<String> report = kart.run(new SchedulingTest.Flaky("history", 2), BuildOptions.defaults());

            List<AttemptOutcome> attempts = report.rootOutcome().attemptHistory();
            assertThat(attempts).extracting(AttemptOutcome::number).containsExactly(1, 2, 3);
            assertThat(attempts).extracting(AttemptOutcome::outcome)
                    .containsExactly(TaskState.FAILED, TaskState.FAILED, TaskState.DONE);
            assertThat(attempts.get(0).failure()).get().extracting(Throwable::getMessage).isEqualTo("flaky failure 1");
            assertThat(attempts.get(1).failure()).get().extracting(Throwable::getMessage).isEqualTo("flaky failure 2");
            assertThat(attempts.get(2).failure()).isEmpty();
            assertThat(attempts.get(1).start()).isAfterOrEqualTo(attempts.get(0).end());
            assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.duration().isNegative()).isFalse());
        }
    }

    @Test
    void aTaskThatDidNotRunHasNoAttempts() {
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(new SchedulingTest.Flaky("once", 0));

            BuildReport<String> again = kart.run(new SchedulingTest.Flaky("once", 0), BuildOptions.defaults());

            assertThat(again.rootOutcome().state()).isEqualTo(TaskState.ALREADY_COMPLETE);
            assertThat(again.rootOutcome().attemptHistory()).isEmpty();
        }
    }
}
