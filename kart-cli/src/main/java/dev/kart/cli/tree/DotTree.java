package dev.kart.cli.tree;

import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The graph in Graphviz's DOT language. Edges point the way data flows, from a dependency to the
 * task that loads it; complete tasks are green, pending ones orange.
 */
final class DotTree {
    private DotTree() {
    }

    static String render(TaskGraph graph, TreeView view) {
        StringBuilder out = new StringBuilder("digraph kart {\n")
                .append("  rankdir=LR;\n")
                .append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
        List<TaskNode> shown = view.visibleNodes(graph);
        Set<TaskNode> visible = new HashSet<>(shown);
        for (TaskNode node : shown) {
            String parameters = NodeText.valueParameters(node);
            String label = quote(NodeText.name(node)) + "\\n" + (parameters.isEmpty() ? "" : quote(parameters) + "\\n")
                    + node.uniqueId().substring(0, 12) + " " + NodeText.state(node);
            out.append("  \"").append(node.uniqueId()).append("\" [label=\"").append(label).append("\", fillcolor=\"")
                    .append(node.complete() ? "#c8e6c9" : "#ffe0b2").append("\"];\n");
        }
        for (TaskNode node : shown) {
            for (TaskNode dependency : view.dependencies(node)) {
                if (!visible.contains(dependency)) {
                    continue;
                }
                out.append("  \"").append(dependency.uniqueId()).append("\" -> \"").append(node.uniqueId()).append("\";\n");
            }
        }
        return out.append("}\n").toString();
    }

    private static String quote(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
