package dev.kart.cli.tree;

import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The graph as a Mermaid flowchart. Edges point the way data flows, from a dependency to the task
 * that loads it; complete and pending tasks get the classes {@code complete} and {@code pending}.
 */
final class MermaidTree {
    private MermaidTree() {
    }

    static String render(TaskGraph graph, TreeView view) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        List<TaskNode> shown = view.visibleNodes(graph);
        Set<TaskNode> visible = new HashSet<>(shown);
        for (TaskNode node : shown) {
            String parameters = NodeText.valueParameters(node);
            out.append("  ").append(id(node)).append("[\"").append(escape(NodeText.name(node)))
                    .append(parameters.isEmpty() ? "" : "<br/>" + escape(parameters))
                    .append("<br/>").append(node.uniqueId(), 0, 12).append("\"]:::")
                    .append(node.complete() ? "complete" : "pending").append('\n');
        }
        for (TaskNode node : shown) {
            for (TaskNode dependency : view.dependencies(node)) {
                if (!visible.contains(dependency)) {
                    continue;
                }
                out.append("  ").append(id(dependency)).append(" --> ").append(id(node)).append('\n');
            }
        }
        out.append("  classDef complete fill:#c8e6c9,stroke:#2e7d32\n");
        out.append("  classDef pending fill:#ffe0b2,stroke:#ef6c00\n");
        return out.toString();
    }

    private static String id(TaskNode node) {
        return "t" + node.uniqueId();
    }

    private static String escape(String text) {
        return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
