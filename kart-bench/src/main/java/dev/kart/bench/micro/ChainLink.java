package dev.kart.bench.micro;

import dev.kart.bench.dag.Leaf;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * One link of the unique-id benchmark's chain: each link depends on the one before, so a link's id
 * needs the ids of every link below it. Never run.
 *
 * @param previous the link (or first task) below
 * @param index the link's place in the chain
 */
public record ChainLink(Task<Integer> previous, int index) implements Task<Integer> {

    /**
     * @param tasks how many tasks in all, at least 1
     * @return a chain of {@code tasks} tasks, bottom first: a {@link Leaf} and {@code tasks - 1} links,
     *     each over the one before; the last is the top
     * @throws IllegalArgumentException when {@code tasks} is less than 1
     */
    public static List<Task<Integer>> chain(int tasks) {
        if (tasks < 1) {
            throw new IllegalArgumentException("a chain has at least one task, not " + tasks);
        }
        List<Task<Integer>> chain = new ArrayList<>(tasks);
        chain.add(new Leaf(0));
        for (int i = 1; i < tasks; i++) {
            chain.add(new ChainLink(chain.get(i - 1), i));
        }
        return List.copyOf(chain);
    }

    @Override
    public Integer run(RunContext ctx) {
        throw new UnsupportedOperationException("the micro benchmarks hash this task; they never run it");
    }
}
