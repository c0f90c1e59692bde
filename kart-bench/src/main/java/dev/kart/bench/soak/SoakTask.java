package dev.kart.bench.soak;

import dev.kart.bench.process.ExecutionLog;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.util.Arrays;
import java.util.List;

/**
 * One task of the soak's {@link SoakDag}: takes the run lock (with the node's collision policy), logs
 * {@code ROUND NUMBER} to the {@link ExecutionLog}, works for its work time, loads its dependencies'
 * outputs and returns {@link SoakDag#value} of them for the current {@link SoakRound}. Its
 * dependencies come from {@link #requires()}, a function of its parameters, so the task record stays
 * flat however deep the DAG is.
 *
 * @param index its number in the DAG
 * @param seed the DAG's seed
 * @param size the DAG's size
 */
@RunWithLock
public record SoakTask(int index, long seed, int size) implements Task<Long> {
    /** @return the DAG this task belongs to */
    public SoakDag dag() {
        return SoakDag.of(seed, size);
    }

    @Override
    public List<Task<?>> requires() {
        return Arrays.stream(dag().dependencies(index)).<Task<?>>mapToObj(i -> new SoakTask(i, seed, size)).toList();
    }

    @Override
    public Long run(RunContext ctx) throws InterruptedException {
        int round = SoakRound.current();
        ExecutionLog.append(round + " " + index);
        Thread.sleep(dag().workMillis(index));
        int[] dependencies = dag().dependencies(index);
        long[] values = new long[dependencies.length];
        for (int i = 0; i < dependencies.length; i++) {
            values[i] = ctx.load(new SoakTask(dependencies[i], seed, size));
        }
        return SoakDag.value(index, round, values);
    }
}
