package dev.kart.cli.tree;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.identity.UniqueIds;
import dev.kart.core.internal.json.PlainJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Function;

/**
 * The graph as JSON: the root's id and every task shown once, dependencies before dependents. Written
 * with Jackson's streaming generator, as the build report is: its data binding would load six times
 * the classes for a document of strings, numbers, lists and maps.
 */
final class JsonTree {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonTree() {
    }

    static String render(TaskGraph graph, TreeView view, Function<String, String> paths) {
        UniqueIds ids = new UniqueIds();
        Set<TaskNode> visible = view.visible(graph);
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("root", graph.root().uniqueId());
            json.writeArrayFieldStart("tasks");
            for (TaskNode node : view.visibleNodes(graph)) {
                json.writeStartObject();
                json.writeStringField("id", node.uniqueId());
                json.writeStringField("task", node.type().family());
                json.writeStringField("name", NodeText.name(node));
                json.writeStringField("state", NodeText.state(node));
                json.writeFieldName("parameters");
                PlainJson.write(json, NodeText.parameterValues(node, ids));
                json.writeFieldName("outputs");
                PlainJson.write(json, NodeText.outputs(node, paths));
                json.writeFieldName("dependencies");
                PlainJson.write(json, node.dependencies().stream().filter(visible::contains).map(TaskNode::uniqueId).toList());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the task graph as JSON", e);
        }
        return text + "\n";
    }
}
