package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.fixtures.Internals;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.NodeIdentity;
import dev.kart.core.internal.info.ProcessIdentity;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerPoolTest {
    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final int LEAVES = 10;

    @TempDir
    Path workspace;

    /** @param index which leaf */
    record Leaf(int index) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return index;
        }
    }

    /** @param leaves independent leaves */
    record Fan(List<Leaf> leaves) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return leaves.stream().mapToInt(ctx::load).sum();
        }
    }

    @Test
    void theTasksQueuedBeforeTheStartAreTakenInTheNodesOrderFromTheFirstOne() throws Exception {
        List<TaskNode> leaves = leafNodes();
        TaskOrder order = order("node-a");
        List<TaskNode> taken = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allTaken = new CountDownLatch(leaves.size());
        try (WorkerPool pool = new WorkerPool(1, order)) {
            for (TaskNode leaf : leaves) {
                pool.submit(leaf, () -> {
                    taken.add(leaf);
                    allTaken.countDown();
                }, false);
            }
            pool.start();
            assertThat(allTaken.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }

        assertThat(taken).isEqualTo(leaves.stream().sorted(Comparator.comparingLong(order::place)).toList())
                .as("submitted in the graph's order").isNotEqualTo(leaves);
    }

    @Test
    void tasksComingBackGoAheadOfTasksNotStartedYetInTheOrderTheyCameBack() throws Exception {
        List<TaskNode> leaves = leafNodes();
        TaskOrder order = order("node-a");
        List<String> taken = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch allTaken = new CountDownLatch(leaves.size());
        try (WorkerPool pool = new WorkerPool(1, order)) {
            pool.submit(leaves.get(0), () -> {
                busy.countDown();
                awaitQuietly(release);
            }, false);
            pool.start();
            assertThat(busy.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("the only worker took the first task").isTrue();
            List<TaskNode> notStarted = leaves.subList(3, leaves.size());
            for (TaskNode leaf : notStarted) {
                pool.submit(leaf, () -> {
                    taken.add("new " + leaf.label());
                    allTaken.countDown();
                }, false);
            }
            // the last one to come back sorts first in the order: coming back goes by arrival, not by place
            List<TaskNode> comingBack = leaves.subList(0, 3).stream()
                    .sorted(Comparator.comparingLong(order::place).reversed()).toList();
            for (TaskNode leaf : comingBack) {
                pool.submit(leaf, () -> {
                    taken.add("back " + leaf.label());
                    allTaken.countDown();
                }, true);
            }
            release.countDown();
            assertThat(allTaken.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();

            List<String> expected = new ArrayList<>();
            comingBack.forEach(leaf -> expected.add("back " + leaf.label()));
            notStarted.stream().sorted(Comparator.comparingLong(order::place))
                    .forEach(leaf -> expected.add("new " + leaf.label()));
            assertThat(taken).isEqualTo(expected);
        }
    }

    /** The leaves of a fan-out, in the graph's order (the order they are ready in). */
    private List<TaskNode> leafNodes() {
        Fan fan = new Fan(IntStream.range(0, LEAVES).mapToObj(Leaf::new).toList());
        try (Internals runtime = Runtimes.internals(workspace)) {
            return runtime.graph(fan, false).nodes().stream().filter(node -> node.task() instanceof Leaf).toList();
        }
    }

    private TaskOrder order(String identity) {
        try (Internals runtime = Runtimes.internals(workspace)) {
            return new TaskOrder(runtime.settings(), new NodeIdentity(new ProcessIdentity(identity, 1), 1));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(GUARD.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
