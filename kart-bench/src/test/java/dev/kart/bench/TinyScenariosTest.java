package dev.kart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs every scenario class at a tiny size in this JVM: each must build what it measures
 * correctly (the scenarios check sums, run counts and executions themselves) and report the keys
 * bench/run promises. No figure is asserted: speed is measured only by bench/run.
 */
class TinyScenariosTest {

    @ParameterizedTest
    @CsvSource({
        "tiny-dag-cold,           tasks=31 seconds per_task_us io_baseline_us ratio met",
        "tiny-dag-warm,           tasks=31 visited=1 per_task_us met",
        "tiny-dag-warm-children,  tasks=31 visited=31 loaded=30 per_task_us io_floor_us ratio met",
        "tiny-dag-warm-children-redis,    leaves=30 client=jedis one_by_one_s load_all_s one_by_one_per_leaf_us load_all_per_leaf_us ratio reps=2",
        "tiny-dag-warm-children-redisson, leaves=30 client=redisson one_by_one_s load_all_s ratio reps=2",
        "tiny-dag-heap,           tasks=51 seconds peak_heap_mb met",
        "tiny-dag-scale,          tasks=41 cold_seconds graph_seconds warm_seconds warm_per_task_us peak_heap_mb met",
        "tiny-lock-inmemory,      threads=2 ops_per_s baseline_ops_per_s ratio",
        "tiny-dag-cold-locked,    tasks=31 per_task_us noop_per_task_us lock_overhead_ratio met",
        "tiny-two-nodes-defer,    tasks=6 executions=6 seconds ideal_seconds met",
        "tiny-lock-redis-jedis,   client=jedis threads=8 ops_per_s raw_ops_per_s ratio ops_per_s_1t raw_ops_per_s_1t ratio_1t client_cpu_us raw_client_cpu_us server_cpu_us raw_server_cpu_us server_cmd_us raw_server_cmd_us cpu_ratio met",
        "tiny-lock-redis-redisson, client=redisson threads=8 ops_per_s raw_ops_per_s ratio ops_per_s_1t raw_ops_per_s_1t ratio_1t client_cpu_us server_cpu_us server_cmd_us cpu_ratio",
        "tiny-contention-redis-fail,  policy=fail processes=2 tasks=6 executions=6 executions_min=6 seconds ideal_seconds",
        "tiny-contention-redis-wait,  policy=wait processes=2 tasks=6 executions=6 executions_min=6 seconds ideal_seconds met",
        "tiny-contention-redis-defer, policy=defer processes=2 tasks=6 executions=6 executions_min=6 seconds ideal_seconds met",
        "tiny-contention-redis-cluster, policy=defer processes=2 tasks=6 primaries=3 executions=6 executions_min=6 seconds single_seconds ratio target_ratio=1.2 met",
        "tiny-contention-redis-sentinel, policy=defer tasks=6 executions=6 executions_min=6 seconds single_seconds ratio",
        "tiny-dag-cold-s3,        tasks=61 seconds per_task_us put_head_baseline_us ratio met head list=1 get put other",
        "tiny-dag-warm-s3,        tasks=121 seconds list_page_ms pages=1 ratio met head list=2 get put other",
        "tiny-soak-redis,         tasks=30 processes=2 builds executions seed seconds duplicate_runs=0 lost_outputs=0 errors=0 stray_runs=0 temp_files=0",
    })
    @Timeout(120)
    void reportsItsFigures(String name, String expected) throws Exception {
        Scenario scenario = TinyScenarios.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();

        Result result = scenario.run();

        assertThat(result.scenario()).isEqualTo(name);
        for (String item : expected.trim().split("\\s+")) {
            String[] keyValue = item.split("=", 2);
            assertThat(result.values()).containsKey(keyValue[0]);
            if (keyValue.length == 2) {
                assertThat(result.values().get(keyValue[0])).as(keyValue[0]).isEqualTo(keyValue[1]);
            }
        }
    }
}
