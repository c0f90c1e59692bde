package dev.kart.bench.dag;

import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The root of the fan-in DAG: depends on every leaf (a list-of-tasks parameter) and sums their
 * outputs, each read through {@code ctx.load}.
 *
 * @param leaves its dependencies
 */
public record SumOfLeaves(List<Leaf> leaves) implements Task<Long> {
    /**
     * @param count how many leaves
     * @return a root over leaves 0 to count - 1
     */
    public static SumOfLeaves over(int count) {
        return new SumOfLeaves(IntStream.range(0, count).mapToObj(Leaf::new).toList());
    }

    /** @return the sum this root must produce */
    public long expected() {
        long sum = 0;
        for (Leaf leaf : leaves) {
            sum += Leaf.value(leaf.index());
        }
        return sum;
    }

    @Override
    public Long run(RunContext ctx) {
        long sum = 0;
        for (Leaf leaf : leaves) {
            sum += ctx.load(leaf);
        }
        return sum;
    }
}
