package dev.kart.core.internal.model;

import dev.kart.task.Task;
import java.util.List;

/** Short, readable names of tasks for messages and summaries: {@code pkg.Name(p=v, dep=Dep)[id]}. */
public final class TaskLabel {
    private static final int MAX_VALUE_LENGTH = 40;

    private TaskLabel() {
    }

    /**
     * @param task a task
     * @param uniqueId its unique id
     * @return its family, parameters (dependencies by type name, long values cut) and unique id
     */
    public static String of(Task<?> task, String uniqueId) {
        TaskType type = TaskType.of(task);
        // one builder, not a joiner of concatenated pieces: `kart run --json` and a summary of a wide failure
        // make a label per task
        StringBuilder label = new StringBuilder(type.family().length() + uniqueId.length() + 48)
                .append(type.family()).append('(');
        String separator = "";
        for (TaskParameter parameter : type.parameters()) {
            label.append(separator).append(parameter.name()).append('=').append(shortValue(parameter.valueOf(task)));
            separator = ", ";
        }
        return label.append(")[").append(uniqueId).append(']').toString();
    }

    private static String shortValue(Object value) {
        String text;
        if (value instanceof Task<?> task) {
            text = task.getClass().getSimpleName();
        } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Task<?>) {
            text = list.size() + " tasks";
        } else {
            text = String.valueOf(value);
        }
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH - 3) + "...";
    }
}
