package dev.kart.bench;

import dev.kart.bench.micro.CanonicalFormBenchmarks;
import dev.kart.bench.micro.InMemoryLockBenchmarks;
import dev.kart.bench.micro.JmhScenario;
import dev.kart.bench.micro.UniqueIdBenchmarks;
import java.time.Duration;
import java.util.List;

/**
 * The JMH micro benchmarks as scenarios. Settings for a 2-core shared machine: one fork per
 * benchmark, 5 warm-up and 5 timed iterations of 1 s (about 11 s per benchmark with the fork's
 * start-up). Fewer warm-ups are not enough there: with other processes taking the cores, the JIT
 * takes 3 to 5 s to finish compiling the unique-id and canonical-form code.
 */
public final class MicroScenarios implements ScenarioProvider {
    private static final int FORKS = 1;
    private static final int WARMUPS = 5;
    private static final int ITERATIONS = 5;
    private static final Duration ITERATION = Duration.ofSeconds(1);

    @Override
    public List<Scenario> scenarios() {
        return List.of(
                micro("micro-lock-inmemory", "uncontended in-memory exclusive cache lease acquire+release vs"
                        + " ReentrantLock in a ConcurrentHashMap", JmhScenario.Pair.of(InMemoryLockBenchmarks.class, "",
                        "kart", "baseline")),
                micro("micro-unique-id", "unique id of a 13-parameter task with one dependency, and of a 1,000-task"
                        + " chain, vs SHA-256 of the same canonical bytes",
                        JmhScenario.Pair.of(UniqueIdBenchmarks.class, "task", "kartTask", "baselineTask"),
                        JmhScenario.Pair.of(UniqueIdBenchmarks.class, "chain", "kartChain", "baselineChain")),
                micro("micro-canonical-form", "canonical form of 13 parameter values vs String.valueOf of each into a"
                        + " StringBuilder", JmhScenario.Pair.of(CanonicalFormBenchmarks.class, "", "kart", "baseline")));
    }

    private static Scenario micro(String name, String description, JmhScenario.Pair... pairs) {
        return new JmhScenario(name, description, List.of(pairs), FORKS, WARMUPS, ITERATIONS, ITERATION);
    }
}
