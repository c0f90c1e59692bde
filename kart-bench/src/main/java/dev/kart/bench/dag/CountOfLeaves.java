package dev.kart.bench.dag;

import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A root that depends on every leaf but reads none of them: its build, once the leaves are cached,
 * costs the check of the leaves' completeness and its own run alone.
 *
 * @param leaves its dependencies
 */
public record CountOfLeaves(List<Leaf> leaves) implements Task<Long> {
    /**
     * @param count how many leaves
     * @return a root over leaves 0 to count - 1
     */
    public static CountOfLeaves over(int count) {
        return new CountOfLeaves(IntStream.range(0, count).mapToObj(Leaf::new).toList());
    }

    @Override
    public Long run(RunContext ctx) {
        return (long) leaves.size();
    }
}
