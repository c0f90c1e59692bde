package dev.kart.bench.contention;

import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The root of the contention DAG: depends on every sleeper (independent leaves, so that every node's
 * workers can be busy) and sums their outputs. It takes no run lock and does no work of its own, so
 * each node may compute it (publishing is atomic).
 *
 * @param sleepers its dependencies
 */
public record ContendedGather(List<ContendedSleeper> sleepers) implements Task<Long> {
    /**
     * @param tasks how many sleepers (0 for a trivial build of the root alone)
     * @param sleepMillis how long each sleeps
     * @return the root over sleepers 0 to tasks - 1
     */
    public static ContendedGather of(int tasks, int sleepMillis) {
        return new ContendedGather(IntStream.range(0, tasks).mapToObj(i -> new ContendedSleeper(i, sleepMillis)).toList());
    }

    /** @return the sum this root must produce */
    public long expected() {
        return sleepers.stream().mapToLong(ContendedSleeper::index).sum();
    }

    /** Reads every sleeper's output in one {@code loadAll}, as {@link ContendedSum} does. */
    @Override
    public Long run(RunContext ctx) {
        long sum = 0;
        for (int index : ctx.loadAll(sleepers)) {
            sum += index;
        }
        return sum;
    }
}
