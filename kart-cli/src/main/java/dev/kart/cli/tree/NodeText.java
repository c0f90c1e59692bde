package dev.kart.cli.tree;

import dev.kart.cli.task.TaskCatalog;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.model.ParameterKind;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.identity.UniqueIds;
import dev.kart.task.Task;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/** How a task appears in a tree: name, state, value parameters and output paths. */
final class NodeText {
    private static final int MAX_VALUE_LENGTH = 40;

    private NodeText() {
    }

    /**
     * @param node a task
     * @return its short name, such as {@code books.CountWords}
     */
    static String name(TaskNode node) {
        return TaskCatalog.shortName(node.type().family());
    }

    /**
     * @param node a task
     * @return {@code COMPLETE} when all of its outputs exist, else {@code PENDING}
     */
    static String state(TaskNode node) {
        return node.complete() ? "COMPLETE" : "PENDING";
    }

    /**
     * @param node a task
     * @return its parameters that are not tasks, as {@code name=value, ...}; long values cut
     */
    static String valueParameters(TaskNode node) {
        StringJoiner joined = new StringJoiner(", ");
        for (TaskParameter parameter : node.type().parameters()) {
            if (parameter.kind() == ParameterKind.VALUE) {
                String value = String.valueOf(parameter.valueOf(node.task()));
                if (value.length() > MAX_VALUE_LENGTH) {
                    value = value.substring(0, MAX_VALUE_LENGTH - 3) + "...";
                }
                joined.add(parameter.name() + "=" + value);
            }
        }
        return joined.toString();
    }

    /**
     * @param node a task
     * @param ids gives the unique ids of task-valued parameters
     * @return every parameter by name, as JSON-friendly values; a task as {@code Name[uniqueId]}
     */
    static Map<String, Object> parameterValues(TaskNode node, UniqueIds ids) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (TaskParameter parameter : node.type().parameters()) {
            values.put(parameter.name(), jsonValue(parameter.valueOf(node.task()), ids));
        }
        return values;
    }

    private static Object jsonValue(Object value, UniqueIds ids) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Task<?> task) {
            return task.getClass().getSimpleName() + "[" + ids.of(task) + "]";
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(element -> jsonValue(element, ids)).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            map.forEach((k, v) -> rendered.put(String.valueOf(k), jsonValue(v, ids)));
            return rendered;
        }
        return String.valueOf(value);
    }

    /**
     * @param node a task
     * @param paths how paths are shown
     * @return its output files, the main output first
     */
    static List<String> outputs(TaskNode node, Function<String, String> paths) {
        return node.outputs().stream().map(CacheTarget::path).map(paths).toList();
    }
}
