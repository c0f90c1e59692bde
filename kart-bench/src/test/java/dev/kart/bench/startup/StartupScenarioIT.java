package dev.kart.bench.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.bench.Result;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code startup-run} at a tiny size (one timed round) on this checkout's {@code bin/kart}, runnable
 * jar and example jar: it runs the commands it times, checks what each printed, and reports the keys
 * bench/run promises. No figure is asserted but the class counts, which do not depend on the
 * machine's speed: speed is measured only by bench/run.
 */
class StartupScenarioIT {
    @Test
    @Timeout(300)
    void timesCachedRunsAndTheBaselineAndCountsTheClassesTheyLoad() {
        Result result = new StartupScenario("tiny-startup-run", 0, 1).run();

        assertThat(result.values()).containsKeys("java", "cds", "baseline_wall_s", "baseline_cpu_s", "short_wall_s",
                "short_cpu_s", "fq_wall_s", "fq_cpu_s", "tree_wall_s", "tree_cpu_s", "clean_wall_s", "clean_cpu_s", "locks_wall_s",
                "locks_cpu_s", "json_wall_s", "json_cpu_s", "info_wall_s", "info_cpu_s", "rerun_all_wall_s", "rerun_all_cpu_s",
                "short_wall_ratio", "short_to_fq", "classes_short", "classes_fq", "met", "reps");
        assertThat(result.values()).containsKeys(LoadedClasses.keys().toArray(String[]::new));
        assertThat(result.values().get("reps")).isEqualTo("1");
        // the suite names no python with gokart: the absolute targets alone, and the line says so
        assertThat(result.values().get("gokart")).isEqualTo("none");
        assertThat(Double.parseDouble(result.values().get("short_wall_s"))).isPositive();
        // what a cached run of a text output needs: no JSON, no Redis client, no class-path scan
        for (String none : List.of("jackson_classes", "redis_classes", "classgraph_classes")) {
            assertThat(result.values().get(none)).as(none).isEqualTo("0");
        }
        assertThat(Integer.parseInt(result.values().get("kart_classes"))).isPositive();
    }
}
