package dev.kart.cli.tree;

import dev.kart.cli.text.ClassGroups;
import dev.kart.cli.text.OccupantText;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The graph as an indented tree. A task reached again by another path is shown once in full and
 * then as {@code (shown above)}, so shared dependencies do not repeat whole subtrees. Under one
 * task, {@value ClassGroups#COLLAPSE_AT} or more dependencies of one class are drawn as their first one, in
 * full, with a count of the others on its line (a pipeline fanning out over 24 chapters draws one
 * chapter), unless the view expands them all.
 */
final class TextTree {
    private TextTree() {
    }

    static String render(TaskGraph graph, TreeView view, Function<String, String> paths, TreeFormat.Occupants occupants) {
        StringBuilder out = new StringBuilder();
        Walk walk = new Walk(out, paths, occupants, view);
        walk.node(graph.root(), "", "", "", 0, "");
        long complete = graph.completeCount();
        out.append('\n');
        if (view.pendingOnly()) {
            out.append(graph.root().complete() ? "Nothing is pending: the task is complete.\n"
                    : "Only tasks not complete are shown (--pending).\n");
        }
        if (walk.collapsed) {
            out.append("Tasks of one class under one task are shown as the first of them with a count; --all shows"
                    + " each.\n");
        }
        out.append(graph.nodes().size()).append(graph.nodes().size() == 1 ? " task: " : " tasks: ")
                .append(complete).append(" complete, ").append(graph.nodes().size() - complete).append(" pending\n");
        return out.toString();
    }

    /** One rendering: remembers which tasks were shown already. */
    private static final class Walk {
        private final StringBuilder out;
        private final Function<String, String> paths;
        private final TreeFormat.Occupants occupants;
        private final TreeView view;
        private final Set<String> shown = new HashSet<>();
        private boolean collapsed;

        Walk(StringBuilder out, Function<String, String> paths, TreeFormat.Occupants occupants, TreeView view) {
            this.out = out;
            this.paths = paths;
            this.occupants = occupants;
            this.view = view;
        }

        /**
         * @param node the task
         * @param prefix what stands before this task's line
         * @param connector the branch drawn to it
         * @param below what stands before the lines under it (its details and its dependencies)
         * @param depth how many levels below the root it is
         * @param others what its line says of the siblings of its class it stands for; empty for none
         */
        void node(TaskNode node, String prefix, String connector, String below, int depth, String others) {
            out.append(prefix).append(connector).append('(').append(NodeText.state(node)).append(") ")
                    .append(NodeText.name(node)).append('[').append(node.uniqueId()).append(']');
            String parameters = NodeText.valueParameters(node);
            if (!parameters.isEmpty()) {
                out.append(' ').append(parameters);
            }
            out.append(others);
            if (shown.contains(node.uniqueId())) {
                out.append(" (shown above)\n");
                return;
            }
            List<TaskNode> dependencies = view.dependencies(node);
            if (depth >= view.depth() && !dependencies.isEmpty()) {
                out.append("  (").append(dependencies.size()).append(dependencies.size() == 1 ? " dependency" : " dependencies")
                        .append(" below --depth ").append(view.depth()).append(')');
                dependencies = List.of();
            } else {
                // a task cut at the depth is drawn in full where another path reaches it higher up
                shown.add(node.uniqueId());
            }
            out.append('\n');
            String detail = below + (dependencies.isEmpty() ? "    " : "|   ");
            for (CacheTarget output : node.outputs()) {
                out.append(detail).append("output: ").append(paths.apply(output.path()));
                // a complete task's outputs are files: only a pending task's path may hold something else
                if (!node.complete()) {
                    occupants.at(output).ifPresent(occupant -> out.append(" (").append(OccupantText.of(occupant)).append(')'));
                }
                out.append('\n');
            }
            List<List<TaskNode>> groups = groups(dependencies);
            for (int i = 0; i < groups.size(); i++) {
                boolean last = i == groups.size() - 1;
                List<TaskNode> group = groups.get(i);
                node(group.get(0), below, last ? "`-- " : "|-- ", below + (last ? "    " : "|   "), depth + 1,
                        group.size() == 1 ? "" : others(group));
            }
        }

        /** The dependencies in their order, each class with {@value ClassGroups#COLLAPSE_AT} or more at its first's place. */
        private List<List<TaskNode>> groups(List<TaskNode> dependencies) {
            // a task whose publish something at its path would refuse is drawn on its own, never hidden in a count
            List<List<TaskNode>> groups = ClassGroups.of(dependencies,
                    dependency -> List.of(dependency.type().type(), occupied(dependency)), view.expandAll());
            collapsed |= ClassGroups.anyCollapsed(groups);
            return groups;
        }

        private boolean occupied(TaskNode node) {
            return !node.complete() && node.outputs().stream().anyMatch(output -> occupants.at(output).isPresent());
        }

        private static String others(List<TaskNode> group) {
            long complete = group.stream().skip(1).filter(TaskNode::complete).count();
            long others = group.size() - 1;
            return "  (+" + others + " more " + NodeText.name(group.get(0)) + ": " + complete + " complete, "
                    + (others - complete) + " pending)";
        }
    }
}
