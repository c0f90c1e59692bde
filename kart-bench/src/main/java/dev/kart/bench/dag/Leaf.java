package dev.kart.bench.dag;

import dev.kart.task.RunContext;
import dev.kart.task.Task;

/**
 * A trivial task: returns a small number derived from its index, so that thousands of them cost
 * only what kart adds around {@code run()}.
 *
 * @param index which leaf; distinct leaves have distinct unique ids and cache files
 */
public record Leaf(int index) implements Task<Integer> {
    @Override
    public Integer run(RunContext ctx) {
        return value(index);
    }

    /**
     * @param index a leaf's index
     * @return what that leaf returns
     */
    static int value(int index) {
        return index % 10;
    }
}
