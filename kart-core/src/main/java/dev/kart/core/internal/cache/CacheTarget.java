package dev.kart.core.internal.cache;

import dev.kart.core.internal.model.TaskLabel;
import dev.kart.core.internal.model.TaskType;
import dev.kart.format.Format;
import dev.kart.task.Task;
import java.lang.reflect.Type;

/**
 * One cache file: where it is, its format and the type it holds. Its path and its texts for messages
 * (where it is, whose it is) are made from the task's type and unique id when asked for, not kept: a
 * million-task graph would hold three more strings per task. Immutable.
 */
public final class CacheTarget {
    private final TaskType taskType;
    private final Workspace workspace;
    private final Format format;
    private final String extension;
    private final Type type;
    private final Task<?> task;
    private final String uniqueId;
    private final String outputName;

    /**
     * @param taskType the type of the task it belongs to, for its path
     * @param workspace the workspace it is in: the layout of its path
     * @param format reads and writes it
     * @param extension the extension that picked the format
     * @param type the declared type of the value in it
     * @param task the task it belongs to, for {@link #owner()}
     * @param uniqueId that task's unique id
     * @param outputName the name of the named output it is, or null for the main output
     */
    CacheTarget(TaskType taskType, Workspace workspace, Format format, String extension, Type type, Task<?> task,
            String uniqueId, String outputName) {
        this.taskType = taskType;
        this.workspace = workspace;
        this.format = format;
        this.extension = extension;
        this.type = type;
        this.task = task;
        this.uniqueId = uniqueId;
        this.outputName = outputName;
    }

    /**
     * @return its relative path in the workspace ({@code /}-separated): the object the storage
     *     holds, and the cache lock's target name
     */
    public String path() {
        return outputName == null ? workspace.mainOutput(taskType, uniqueId, extension)
                : workspace.namedOutput(taskType, uniqueId, outputName, extension);
    }

    /** @return where it is, for messages: the absolute file of a local workspace, else its URI */
    public String display() {
        return workspace.display(path());
    }

    /** @return reads and writes it */
    public Format format() {
        return format;
    }

    /** @return the extension that picked the format */
    public String extension() {
        return extension;
    }

    /** @return the declared type of the value in it */
    public Type type() {
        return type;
    }

    /** @return the task it belongs to, for messages: its label, and which named output */
    public String owner() {
        String label = TaskLabel.of(task, uniqueId);
        return outputName == null ? label : label + " output '" + outputName + "'";
    }

    /** @return the family of the task it belongs to, as {@code kart run --rerun-task} names it */
    public String ownerFamily() {
        return taskType.family();
    }

    /** @return the cache lock's target name: its relative path */
    public String lockName() {
        return path();
    }

    @Override
    public String toString() {
        return "CacheTarget[" + path() + "]";
    }
}
