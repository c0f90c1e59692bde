package dev.kart.bench.contention;

import dev.kart.bench.process.ExecutionLog;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;

/**
 * A unit of work that takes the run lock, with the collision policy the node's configuration gives
 * ({@code kart.lock.on-collision}): logs its execution to the {@link ExecutionLog}
 * ({@code run INDEX EPOCH_MILLIS PID}), sleeps, and returns its index.
 *
 * @param index which task
 * @param sleepMillis how long {@code run()} takes
 */
@RunWithLock
public record ContendedSleeper(int index, int sleepMillis) implements Task<Integer> {
    @Override
    public Integer run(RunContext ctx) throws InterruptedException {
        ExecutionLog.append("run " + index + " " + System.currentTimeMillis());
        Thread.sleep(sleepMillis);
        return index;
    }
}
