package dev.kart.core.internal.graph;

import dev.kart.core.internal.identity.UniqueIds;
import dev.kart.task.Task;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The tasks a build needs, deduplicated by unique id, in dependency order (each task after all of
 * its dependencies). Tasks found complete are included but, in a build graph, their dependencies are
 * not: they will not be needed. Thread-safe.
 */
public final class TaskGraph {
    private final TaskNode root;
    private final List<TaskNode> nodes;
    private final UniqueIds ids;
    private final long walkStartedNanos;
    /** When the walk started by the wall clock, read as the graph was made: as a long, no clock class loaded. */
    private final long walkStartedMillis;

    TaskGraph(TaskNode root, List<TaskNode> nodes, UniqueIds ids, long walkStartedNanos) {
        this.root = root;
        this.nodes = List.copyOf(nodes);
        this.ids = ids;
        this.walkStartedNanos = walkStartedNanos;
        this.walkStartedMillis = System.currentTimeMillis() - (System.nanoTime() - walkStartedNanos) / 1_000_000;
    }

    /** @return the task asked for */
    public TaskNode root() {
        return root;
    }

    /** @return every node, dependencies before dependents */
    public List<TaskNode> nodes() {
        return nodes;
    }

    /**
     * @return how long ago the walk that built this graph started, in nanoseconds: every answer of
     *     the walk about whether a task is complete is at most this old
     */
    public long walkAgeNanos() {
        return System.nanoTime() - walkStartedNanos;
    }

    /**
     * @return when the walk that built this graph started, by this machine's clock: when its build began to look at
     *     the workspace. The same instant at every call
     */
    public Instant walkStarted() {
        return Instant.ofEpochMilli(walkStartedMillis);
    }

    /** @return how many tasks are complete already */
    public int completeCount() {
        return (int) nodes.stream().filter(TaskNode::complete).count();
    }

    /**
     * The unique id of any task, reusing the ids computed while building the graph, so a task
     * object already seen costs a lookup.
     *
     * @param task a task
     * @return its unique id
     */
    public String uniqueId(Task<?> task) {
        synchronized (ids) {
            return ids.of(task);
        }
    }

    /**
     * The unique ids of the tasks in one node's parameters, for rendering them in order: each task
     * is looked for first where the last one was found among the node's dependencies, which hold
     * those tasks in the order of its parameters, and only then through {@link #uniqueId}. A node
     * with 10,000 children then renders them without 10,000 locked lookups in the id memo.
     *
     * @param node a node of this graph
     * @return its tasks' ids; for one thread, used while rendering one node
     */
    public Function<Task<?>, String> parameterIds(TaskNode node) {
        List<TaskNode> dependencies = node.dependencies();
        return new Function<>() {
            private int next;

            @Override
            public String apply(Task<?> task) {
                if (next < dependencies.size() && dependencies.get(next).task() == task) {
                    return dependencies.get(next++).uniqueId();
                }
                return uniqueId(task);
            }
        };
    }
}
