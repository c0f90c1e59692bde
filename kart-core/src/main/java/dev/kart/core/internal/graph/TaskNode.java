package dev.kart.core.internal.graph;

import dev.kart.core.internal.config.TaskSettings;
import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.task.NamedOutput;
import dev.kart.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One task in a {@link TaskGraph}: the task, its unique id, its cache targets and settings, and its
 * edges. Structure only; a build keeps its progress elsewhere. Edges are filled by the graph builder
 * and read-only afterwards.
 */
public final class TaskNode {
    private final int index;
    private final Task<?> task;
    private final TaskType type;
    private final String uniqueId;
    private final String label;
    private final TaskSettings settings;
    private final Optional<CacheTarget> mainOutput;
    private final Map<NamedOutput<?>, CacheTarget> namedOutputs;
    private final List<TaskNode> dependencies = new ArrayList<>(2);
    private final List<TaskNode> dependents = new ArrayList<>(2);
    private boolean complete;
    private RerunCause rerunCause = RerunCause.NONE;
    private boolean expanded;

    TaskNode(int index, Task<?> task, TaskType type, String uniqueId, String label, TaskSettings settings,
            Optional<CacheTarget> mainOutput, Map<NamedOutput<?>, CacheTarget> namedOutputs) {
        this.index = index;
        this.task = task;
        this.type = type;
        this.uniqueId = uniqueId;
        this.label = label;
        this.settings = settings;
        this.mainOutput = mainOutput;
        this.namedOutputs = namedOutputs;
    }

    /** @return a number unique in its graph, from 0 to the graph's size - 1, for indexing arrays */
    public int index() {
        return index;
    }

    /** @return the task */
    public Task<?> task() {
        return task;
    }

    /** @return the task's type */
    public TaskType type() {
        return type;
    }

    /** @return the task's unique id */
    public String uniqueId() {
        return uniqueId;
    }

    /** @return the task's family, parameters and id, for messages */
    public String label() {
        return label;
    }

    /** @return the settings that apply to the task */
    public TaskSettings settings() {
        return settings;
    }

    /** @return the main output, absent for a {@code Task<Void>} */
    public Optional<CacheTarget> mainOutput() {
        return mainOutput;
    }

    /** @return the named outputs by declaration */
    public Map<NamedOutput<?>, CacheTarget> namedOutputs() {
        return namedOutputs;
    }

    /** @return every cache file of the task: the main output first */
    public List<CacheTarget> outputs() {
        List<CacheTarget> all = new ArrayList<>(1 + namedOutputs.size());
        mainOutput.ifPresent(all::add);
        all.addAll(namedOutputs.values());
        return all;
    }

    /** @return the tasks this one depends on; empty when the node was complete and not expanded */
    public List<TaskNode> dependencies() {
        return Collections.unmodifiableList(dependencies);
    }

    /** @return the tasks in the graph that depend on this one */
    public List<TaskNode> dependents() {
        return Collections.unmodifiableList(dependents);
    }

    /** @return whether all outputs existed when the graph was built (and no rerun was asked) */
    public boolean complete() {
        return complete;
    }

    /** @return why the task runs even when its outputs exist; {@link RerunCause#NONE} when it does not */
    public RerunCause rerunCause() {
        return rerunCause;
    }

    /** @return whether the task runs even when its outputs exist, replacing them */
    public boolean rerun() {
        return rerunCause.reruns();
    }

    void markExpanded(boolean isComplete, RerunCause cause) {
        this.expanded = true;
        this.complete = isComplete;
        this.rerunCause = cause;
    }

    boolean expanded() {
        return expanded;
    }

    void addDependency(TaskNode dependency) {
        dependencies.add(dependency);
        dependency.dependents.add(this);
    }

    @Override
    public String toString() {
        return label;
    }
}
