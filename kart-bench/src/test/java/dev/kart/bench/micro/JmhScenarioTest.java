package dev.kart.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.bench.MicroScenarios;
import dev.kart.bench.Scenario;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/** A smoke check only: running JMH takes tens of seconds per benchmark, so bench/run alone does it. */
class JmhScenarioTest {

    @Test
    void everyBenchmarkOfTheMicroScenariosIsInTheListJmhGenerated() {
        List<String> generated = BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()),
                        VerboseMode.SILENT), List.of())
                .stream().map(BenchmarkListEntry::getUsername).toList();

        List<JmhScenario> micro = microScenarios();
        assertThat(micro).extracting(Scenario::name)
                .containsExactly("micro-lock-inmemory", "micro-unique-id", "micro-canonical-form");
        assertThat(micro).allSatisfy(scenario -> assertThat(generated).containsAll(scenario.benchmarks()));
        assertThat(micro.get(1).benchmarks()).containsExactly(
                "dev.kart.bench.micro.UniqueIdBenchmarks.kartTask", "dev.kart.bench.micro.UniqueIdBenchmarks.baselineTask",
                "dev.kart.bench.micro.UniqueIdBenchmarks.kartChain", "dev.kart.bench.micro.UniqueIdBenchmarks.baselineChain");
    }

    @Test
    void theDescriptionSaysHowJmhRunsIt() {
        assertThat(microScenarios()).allSatisfy(scenario -> assertThat(scenario.description())
                .endsWith("(JMH: 1 fork, 5 warm-up and 5 timed iterations of 1000 ms per benchmark)"));
    }

    private static List<JmhScenario> microScenarios() {
        return new MicroScenarios().scenarios().stream().map(JmhScenario.class::cast).toList();
    }
}
