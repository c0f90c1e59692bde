package dev.kart.cli.tree;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.identity.UniqueIds;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The graph as JSON: the root's id and every task shown once, dependencies before dependents. */
final class JsonTree {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonTree() {
    }

    static String render(TaskGraph graph, TreeView view, Function<String, String> paths) {
        UniqueIds ids = new UniqueIds();
        List<Map<String, Object>> tasks = new ArrayList<>();
        Set<TaskNode> visible = view.visible(graph);
        for (TaskNode node : view.visibleNodes(graph)) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", node.uniqueId());
            task.put("task", node.type().family());
            task.put("name", NodeText.name(node));
            task.put("state", NodeText.state(node));
            task.put("parameters", NodeText.parameterValues(node, ids));
            task.put("outputs", NodeText.outputs(node, paths));
            task.put("dependencies", node.dependencies().stream().filter(visible::contains).map(TaskNode::uniqueId)
                    .toList());
            tasks.add(task);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("root", graph.root().uniqueId());
        document.put("tasks", tasks);
        try {
            return MAPPER.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render the task graph as JSON", e);
        }
    }
}
