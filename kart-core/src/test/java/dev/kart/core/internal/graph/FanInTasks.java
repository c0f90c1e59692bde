package dev.kart.core.internal.graph;

import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/** A root over many children, for tests of how a warm check asks about the children's outputs. */
final class FanInTasks {
    /** The indexes of the items that ran, in the order they ran; tests clear it before each build. */
    static final Queue<Integer> RAN = new ConcurrentLinkedQueue<>();

    private FanInTasks() {
    }

    /** A child: returns its index and notes that it ran. */
    record Item(int index) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            RAN.add(index);
            return index;
        }
    }

    /** The root over items 0 to width - 1: loads and sums them. */
    record Fan(int width) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return IntStream.range(0, width).map(i -> ctx.load(new Item(i))).sum();
        }

        @Override
        public List<Task<?>> requires() {
            return IntStream.range(0, width).<Task<?>>mapToObj(Item::new).toList();
        }
    }
}
