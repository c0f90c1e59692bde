package dev.kart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioRegistryTest {

    @Test
    void findsEveryCoreScenarioThroughTheServiceLoader() {
        ScenarioRegistry registry = ScenarioRegistry.load();

        assertThat(registry.names()).contains("dag-cold-10k", "dag-warm-10k", "dag-warm-10k-children", "dag-100k-heap",
                "lock-inmemory", "dag-cold-10k-locked", "two-nodes-defer", "startup-run", "cold-run-10k");
        assertThat(registry.all()).allSatisfy(scenario -> assertThat(scenario.description()).isNotBlank());
    }

    @Test
    void findsTheRedisScenariosToo() {
        assertThat(ScenarioRegistry.load().names()).contains("lock-redis-jedis", "lock-redis-redisson",
                "contention-redis-fail", "contention-redis-wait", "contention-redis-defer", "contention-redis-cluster",
                "contention-redis-sentinel", "soak-redis", "contention-spawn-defer", "contention-spawn-fail",
                "contention-spawn-wait", "dag-warm-1k-children-redis", "dag-warm-1k-children-redisson");
    }

    @Test
    void findsTheS3ScenariosToo() {
        assertThat(ScenarioRegistry.load().names()).contains("dag-cold-1k-s3", "dag-warm-10k-s3");
    }

    @Test
    void findsTheMicroScenariosToo() {
        assertThat(ScenarioRegistry.load().names()).contains("micro-lock-inmemory", "micro-unique-id",
                "micro-canonical-form");
    }

    @Test
    void theSoakLastsTenMinutesUnlessTold() {
        assertThat(ScenarioRegistry.load().find("soak-redis").orElseThrow().description()).contains("for 10 min");
    }

    @Test
    void theHeapScenarioLimitsItsJvmTo512Megabytes() {
        assertThat(ScenarioRegistry.load().find("dag-100k-heap").orElseThrow().jvmOptions()).containsExactly("-Xmx512m");
    }

    @Test
    void theScaleScenarioLimitsItsJvmToTwoGigabytes() {
        assertThat(ScenarioRegistry.load().find("dag-1m").orElseThrow().jvmOptions()).containsExactly("-Xmx2048m");
    }

    @Test
    void rejectsTwoScenariosWithOneName() {
        Scenario first = new TinyScenarios.FailingScenario();
        Scenario second = new TinyScenarios.FailingScenario();

        assertThatThrownBy(() -> ScenarioRegistry.of(List.of(first, second)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two scenarios are named 'tiny-fails'");
    }

    @Test
    void rejectsAMalformedName() {
        Scenario badlyNamed = new Scenario() {
            @Override
            public String name() {
                return "Dag Cold";
            }

            @Override
            public String description() {
                return "badly named";
            }

            @Override
            public Result run() {
                return Result.of(name());
            }
        };

        assertThatThrownBy(() -> ScenarioRegistry.of(List.of(badlyNamed)))
                .hasMessageContaining("scenario name 'Dag Cold'").hasMessageContaining("malformed");
    }

    @Test
    void anUnknownNameIsAnErrorListingTheKnownScenarios() {
        ScenarioRegistry registry = ScenarioRegistry.load();

        assertThatThrownBy(() -> ScenarioSelection.of(List.of("dag-cold-10k", "dag-cold"), registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario 'dag-cold'")
                .hasMessageContaining("Known scenarios:")
                .hasMessageContaining("dag-cold-10k ")
                .hasMessageContaining("two-nodes-defer ");
    }

    @Test
    void noNameIsAnErrorToo() {
        assertThatThrownBy(() -> ScenarioSelection.of(List.of(), ScenarioRegistry.load()))
                .hasMessageContaining("no scenario given").hasMessageContaining("lock-inmemory");
    }

    @Test
    void keepsTheCommandLineOrderAndRepeats() {
        ScenarioSelection selection = ScenarioSelection.of(List.of("lock-inmemory", "dag-cold-10k", "lock-inmemory"),
                ScenarioRegistry.load());

        assertThat(selection.scenarios()).extracting(Scenario::name)
                .containsExactly("lock-inmemory", "dag-cold-10k", "lock-inmemory");
    }
}
