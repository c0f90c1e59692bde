package dev.kart.cli.tree;

import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Which part of a graph {@code kart tree} draws: tasks down to a depth below the root, only the
 * tasks not complete, and whether repeated siblings of one class are drawn one by one. Every format
 * shows the same tasks; only the text tree collapses siblings. Immutable.
 *
 * @param depth how many levels of dependencies below the root are shown; {@link #UNLIMITED} for all
 * @param pendingOnly whether only tasks not complete are shown (the root always is); the
 *     dependencies of a complete task are not shown either, as a build does not run them
 * @param expandAll whether the text tree draws every sibling of one class instead of one line with
 *     a count
 */
public record TreeView(int depth, boolean pendingOnly, boolean expandAll) {
    /** A depth without limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** Checks the depth. */
    public TreeView {
        if (depth < 0) {
            throw new IllegalArgumentException("depth " + depth + " is negative");
        }
    }

    /** @return every task, siblings collapsed */
    public static TreeView whole() {
        return new TreeView(UNLIMITED, false, false);
    }

    /**
     * @param node a task shown
     * @return its dependencies that are shown when it is
     */
    List<TaskNode> dependencies(TaskNode node) {
        if (!pendingOnly) {
            return node.dependencies();
        }
        // a build loads a complete task and does not look below it
        return node.complete() ? List.of()
                : node.dependencies().stream().filter(dependency -> !dependency.complete()).toList();
    }

    /**
     * @param graph a graph
     * @return the tasks shown: those reached from the root through shown tasks within the depth
     */
    Set<TaskNode> visible(TaskGraph graph) {
        Set<TaskNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<TaskNode> level = new ArrayDeque<>(List.of(graph.root()));
        seen.add(graph.root());
        for (int below = 0; below < depth && !level.isEmpty(); below++) {
            Deque<TaskNode> next = new ArrayDeque<>();
            for (TaskNode node : level) {
                for (TaskNode dependency : dependencies(node)) {
                    if (seen.add(dependency)) {
                        next.add(dependency);
                    }
                }
            }
            level = next;
        }
        return seen;
    }

    /**
     * @param graph a graph
     * @return its tasks shown, in the graph's order (dependencies first)
     */
    List<TaskNode> visibleNodes(TaskGraph graph) {
        Set<TaskNode> visible = visible(graph);
        return graph.nodes().stream().filter(visible::contains).toList();
    }
}
