package dev.kart.bench.micro;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.annotations.Mode;

/**
 * A micro scenario: runs pairs of JMH benchmarks (a kart operation and its baseline) through JMH's
 * {@link Runner} in this JVM, and reports each pair's average time per operation and ratio. Each
 * benchmark gets a forked JVM of its own ({@code forks} of them), on this JVM's class path and with
 * its JVM options (JMH's default), one thread, {@code warmups} untimed and {@code iterations} timed
 * iterations of {@code iterationTime} each. The figure is the median of the timed iterations' average
 * times, not JMH's mean: on a shared machine one iteration slowed by another process would move the
 * mean of five. JMH's own report (with its mean and error) goes to stderr, so stdout keeps the one
 * {@code RESULT} line.
 */
public final class JmhScenario implements Scenario {
    private final String name;
    private final String description;
    private final List<Pair> pairs;
    private final int forks;
    private final int warmups;
    private final int iterations;
    private final Duration iterationTime;

    /**
     * A kart benchmark and its baseline, reported as {@code [key_]ns_per_op},
     * {@code [key_]baseline_ns_per_op} and {@code [key_]ratio} (kart's time / the baseline's).
     *
     * @param key what the figures are prefixed with, or empty for none
     * @param kart the kart benchmark's full name, {@code package.Class.method}
     * @param baseline the baseline benchmark's full name
     */
    public record Pair(String key, String kart, String baseline) {
        /**
         * @param benchmarks the class holding both benchmarks
         * @param key the figures' prefix, or empty
         * @param kartMethod the kart benchmark's method name
         * @param baselineMethod the baseline's method name
         * @return the pair
         */
        public static Pair of(Class<?> benchmarks, String key, String kartMethod, String baselineMethod) {
            return new Pair(key, benchmarks.getName() + "." + kartMethod, benchmarks.getName() + "." + baselineMethod);
        }

        String figure(String figure) {
            return key.isEmpty() ? figure : key + "_" + figure;
        }
    }

    /**
     * @param name the scenario's name
     * @param description what it measures, in one line
     * @param pairs the benchmarks, in the order their figures are reported
     * @param forks JVMs per benchmark
     * @param warmups untimed iterations per fork
     * @param iterations timed iterations per fork
     * @param iterationTime how long each iteration runs
     */
    public JmhScenario(String name, String description, List<Pair> pairs, int forks, int warmups, int iterations,
            Duration iterationTime) {
        this.name = name;
        this.description = description;
        this.pairs = List.copyOf(pairs);
        this.forks = forks;
        this.warmups = warmups;
        this.iterations = iterations;
        this.iterationTime = iterationTime;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description + " (JMH: " + forks + " fork, " + warmups + " warm-up and " + iterations + " timed iterations of "
                + iterationTime.toMillis() + " ms per benchmark)";
    }

    /** @return the full names of the benchmarks it runs, each pair's kart benchmark first */
    public List<String> benchmarks() {
        List<String> names = new ArrayList<>();
        pairs.forEach(pair -> names.addAll(List.of(pair.kart(), pair.baseline())));
        return names;
    }

    /**
     * @throws RunnerException when JMH cannot run a benchmark, or a benchmark throws (JMH fails the
     *     run on the first error)
     * @throws IllegalStateException when a benchmark reports no figure
     */
    @Override
    public Result run() throws RunnerException {
        TimeValue time = TimeValue.milliseconds(iterationTime.toMillis());
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(forks).warmupIterations(warmups).warmupTime(time).measurementIterations(iterations)
                .measurementTime(time).threads(1).mode(Mode.AverageTime).timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true);
        // anchored: a name must not select the benchmarks it is a prefix of (kart and kartChain)
        benchmarks().forEach(benchmark -> options.include("^" + Pattern.quote(benchmark) + "$"));
        Collection<RunResult> results = new Runner(options.build(),
                OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
        Map<String, Double> nanos = new HashMap<>();
        for (RunResult result : results) {
            nanos.put(result.getParams().getBenchmark(), result.getPrimaryResult().getStatistics().getPercentile(50));
        }
        Result result = Result.of(name);
        for (Pair pair : pairs) {
            double kart = figure(nanos, pair.kart());
            double baseline = figure(nanos, pair.baseline());
            result = result.with(pair.figure("ns_per_op"), kart)
                    .with(pair.figure("baseline_ns_per_op"), baseline)
                    .with(pair.figure("ratio"), kart / baseline);
        }
        return result.with("forks", forks).with("warmups", warmups).with("reps", iterations)
                .with("iteration_ms", iterationTime.toMillis());
    }

    private static double figure(Map<String, Double> nanos, String benchmark) {
        Double value = nanos.get(benchmark);
        if (value == null || !(value > 0)) {
            throw new IllegalStateException("JMH reported " + value + " ns per operation for " + benchmark
                    + "; expected a positive figure (is it in META-INF/BenchmarkList?)");
        }
        return value;
    }
}
