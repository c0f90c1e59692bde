package dev.kart.core.graph;

import java.util.List;

/**
 * The tasks a build needs, deduplicated by unique id, in dependency order (each task after all of
 * its dependencies). Tasks found complete are included but, in a build graph, their dependencies are
 * not: they will not be needed.
 *
 * @param root the task asked for
 * @param nodes every node, dependencies before dependents
 */
public record TaskGraph(TaskNode root, List<TaskNode> nodes) {
    /** Copies the list. */
    public TaskGraph {
        nodes = List.copyOf(nodes);
    }

    /** @return how many tasks are complete already */
    public int completeCount() {
        return (int) nodes.stream().filter(TaskNode::complete).count();
    }
}
