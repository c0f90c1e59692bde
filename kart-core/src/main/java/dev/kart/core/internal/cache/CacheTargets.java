package dev.kart.core.internal.cache;

import dev.kart.TaskDefinitionException;
import dev.kart.core.internal.format.FormatRegistry;
import dev.kart.core.internal.model.TaskLabel;
import dev.kart.core.internal.model.TaskType;
import dev.kart.format.Format;
import dev.kart.task.NamedOutput;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Derives a task's cache targets from its type, unique id and output declarations, each output's format
 * checked once per task type or named output to store the output's declared type. Thread-safe.
 */
public final class CacheTargets {
    private final Workspace workspace;
    private final FormatRegistry formats;
    /** The checked format of each task type's main output: one look-up per task instead of a check. */
    private final Map<TaskType, Format> mainFormats = new ConcurrentHashMap<>();
    /** The checked format of each named output declaration. */
    private final Map<NamedOutput<?>, Format> namedFormats = new ConcurrentHashMap<>();

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
        Format format = checkedFormat(mainFormats, type, extension, type.outputType(),
                () -> "output of " + TaskLabel.of(task, uniqueId));
        return Optional.of(new CacheTarget(type, workspace, format, extension, type.outputType(), task, uniqueId, null));
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
            Format format = checkedFormat(namedFormats, output, output.extension(), output.type(),
                    () -> "named output '" + output.name() + "' of " + TaskLabel.of(task, uniqueId));
            targets.put(output, new CacheTarget(type, workspace, format, output.extension(), output.type(), task, uniqueId,
                    output.name()));
        }
        return targets;
    }

    /**
     * @return the format of an output, from {@code checked} or else picked and checked ({@link
     *     FormatRegistry#forOutput}) and kept there under {@code key}
     */
    private <K> Format checkedFormat(Map<K, Format> checked, K key, String extension, Type type, Supplier<String> owner) {
        Format format = checked.get(key);
        if (format == null) {
            format = formats.forOutput(extension, type, owner);
            checked.put(key, format);
        }
        return format;
    }
}
