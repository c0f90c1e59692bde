package dev.kart.bench.dag;

import dev.kart.bench.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * What the repeated fan-in DAG scenarios share: a name, the DAG's size ({@link SumOfLeaves} over N
 * {@link Leaf} tasks), untimed warm-up rounds, then timed rounds whose figures are summarised by the
 * subclass.
 */
abstract sealed class RepeatedDagScenario implements Scenario
        permits DagColdScenario, DagWarmScenario, DagWarmChildrenScenario, LockOverheadScenario {
    /** The scenario's name. */
    final String name;
    /** How many leaves the root depends on. */
    final int leaves;
    /** Untimed rounds first. */
    final int warmups;
    /** Timed rounds. */
    final int repetitions;

    RepeatedDagScenario(String name, int leaves, int warmups, int repetitions) {
        this.name = name;
        this.leaves = leaves;
        this.warmups = warmups;
        this.repetitions = repetitions;
    }

    @Override
    public final String name() {
        return name;
    }

    /** One round of a scenario, returning its figures. */
    @FunctionalInterface
    interface RoundBody<R, E extends Exception> {
        R run(int number) throws E;
    }

    /**
     * Runs the warm-up rounds, discarding their figures, then the timed rounds.
     *
     * @param round one round; given its number among the timed rounds (warm-ups get -1)
     * @param <R> a round's figures
     * @param <E> what a round may throw
     * @return the timed rounds' figures, in order
     * @throws E when a round fails
     */
    final <R, E extends Exception> List<R> rounds(RoundBody<R, E> round) throws E {
        for (int i = 0; i < warmups; i++) {
            round.run(-1);
        }
        List<R> figures = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            figures.add(round.run(i));
        }
        return figures;
    }
}
