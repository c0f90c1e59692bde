package dev.kart.bench.dag;

import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@link SumOfLeaves} with its leaves' outputs read in one {@code ctx.loadAll}, as gokart's {@code self.load()} of a
 * list of requires: their shared cache locks taken and released together. A task of its own, with its own unique id
 * and cache file, beside {@link SumOfLeaves} over the same leaves.
 *
 * @param leaves its dependencies (a list-of-tasks parameter, as {@link SumOfLeaves}'s)
 */
public record SumOfLeavesLoadedTogether(List<Leaf> leaves) implements Task<Long> {
    /**
     * @param count how many leaves
     * @return a root over leaves 0 to count - 1
     */
    public static SumOfLeavesLoadedTogether over(int count) {
        return new SumOfLeavesLoadedTogether(IntStream.range(0, count).mapToObj(Leaf::new).toList());
    }

    @Override
    public Long run(RunContext ctx) {
        long sum = 0;
        for (int value : ctx.loadAll(leaves)) {
            sum += value;
        }
        return sum;
    }
}
