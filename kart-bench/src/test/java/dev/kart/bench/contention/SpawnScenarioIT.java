package dev.kart.bench.contention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.bench.Result;
import dev.kart.task.CollisionPolicy;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code contention-spawn-*} at a tiny size (2 processes, 4 sleepers of 50 ms, one timed round) on
 * this checkout's {@code bin/kart} and runnable jar, which the reactor has packaged by then: the
 * scenario starts real {@code bin/kart run} processes against its own redis-server, checks their
 * builds, and counts every {@code run()} across them. No time is asserted: speed is measured only
 * by bench/run.
 */
class SpawnScenarioIT {
    private static final int TASKS = 4;

    @ParameterizedTest
    @EnumSource(CollisionPolicy.class)
    @Timeout(600)
    void runsEverySleeperOnceAcrossTheKartRunProcessesAndTheBenchNodes(CollisionPolicy policy) throws Exception {
        Result result = new SpawnScenario("tiny-contention-spawn", policy, 2, TASKS, 50, 0, 1).run();

        Map<String, String> values = result.values();
        assertThat(values).containsKeys("seconds", "seconds_min", "seconds_max", "bench_nodes_seconds",
                "seconds_to_bench_nodes", "first_run_s", "all_nodes_running_s", "first_kart_run_s", "load_start");
        assertThat(values.get("policy")).isEqualTo(policy.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(values.get("executions")).isEqualTo(Integer.toString(TASKS));
        assertThat(values.get("executions_min")).isEqualTo(Integer.toString(TASKS));
        assertThat(values.get("bench_nodes_executions_min")).isEqualTo(Integer.toString(TASKS));
        assertThat(Arrays.stream(values.get("ran_per_node").split("/")).mapToInt(Integer::parseInt).sum())
                .as("sleepers run by the two processes of the last round").isEqualTo(TASKS);
        // the first bin/kart run left its class-data archive (an AOT cache on Java 25+)
        assertThat(values.get("cds")).isEqualTo("yes");
        assertThat(values.get("reps")).isEqualTo("1");
        switch (policy) {
            // the suite names no python with gokart: defer is judged by the figure, and says so
            case DEFER -> {
                assertThat(values).containsKeys("target_seconds", "met");
                assertThat(values.get("gokart")).isEqualTo("none");
            }
            case WAIT -> {
                assertThat(values).containsKeys("defer_seconds", "seconds_to_defer", "target_to_defer", "met");
                assertThat(values.get("defer_executions_min")).isEqualTo(Integer.toString(TASKS));
            }
            case FAIL -> assertThat(values).doesNotContainKey("met");
        }
    }
}
