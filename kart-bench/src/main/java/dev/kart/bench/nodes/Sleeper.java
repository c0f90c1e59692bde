package dev.kart.bench.nodes;

import dev.kart.task.CollisionPolicy;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A unit of work that takes the run lock and defers on collision: sleeps, counts its execution, and
 * returns its index.
 *
 * @param index which task of the round
 * @param round a name per benchmark round, so that rounds have distinct unique ids and counters
 * @param sleepMillis how long {@code run()} takes
 */
@RunWithLock(onCollision = CollisionPolicy.DEFER)
public record Sleeper(int index, String round, int sleepMillis) implements Task<Integer> {
    private static final Map<String, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();

    /**
     * @param round a round's name
     * @return how many times {@code run()} of that round's sleepers was called, by any runtime
     */
    public static int executions(String round) {
        AtomicInteger count = EXECUTIONS.get(round);
        return count == null ? 0 : count.get();
    }

    @Override
    public Integer run(RunContext ctx) throws InterruptedException {
        EXECUTIONS.computeIfAbsent(round, r -> new AtomicInteger()).incrementAndGet();
        Thread.sleep(sleepMillis);
        return index;
    }
}
