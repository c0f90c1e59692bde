package dev.kart.cli.tree;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.identity.UniqueIds;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
                value(json, NodeText.parameterValues(node, ids));
                json.writeFieldName("outputs");
                value(json, NodeText.outputs(node, paths));
                json.writeFieldName("dependencies");
                value(json, node.dependencies().stream().filter(visible::contains).map(TaskNode::uniqueId).toList());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the task graph as JSON", e);
        }
        return text + "\n";
    }

    /** One of {@link NodeText#parameterValues}' values: null, text, a number, a boolean, or a list or map of them. */
    private static void value(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String string) {
            json.writeString(string);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Number number) {
            number(json, number);
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                value(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                value(json, entry.getValue());
            }
            json.writeEndObject();
        } else {
            json.writeString(String.valueOf(value));
        }
    }

    private static void number(JsonGenerator json, Number number) throws IOException {
        if (number instanceof Double value) {
            json.writeNumber(value);
        } else if (number instanceof Float value) {
            json.writeNumber(value);
        } else if (number instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (number instanceof BigInteger integer) {
            json.writeNumber(integer);
        } else if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte
                || number instanceof AtomicInteger || number instanceof AtomicLong) {
            json.writeNumber(number.longValue());
        } else {
            // no parameter type kart parses gives another Number; should one come, its text may be no JSON number
            json.writeString(number.toString());
        }
    }
}
