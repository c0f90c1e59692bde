package dev.kart.core;

import dev.kart.task.Task;
import java.util.Objects;

/**
 * A task of a build as listeners and reports name it. Immutable.
 *
 * @param task the task
 * @param uniqueId its unique id: 32 lower-case hex digits, the same on every machine
 * @param label its class, parameters and unique id, for messages: {@code pkg.Name(p=v, dep=Dep)[id]}
 */
public record TaskRef(Task<?> task, String uniqueId, String label) {
    /** Checks that no component is null. */
    public TaskRef {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(label, "label");
    }

    @Override
    public String toString() {
        return label;
    }
}
