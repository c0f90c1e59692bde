package dev.kart.core.internal.cache;

import dev.kart.TaskDefinitionException;
import dev.kart.core.internal.format.FormatRegistry;
import dev.kart.core.internal.model.TaskLabel;
import dev.kart.core.internal.model.TaskType;
import dev.kart.task.NamedOutput;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Derives a task's cache targets from its type, unique id and output declarations. Thread-safe. */
public final class CacheTargets {
    private final Workspace workspace;
    private final FormatRegistry formats;

    /**
     * @param workspace the layout of paths
     * @param formats picks formats by extension
     */
    @Inject
    public CacheTargets(Workspace workspace, FormatRegistry formats) {
        this.workspace = workspace;
        this.formats = formats;
    }

    /**
     * @param task the task
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @return the main output's target, absent for a {@code Task<Void>}
     */
    public Optional<CacheTarget> main(Task<?> task, TaskType type, String uniqueId) {
        if (!type.hasMainOutput()) {
            return Optional.empty();
        }
        String extension = type.outputExtension();
        return Optional.of(new CacheTarget(type, workspace, formats.forExtension(extension, () -> "output of " + TaskLabel.of(task, uniqueId)),
                extension, type.outputType(), task, uniqueId, null));
    }

    /**
     * @param task the task
     * @param type its type
     * @param uniqueId its unique id
     * @return the named outputs' targets, in declaration order
     * @throws TaskDefinitionException when two outputs share a name, or a {@code Task<Void>} declares none
     */
    public Map<NamedOutput<?>, CacheTarget> named(Task<?> task, TaskType type, String uniqueId) {
        List<NamedOutput<?>> declared = task.namedOutputs();
        if (declared.isEmpty()) {
            if (!type.hasMainOutput()) {
                throw new TaskDefinitionException(TaskLabel.of(task, uniqueId) + " is a Task<Void> without named outputs, so it could never"
                    + " be complete; declare namedOutputs() or give it an output type");
            }
            return Map.of();
        }
        Map<NamedOutput<?>, CacheTarget> targets = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (NamedOutput<?> output : declared) {
            if (!names.add(output.name())) {
                throw new TaskDefinitionException(TaskLabel.of(task, uniqueId) + " declares the named output '" + output.name() + "' twice");
            }
            targets.put(output, new CacheTarget(type, workspace,
                    formats.forExtension(output.extension(), () -> "named output '" + output.name() + "' of " + TaskLabel.of(task, uniqueId)),
                    output.extension(), output.type(), task, uniqueId, output.name()));
        }
        return targets;
    }
}
