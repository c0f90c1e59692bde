package dev.kart.core.internal.graph;

import dev.kart.core.internal.config.TaskSettings;
import dev.kart.core.internal.model.TaskLabel;
import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.task.NamedOutput;
import dev.kart.task.Task;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * One task in a {@link TaskGraph}: the task, its unique id, its cache targets and settings, and its
 * edges. Structure only; a build keeps its progress elsewhere. Edges are filled by the graph builder
 * and read-only afterwards.
 */
public final class TaskNode {
    private static final TaskNode[] NO_NODES = new TaskNode[0];

    private final int index;
    private final Task<?> task;
    private final TaskType type;
    private final String uniqueId;
    private final TaskSettings settings;
    // a million-node graph must fit in a couple of GB: no Optional, empty map or list per node
    /** The main output, or null for a {@code Task<Void>}. */
    private final CacheTarget mainOutput;
    private final Map<NamedOutput<?>, CacheTarget> namedOutputs;
    private TaskNode[] dependencies = NO_NODES;
    private int dependencyCount;
    private TaskNode[] dependents = NO_NODES;
    private int dependentCount;
    private boolean complete;
    private RerunCause rerunCause = RerunCause.NONE;
    private boolean expanded;

    TaskNode(int index, Task<?> task, TaskType type, String uniqueId, TaskSettings settings,
            Optional<CacheTarget> mainOutput, Map<NamedOutput<?>, CacheTarget> namedOutputs) {
        this.index = index;
        this.task = task;
        this.type = type;
        this.uniqueId = uniqueId;
        this.settings = settings;
        this.mainOutput = mainOutput.orElse(null);
        this.namedOutputs = namedOutputs.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(namedOutputs);
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

    /**
     * @return the task's family, parameters and id, for messages; made each time, not kept: a
     *     million-node graph would hold a hundred bytes more per node for it
     */
    public String label() {
        return TaskLabel.of(task, uniqueId);
    }

    /** @return the settings that apply to the task */
    public TaskSettings settings() {
        return settings;
    }

    /** @return the main output, absent for a {@code Task<Void>} */
    public Optional<CacheTarget> mainOutput() {
        return Optional.ofNullable(mainOutput);
    }

    /** @return the named outputs by declaration */
    public Map<NamedOutput<?>, CacheTarget> namedOutputs() {
        return namedOutputs;
    }

    /** @return every cache file of the task: the main output first */
    public List<CacheTarget> outputs() {
        if (namedOutputs.isEmpty()) {
            return mainOutput == null ? List.of() : List.of(mainOutput);
        }
        List<CacheTarget> all = new ArrayList<>(1 + namedOutputs.size());
        if (mainOutput != null) {
            all.add(mainOutput);
        }
        all.addAll(namedOutputs.values());
        return all;
    }

    /** @return the tasks this one depends on; empty when the node was complete and not expanded */
    public List<TaskNode> dependencies() {
        return view(dependencies, dependencyCount);
    }

    /** @return the tasks in the graph that depend on this one */
    public List<TaskNode> dependents() {
        return view(dependents, dependentCount);
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
        dependencies = withRoom(dependencies, dependencyCount);
        dependencies[dependencyCount++] = dependency;
        dependency.dependents = withRoom(dependency.dependents, dependency.dependentCount);
        dependency.dependents[dependency.dependentCount++] = this;
    }

    @Override
    public String toString() {
        return label();
    }

    /** @return {@code nodes}, or a larger copy when it has no room after {@code size} nodes */
    private static TaskNode[] withRoom(TaskNode[] nodes, int size) {
        // most nodes of a wide graph have no dependencies and one dependent: start at one
        return size < nodes.length ? nodes : Arrays.copyOf(nodes, size == 0 ? 1 : size + (size >> 1) + 1);
    }

    private static List<TaskNode> view(TaskNode[] nodes, int size) {
        return size == 0 ? List.of() : new View(nodes, size);
    }

    /**
     * A read-only view of the first {@code size} nodes of an array; edges are only added while the
     * graph is built, before anyone asks for them.
     */
    private static final class View extends AbstractList<TaskNode> implements RandomAccess {
        private final TaskNode[] nodes;
        private final int size;

        View(TaskNode[] nodes, int size) {
            this.nodes = nodes;
            this.size = size;
        }

        @Override
        public TaskNode get(int index) {
            Objects.checkIndex(index, size);
            return nodes[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
