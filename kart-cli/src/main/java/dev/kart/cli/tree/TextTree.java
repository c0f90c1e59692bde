package dev.kart.cli.tree;

import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The graph as an indented tree. A task reached again by another path is shown once in full and
 * then as {@code (shown above)}, so shared dependencies do not repeat whole subtrees.
 */
final class TextTree {
    private TextTree() {
    }

    static String render(TaskGraph graph, Function<Path, String> paths) {
        StringBuilder out = new StringBuilder();
        new Walk(out, paths).node(graph.root(), "", "", "");
        long complete = graph.completeCount();
        out.append('\n').append(graph.nodes().size()).append(graph.nodes().size() == 1 ? " task: " : " tasks: ")
                .append(complete).append(" complete, ").append(graph.nodes().size() - complete).append(" pending\n");
        return out.toString();
    }

    /** One rendering: remembers which tasks were shown already. */
    private static final class Walk {
        private final StringBuilder out;
        private final Function<Path, String> paths;
        private final Set<String> shown = new HashSet<>();

        Walk(StringBuilder out, Function<Path, String> paths) {
            this.out = out;
            this.paths = paths;
        }

        /**
         * @param node the task
         * @param prefix what stands before this task's line
         * @param connector the branch drawn to it
         * @param below what stands before the lines under it (its details and its dependencies)
         */
        void node(TaskNode node, String prefix, String connector, String below) {
            out.append(prefix).append(connector).append('(').append(NodeText.state(node)).append(") ")
                    .append(NodeText.name(node)).append('[').append(node.uniqueId()).append(']');
            String parameters = NodeText.valueParameters(node);
            if (!parameters.isEmpty()) {
                out.append(' ').append(parameters);
            }
            if (!shown.add(node.uniqueId())) {
                out.append(" (shown above)\n");
                return;
            }
            out.append('\n');
            List<TaskNode> dependencies = node.dependencies();
            String detail = below + (dependencies.isEmpty() ? "    " : "|   ");
            for (String output : NodeText.outputs(node, paths)) {
                out.append(detail).append("output: ").append(output).append('\n');
            }
            for (int i = 0; i < dependencies.size(); i++) {
                boolean last = i == dependencies.size() - 1;
                node(dependencies.get(i), below, last ? "`-- " : "|-- ", below + (last ? "    " : "|   "));
            }
        }
    }
}
