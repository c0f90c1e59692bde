package dev.kart.bench.contention;

import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.List;

/**
 * The contention DAG as {@code kart run} can name it: the same sleepers as
 * {@link ContendedGather#of(int, int)}, reached through {@link #requires()} from two whole-number
 * parameters instead of a list of tasks, which neither the command line nor config can give:
 * {@code bin/kart run dev.kart.bench.contention.ContendedSum --tasks=40 --sleep-ms=250 --classpath
 * kart-bench/target/kart-bench.jar ...}. The sleepers have the same unique ids as under
 * {@link ContendedGather}; this root's own id differs. It takes no run lock and does no work of its
 * own, so each node may compute it (publishing is atomic).
 *
 * @param tasks how many sleepers (0 for a trivial build of the root alone)
 * @param sleepMs how long each sleeps, in milliseconds
 */
public record ContendedSum(int tasks, int sleepMs) implements Task<Long> {
    /** @return the sleepers 0 to tasks - 1, as {@link ContendedGather#of(int, int)} makes them */
    public List<ContendedSleeper> sleepers() {
        return ContendedGather.of(tasks, sleepMs).sleepers();
    }

    /** @return the sum this root must produce */
    public long expected() {
        return ContendedGather.of(tasks, sleepMs).expected();
    }

    @Override
    public List<Task<?>> requires() {
        return List.copyOf(sleepers());
    }

    /** Reads every sleeper's output in one {@code loadAll}, as gokart's {@code self.load()} of its list of requires. */
    @Override
    public Long run(RunContext ctx) {
        long sum = 0;
        for (int index : ctx.loadAll(sleepers())) {
            sum += index;
        }
        return sum;
    }
}
