package dev.kart.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.fixtures.AfterFails;
import dev.kart.fixtures.Echo;
import dev.kart.fixtures.Fails;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressDisplayTest {
    @TempDir
    Path workspace;

    /** The summary tells a failed task from one not run because of it; the bar counts them the same way. */
    @Test
    void theBarCountsTasksNotRunBecauseOfAFailureApartFromFailedOnesAsTheSummaryDoes() {
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).build();
                ProgressDisplay display = ProgressDisplay.onTerminal(true)) {
            BuildReport<?> report = kart.run(new AfterFails(new Fails(new Echo("x", false, ""), "on purpose")),
                    BuildOptions.defaults().withListener(display));

            assertThat(report.summary()).contains("* 1 failed:", "* 1 was not run because an upstream task failed");
            assertThat(display.counts()).isEqualTo("running 0, failed 1, not run 1");
        }
    }

    @Test
    void aBuildWithoutFailuresShowsNoNotRunCount() {
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).build();
                ProgressDisplay display = ProgressDisplay.onTerminal(true)) {
            kart.run(new Echo("x", false, ""), BuildOptions.defaults().withListener(display));

            assertThat(display.counts()).isEqualTo("running 0, failed 0");
        }
    }
}
