package dev.kart.bench.soak;

import java.util.Collection;
import java.util.List;

/**
 * The soak's books: for every task, the round in which its output was last removed (its output's
 * generation; 0 for the first build) and whether it has run since. From them it counts
 * <ul>
 *   <li><b>duplicate runs</b>: a {@code run()} of a task that has already run since its output was
 *       last removed, i.e. a second run for the same output generation (in the same round or a
 *       later one);</li>
 *   <li><b>stray runs</b>: a {@code run()} logged with another round's number than the round being
 *       built (a node building what it was not asked to);</li>
 * </ul>
 * and gives the value every output must hold: {@link SoakDag#value} of the task for its
 * generation's round, over its dependencies' expected values. Not thread-safe.
 */
public final class SoakLedger {
    private final SoakDag dag;
    private final int[] generation;
    private final boolean[] ranInGeneration;
    private long executions;
    private long duplicates;
    private long strays;

    /** @param dag the soak's DAG; every output is of generation 0 (to be built in round 0) */
    public SoakLedger(SoakDag dag) {
        this.dag = dag;
        this.generation = new int[dag.size()];
        this.ranInGeneration = new boolean[dag.size()];
    }

    /**
     * Records that the outputs of some tasks were removed before a round.
     *
     * @param round the round about to be built
     * @param tasks the tasks whose outputs were removed
     */
    public void removed(int round, Collection<Integer> tasks) {
        for (int task : tasks) {
            generation[task] = round;
            ranInGeneration[task] = false;
        }
    }

    /**
     * Records the runs logged during a round.
     *
     * @param round the round that was built
     * @param lines execution log lines, {@code ROUND TASK PID}
     */
    public void ran(int round, List<String[]> lines) {
        for (String[] words : lines) {
            int loggedRound = Integer.parseInt(words[0]);
            int task = Integer.parseInt(words[1]);
            executions++;
            if (loggedRound != round) {
                strays++;
            }
            if (ranInGeneration[task]) {
                duplicates++;
            }
            ranInGeneration[task] = true;
        }
    }

    /** @return the value each task's output must hold now, by task number */
    public long[] expectedValues() {
        long[] values = new long[dag.size()];
        for (int task = 0; task < dag.size(); task++) {
            int[] dependencies = dag.dependencies(task);
            long[] inputs = new long[dependencies.length];
            for (int i = 0; i < dependencies.length; i++) {
                inputs[i] = values[dependencies[i]];
            }
            values[task] = SoakDag.value(task, generation[task], inputs);
        }
        return values;
    }

    /** @return every {@code run()} recorded */
    public long executions() {
        return executions;
    }

    /** @return runs for an output generation that had run already */
    public long duplicates() {
        return duplicates;
    }

    /** @return runs logged with the number of a round other than the one being built */
    public long strays() {
        return strays;
    }
}
