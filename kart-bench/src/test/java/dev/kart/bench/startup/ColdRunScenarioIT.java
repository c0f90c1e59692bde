package dev.kart.bench.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.bench.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cold-run-10k} at a tiny size (50 tasks, one timed build) on this checkout's {@code bin/kart} and runnable
 * jar: it builds every task from the command line (the scenario checks the summary) and reports the keys bench/run
 * promises. No figure is asserted: speed is measured only by bench/run.
 */
class ColdRunScenarioIT {
    @Test
    @Timeout(300)
    void buildsEveryTaskFromTheCommandLineAndReportsItAgainstThePublishBaseline() {
        Result result = new ColdRunScenario("tiny-cold-run", 50, 0, 1).run();

        assertThat(result.values()).containsKeys("wall_s", "cpu_s", "per_task_us", "cpu_per_task_us", "io_baseline_us",
                "ratio", "ratio_min", "ratio_max", "wall_min_s", "wall_max_s", "fs");
        assertThat(result.values().get("tasks")).isEqualTo("51");
        assertThat(result.values().get("reps")).isEqualTo("1");
        assertThat(Double.parseDouble(result.values().get("io_baseline_us"))).isPositive();
        assertThat(Double.parseDouble(result.values().get("ratio"))).isPositive();
    }
}
