package dev.kart.core.internal.schedule;

import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.task.NamedOutput;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * Checks what {@code run()} left before its main output is published: a value where the task
 * declares a main output, and every declared named output dumped (or there from before).
 */
final class RunResultCheck {
    private final CacheStore store;

    @Inject
    RunResultCheck(CacheStore store) {
        this.store = store;
    }

    /**
     * @param node the task
     * @param value what {@code run()} returned
     * @param dumped the named outputs it dumped in this attempt
     * @throws IllegalStateException naming the task and what is missing
     */
    void check(TaskNode node, Object value, Set<NamedOutput<?>> dumped) {
        if (node.mainOutput().isPresent() && value == null) {
            throw new IllegalStateException(node.label() + ": run() returned null; return a "
                    + node.type().outputType().getTypeName() + ", or declare Task<Void> with named outputs");
        }
        if (dumped.containsAll(node.namedOutputs().keySet())) {
            return;
        }
        List<String> missing = node.namedOutputs().entrySet().stream()
                .filter(output -> !dumped.contains(output.getKey()) && !store.exists(output.getValue()))
                .map(output -> output.getKey().name()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(node.label() + ": run() ended without dumping its named outputs " + missing);
        }
    }
}
