package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskRef;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.Internals;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.NodeIdentity;
import dev.kart.core.internal.info.ProcessIdentity;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order in which a node starts ready tasks: its own for its identity (the seed), so that nodes
 * building one graph start at different tasks instead of colliding on the same run locks, and the
 * same whenever the identity is the same.
 */
class TaskOrderTest {
    private static final int LEAVES = 12;
    private static final Duration GUARD = Duration.ofSeconds(30);
    /**
     * Per scenario: counted down by each leaf as it starts running, holding its run lock; absent for
     * a node alone. Each node has one worker, which its first leaf holds until the count reaches
     * zero, so each node counts down once before any node goes on.
     */
    private static final Map<String, CountDownLatch> EVERY_NODE_STARTED = new ConcurrentHashMap<>();

    @TempDir
    Path workspace;

    /**
     * A run-locked leaf that waits (up to the guard) until every node of its scenario runs a leaf, so
     * that no node can run the whole fan-out before the others start. Counted in {@code run}, with the
     * run lock held, and not when the task starts: a node whose start was counted could otherwise be
     * overtaken before it takes the lock, and run none of the leaves (seen on a loaded CI machine).
     *
     * @param scenario which test; fixed names, so that unique ids, and so orders, are the same on every run
     * @param index the leaf's number, its output
     */
    @RunWithLock(onCollision = CollisionPolicy.WAIT)
    record Leaf(String scenario, int index) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) throws InterruptedException {
            CountDownLatch everyNodeStarted = EVERY_NODE_STARTED.get(scenario);
            if (everyNodeStarted != null) {
                everyNodeStarted.countDown();
                everyNodeStarted.await(GUARD.toSeconds(), TimeUnit.SECONDS);
            }
            return index;
        }
    }

    /**
     * Sums its leaves; takes no run lock.
     *
     * @param leaves the leaves, all ready at the start
     */
    record Fan(List<Leaf> leaves) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return leaves.stream().mapToInt(ctx::load).sum();
        }
    }

    /** The leaves one node started, in order. */
    private static final class StartOrder implements BuildListener {
        private final List<Integer> leaves = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void taskStarted(TaskRef task) {
            if (task.task() instanceof Leaf leaf) {
                leaves.add(leaf.index());
            }
        }

        List<Integer> leaves() {
            synchronized (leaves) {
                return List.copyOf(leaves);
            }
        }
    }

    @Test
    void twoNodesWithDifferentIdentitiesStartAtDifferentTasksAndSplitTheFanOut() throws Exception {
        String scenario = "spread";
        Fan root = fan(scenario);
        CountDownLatch everyNodeStarted = new CountDownLatch(2);
        EVERY_NODE_STARTED.put(scenario, everyNodeStarted);
        StartOrder onA = new StartOrder();
        StartOrder onB = new StartOrder();
        // a prefix of its own: this test's lock keys are apart from any other test's in this JVM
        String prefix = "spread-" + UUID.randomUUID();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Path shared = workspace.resolve("shared");
        try (Kart nodeA = node(shared, prefix, "node-a"); Kart nodeB = node(shared, prefix, "node-b")) {
            Future<BuildReport<Integer>> onNodeA = threads.submit(() -> nodeA.run(root, BuildOptions.defaults().withListener(onA)));
            Future<BuildReport<Integer>> onNodeB = threads.submit(() -> nodeB.run(root, BuildOptions.defaults().withListener(onB)));
            BuildReport<Integer> reportA = onNodeA.get(2 * GUARD.toSeconds(), TimeUnit.SECONDS);
            BuildReport<Integer> reportB = onNodeB.get(2 * GUARD.toSeconds(), TimeUnit.SECONDS);

            int sum = IntStream.range(0, LEAVES).sum();
            assertThat(reportA.rootOutput()).as(reportA.summary()).contains(sum);
            assertThat(reportB.rootOutput()).as(reportB.summary()).contains(sum);
            assertThat(onA.leaves()).as("leaves started on node A, in order").isNotEmpty();
            assertThat(onB.leaves()).as("leaves started on node B, in order").isNotEmpty();
            assertThat(onA.leaves().get(0)).as("the first leaf of node A (node A started %s, node B %s)", onA.leaves(),
                    onB.leaves()).isNotEqualTo(onB.leaves().get(0));
            assertThat(onA.leaves().get(0)).as("node A's first leaf is the first of its order alone")
                    .isEqualTo(startOrderAlone(root, "node-a-alone", "kart.task-order.seed", "node-a").get(0));
            assertThat(onB.leaves().get(0)).as("node B's first leaf is the first of its order alone")
                    .isEqualTo(startOrderAlone(root, "node-b-alone", "kart.task-order.seed", "node-b").get(0));
            List<Integer> ranOnA = ranLeaves(reportA);
            List<Integer> ranOnB = ranLeaves(reportB);
            assertThat(ranOnA).as("leaves node A ran").contains(onA.leaves().get(0));
            assertThat(ranOnB).as("leaves node B ran").contains(onB.leaves().get(0));
            List<Integer> ranOnEither = new ArrayList<>(ranOnA);
            ranOnEither.addAll(ranOnB);
            assertThat(ranOnEither).as("every leaf ran once, on one node or the other")
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, LEAVES).boxed().toList());
        } finally {
            threads.shutdownNow();
            EVERY_NODE_STARTED.remove(scenario);
        }
    }

    @Test
    void aNodeStartsReadyTasksInTheOrderOfItsIdentityTheSameOnEveryRun() {
        List<Integer> nodeA = startOrderAlone("node-a", "kart.task-order.seed", "node-a");
        List<Integer> nodeAAgain = startOrderAlone("node-a-again", "kart.task-order.seed", "node-a");
        List<Integer> nodeB = startOrderAlone("node-b", "kart.task-order.seed", "node-b");

        assertThat(nodeA).containsExactlyInAnyOrderElementsOf(IntStream.range(0, LEAVES).boxed().toList());
        assertThat(nodeAAgain).as("the same identity, another runtime and workspace").isEqualTo(nodeA);
        assertThat(nodeB).as("another identity").containsExactlyInAnyOrderElementsOf(nodeA).isNotEqualTo(nodeA);
    }

    @Test
    void withoutASeedTheOrderIsThatOfTheRuntimesNodeIdentity() {
        StartOrder unseeded = new StartOrder();
        NodeIdentity node;
        try (Internals runtime = Runtimes.internals(workspace.resolve("unseeded"), "kart.workers", 1,
                "kart.lock.prefix", "alone-" + UUID.randomUUID())) {
            node = runtime.node();
            assertThat(runtime.run(fan("alone"), BuildOptions.defaults().withListener(unseeded)).succeeded()).isTrue();
        }

        assertThat(unseeded.leaves()).as("the order of %s", node)
                .isEqualTo(startOrderAlone("seeded", "kart.task-order.seed", node.toString()));
    }

    @Test
    void twoRuntimesOfOneProcessAreTwoNodesWithOrdersOfTheirOwn() {
        List<TaskNode> leaves;
        KartSettings settings;
        try (Internals runtime = Runtimes.internals(workspace)) {
            leaves = runtime.graph(fan("alone"), false).nodes().stream().filter(n -> n.task() instanceof Leaf).toList();
            settings = runtime.settings();
        }
        ProcessIdentity process = new ProcessIdentity("host-a", 4242);
        TaskOrder first = new TaskOrder(settings, new NodeIdentity(process, 1));
        TaskOrder second = new TaskOrder(settings, new NodeIdentity(process, 2));

        assertThat(leaves.stream().sorted(Comparator.comparingLong(second::place)).toList())
                .isNotEqualTo(leaves.stream().sorted(Comparator.comparingLong(first::place)).toList());
    }

    @Test
    void theGraphModeStartsReadyTasksInTheOrderTheyBecameReadyOnEveryNode() {
        List<Integer> declared = IntStream.range(0, LEAVES).boxed().toList();

        assertThat(startOrderAlone("graph-a", "kart.task-order.mode", "graph", "kart.task-order.seed", "node-a"))
                .isEqualTo(declared);
        assertThat(startOrderAlone("graph-b", "kart.task-order.mode", "graph", "kart.task-order.seed", "node-b"))
                .isEqualTo(declared);
    }

    /** The leaves a node with one worker started, building the fan-out alone in a workspace of its own. */
    private List<Integer> startOrderAlone(String name, Object... settings) {
        return startOrderAlone(fan("alone"), name, settings);
    }

    private List<Integer> startOrderAlone(Fan root, String name, Object... settings) {
        StartOrder order = new StartOrder();
        Object[] all = new Object[settings.length + 4];
        all[0] = "kart.workers";
        all[1] = 1;
        all[2] = "kart.lock.prefix";
        all[3] = "alone-" + UUID.randomUUID();
        System.arraycopy(settings, 0, all, 4, settings.length);
        try (Kart kart = Runtimes.kart(workspace.resolve(name), all)) {
            BuildReport<Integer> report = kart.run(root, BuildOptions.defaults().withListener(order));
            assertThat(report.succeeded()).as(report.summary()).isTrue();
        }
        return order.leaves();
    }

    private static Kart node(Path workspace, String prefix, String seed) {
        return Runtimes.kart(workspace, "kart.workers", 1, "kart.lock.prefix", prefix, "kart.task-order.seed", seed);
    }

    private static Fan fan(String scenario) {
        return new Fan(IntStream.range(0, LEAVES).mapToObj(i -> new Leaf(scenario, i)).toList());
    }

    private static List<Integer> ranLeaves(BuildReport<Integer> report) {
        return report.outcomes().stream().filter(outcome -> outcome.state() == TaskState.DONE)
                .map(TaskOutcome::task).filter(Leaf.class::isInstance).map(task -> ((Leaf) task).index()).toList();
    }
}
