package dev.kart.bench.dag;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskState;
import dev.kart.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Rounds of builds of roots over the same cached leaves, the roots taking turns: each timed build removes its root's
 * output first, so the root alone runs and reads every leaf. Each round starts with the next contender, so that none
 * always runs after another warmed the caches. Every build is checked: it succeeded, its root summed what was
 * expected, and one task ran.
 */
public final class RootRounds {
    /**
     * One way of building the root.
     *
     * @param kart the runtime it is built on; its leaves cached already
     * @param root the root, summing its leaves
     */
    public record Contender(Kart kart, Task<Long> root) {
    }

    private RootRounds() {
    }

    /**
     * @param contenders the ways of building the root, at least one
     * @param expected the sum each root must return
     * @param warmups untimed rounds first
     * @param repetitions timed rounds
     * @return each contender's seconds, one per timed round, in the order of {@code contenders}; the rounds' indexes
     *     line up across contenders
     */
    public static List<List<Double>> time(List<Contender> contenders, long expected, int warmups, int repetitions) {
        List<List<Double>> seconds = new ArrayList<>();
        contenders.forEach(contender -> seconds.add(new ArrayList<>()));
        for (int round = -warmups; round < repetitions; round++) {
            for (int turn = 0; turn < contenders.size(); turn++) {
                int index = Math.floorMod(round + turn, contenders.size());
                Contender contender = contenders.get(index);
                if (contender.kart().remove(contender.root()) != 1) {
                    throw new IllegalStateException("the root's output "
                            + contender.kart().outputs(contender.root()).get(0).uri() + " was expected to exist");
                }
                double taken = timed(contender.kart(), contender.root(), expected, 1);
                if (round >= 0) {
                    seconds.get(index).add(taken);
                }
            }
        }
        return seconds;
    }

    /**
     * @param kart a runtime
     * @param root a root summing its leaves
     * @param expected the sum it must return
     * @param expectedRuns how many tasks must run
     * @return the build's wall time in seconds
     */
    public static double timed(Kart kart, Task<Long> root, long expected, int expectedRuns) {
        long start = System.nanoTime();
        BuildReport<Long> report = kart.run(root, BuildOptions.defaults());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!report.succeeded()) {
            throw new IllegalStateException("the benchmark build failed:\n" + report.summary());
        }
        long sum = report.rootOutput().orElseThrow(() -> new IllegalStateException("the build returned no sum"));
        if (sum != expected) {
            throw new IllegalStateException("the root summed " + sum + ", expected " + expected);
        }
        int runs = report.count(TaskState.DONE);
        if (runs != expectedRuns) {
            throw new IllegalStateException(runs + " tasks ran, expected " + expectedRuns + ":\n" + report.summary());
        }
        return seconds;
    }

    /**
     * @param numerators seconds per round
     * @param denominators seconds per round, of the same rounds
     * @return each round's ratio
     */
    public static List<Double> ratios(List<Double> numerators, List<Double> denominators) {
        List<Double> ratios = new ArrayList<>(numerators.size());
        for (int i = 0; i < numerators.size(); i++) {
            ratios.add(numerators.get(i) / denominators.get(i));
        }
        return ratios;
    }
}
