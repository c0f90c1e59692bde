package dev.kart.bench.nodes;

import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.List;

/**
 * The root of the wide DAG: depends on every sleeper and sums their outputs. It takes no run lock
 * and does no work of its own, so each node may compute it (publishing is atomic).
 *
 * @param sleepers its dependencies
 */
public record Gather(List<Sleeper> sleepers) implements Task<Long> {
    /** @return the sum this root must produce */
    public long expected() {
        return sleepers.stream().mapToLong(Sleeper::index).sum();
    }

    @Override
    public Long run(RunContext ctx) {
        long sum = 0;
        for (Sleeper sleeper : sleepers) {
            sum += ctx.load(sleeper);
        }
        return sum;
    }
}
