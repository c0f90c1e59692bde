package dev.kart.core.internal.graph;

import dev.kart.TaskDefinitionException;
import dev.kart.core.BuildOptions;
import dev.kart.core.internal.config.TaskSections;
import dev.kart.core.internal.config.TaskSettings;
import dev.kart.core.internal.failure.LinkageErrors;
import dev.kart.core.internal.identity.UniqueIds;
import dev.kart.core.internal.model.ParameterKind;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.cache.CacheTargets;
import dev.kart.core.internal.cache.ExistenceChecks;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * Builds the {@link TaskGraph} of a root task: one node per unique id, each node's dependencies
 * (task-valued parameters and {@link Task#requires()}), completeness from the workspace, and a check
 * for cycles. Like luigi, a complete task's dependencies are not visited unless asked for. Walks
 * without recursion, so long chains do not exhaust the stack. Stateless and thread-safe.
 */
public final class GraphBuilder {
    private final CacheTargets targets;
    private final CacheStore store;
    private final ExistenceChecks existenceChecks;
    private final TaskSections sections;

    /**
     * @param targets derives cache targets
     * @param store tells whether outputs exist
     * @param existenceChecks tells whether many outputs exist, on several threads
     * @param sections gives per-task settings
     */
    @Inject
    public GraphBuilder(CacheTargets targets, CacheStore store, ExistenceChecks existenceChecks, TaskSections sections) {
        this.targets = targets;
        this.store = store;
        this.existenceChecks = existenceChecks;
        this.sections = sections;
    }

    /**
     * @param root the task asked for
     * @param options which tasks run even when complete (the listener is not used)
     * @param expandComplete whether to visit the dependencies of complete tasks too (for trees and
     *     cleaning, not for builds)
     * @return the graph, each node with whether it is complete and why it runs again, if it does
     * @throws CycleException when the dependencies form a cycle
     * @throws TaskDefinitionException when a task is not usable
     * @throws RerunClassNotInGraphException when {@code options} names a task class to run again that
     *     has no task in the graph
     */
    public TaskGraph build(Task<?> root, BuildOptions options, boolean expandComplete) {
        Set<String> named = options.rerunTasks().isEmpty() ? Set.of() : rerunNamed(root, options.rerunTasks());
        return walk(root, expandComplete, (node, isRoot, walk) -> {
            RerunCause cause = causeOf(node, isRoot, options, named);
            return new Decision(cause, !cause.reruns() && walk.isComplete(node));
        });
    }

    private static RerunCause causeOf(TaskNode node, boolean isRoot, BuildOptions options, Set<String> named) {
        if (options.rerunAll()) {
            return RerunCause.ALL;
        }
        if (isRoot && options.rerun()) {
            return RerunCause.ROOT;
        }
        // most builds name no task: then no id is hashed for the lookup
        if (!named.isEmpty() && named.contains(node.uniqueId())) {
            return options.rerunTasks().contains(node.task().getClass()) ? RerunCause.NAMED : RerunCause.DEPENDS_ON_NAMED;
        }
        return node.settings().rerun() ? RerunCause.CONFIG : RerunCause.NONE;
    }

    /**
     * The tasks of the named classes anywhere in the root's whole graph, complete or not, and every
     * task that depends on one of them: its input is made again, so its output is out of date.
     *
     * @return their unique ids
     */
    private Set<String> rerunNamed(Task<?> root, Set<Class<? extends Task<?>>> classes) {
        // the structure only: completeness does not matter for what lies below a named task
        TaskGraph whole = walk(root, true, (node, isRoot, walk) -> new Decision(RerunCause.NONE, false));
        Set<String> ids = new HashSet<>();
        Set<Class<?>> found = new HashSet<>();
        Deque<TaskNode> upward = new ArrayDeque<>();
        for (TaskNode node : whole.nodes()) {
            if (classes.contains(node.task().getClass())) {
                found.add(node.task().getClass());
                upward.push(node);
            }
        }
        if (found.size() < classes.size()) {
            SortedSet<String> missing = new TreeSet<>();
            classes.stream().filter(type -> !found.contains(type)).forEach(type -> missing.add(type.getName()));
            SortedSet<String> present = new TreeSet<>();
            whole.nodes().forEach(node -> present.add(node.type().family()));
            throw new RerunClassNotInGraphException(whole.root().label(), missing, present);
        }
        while (!upward.isEmpty()) {
            TaskNode node = upward.pop();
            if (ids.add(node.uniqueId())) {
                node.dependents().forEach(upward::push);
            }
        }
        return ids;
    }

    /** What the walk decides for one node: why it reruns, and whether it counts as complete. */
    private record Decision(RerunCause cause, boolean complete) {
    }

    /** Decides, for a node reached by the walk, whether it reruns and is complete. */
    @FunctionalInterface
    private interface Decider {
        Decision decide(TaskNode node, boolean isRoot, Walk walk);
    }

    private TaskGraph walk(Task<?> root, boolean expandComplete, Decider decider) {
        long started = System.nanoTime();
        Walk walk = new Walk();
        TaskNode rootNode = walk.node(root);
        Deque<TaskNode> pending = new ArrayDeque<>();
        pending.push(rootNode);
        while (!pending.isEmpty()) {
            TaskNode node = pending.pop();
            if (node.expanded()) {
                continue;
            }
            Decision decision = decider.decide(node, node == rootNode, walk);
            node.markExpanded(decision.complete(), decision.cause());
            if (decision.complete() && !expandComplete) {
                continue;
            }
            List<Task<?>> dependencies = dependenciesOf(node);
            // sized once: a root over 10,000 children would otherwise grow it ten times
            Set<TaskNode> linked = Collections.newSetFromMap(new IdentityHashMap<>(dependencies.size()));
            for (Task<?> dependency : dependencies) {
                TaskNode dependencyNode = walk.node(dependency);
                if (linked.add(dependencyNode)) {
                    node.addDependency(dependencyNode);
                }
                if (!dependencyNode.expanded()) {
                    pending.push(dependencyNode);
                }
            }
        }
        return new TaskGraph(rootNode, orderDependenciesFirst(rootNode, walk.created.size()), walk.ids, started);
    }

    /**
     * A node for one task on its own, without edges, for questions about that task alone (where
     * its outputs are, whether they exist).
     *
     * @param task a task
     * @return its node
     * @throws TaskDefinitionException when the task is not usable
     */
    public TaskNode node(Task<?> task) {
        return new Walk().node(task);
    }

    /**
     * @param node a node
     * @return whether all of its outputs exist
     */
    public boolean isComplete(TaskNode node) {
        return store.allExist(node.outputs());
    }

    private static List<Task<?>> dependenciesOf(TaskNode node) {
        List<Task<?>> dependencies = new ArrayList<>();
        Task<?> task = node.task();
        for (TaskParameter parameter : node.type().dependencyParameters()) {
            Object value = parameter.valueOf(task);
            if (value == null) {
                continue; // an absent optional dependency, such as the start of a chain
            }
            if (parameter.kind() == ParameterKind.TASK) {
                dependencies.add((Task<?>) value);
            } else {
                for (Object element : (List<?>) value) {
                    dependencies.add(requireTask(element, node, parameter.name()));
                }
            }
        }
        List<Task<?>> required;
        try {
            required = task.requires();
        } catch (RuntimeException e) {
            throw new TaskDefinitionException("requires() of " + node.label() + " threw " + e, e);
        } catch (LinkageError e) {
            // a dependency made in code whose class, or a class it needs, the JVM cannot load or initialize
            throw new TaskDefinitionException("requires() of " + node.label() + " failed: " + LinkageErrors.describe(e), e);
        }
        if (required == null) {
            throw new TaskDefinitionException("requires() of " + node.label() + " returned null; return List.of() instead");
        }
        for (Task<?> dependency : required) {
            dependencies.add(requireTask(dependency, node, "requires()"));
        }
        return dependencies;
    }

    @SuppressWarnings("unchecked")
    private static <T> T requireTask(Object value, TaskNode node, String where) {
        if (value == null) {
            throw new TaskDefinitionException(node.label() + ": dependency '" + where + "' is null");
        }
        return (T) value;
    }

    private static List<TaskNode> orderDependenciesFirst(TaskNode root, int size) {
        int[] color = new int[size];
        List<TaskNode> order = new ArrayList<>(size);
        Deque<TaskNode> path = new ArrayDeque<>();
        Deque<Integer> nextChild = new ArrayDeque<>();
        path.push(root);
        nextChild.push(0);
        color[root.index()] = 1;
        while (!path.isEmpty()) {
            TaskNode node = path.peek();
            int child = nextChild.pop();
            if (child < node.dependencies().size()) {
                nextChild.push(child + 1);
                TaskNode dependency = node.dependencies().get(child);
                if (color[dependency.index()] == 1) {
                    throw cycle(path, dependency);
                }
                if (color[dependency.index()] == 0) {
                    color[dependency.index()] = 1;
                    path.push(dependency);
                    nextChild.push(0);
                }
            } else {
                color[node.index()] = 2;
                order.add(path.pop());
            }
        }
        return order;
    }

    private static CycleException cycle(Deque<TaskNode> path, TaskNode repeated) {
        List<TaskNode> members = new ArrayList<>();
        for (TaskNode node : path) {
            members.add(0, node);
            if (node == repeated) {
                break;
            }
        }
        StringJoiner chain = new StringJoiner("\n  -> ", "dependency cycle:\n  ", "\n  -> " + repeated.label());
        members.forEach(member -> chain.add(member.label()));
        return new CycleException(chain.toString());
    }

    /** The state of one graph construction: ids and nodes by id. */
    private final class Walk {
        private final UniqueIds ids = new UniqueIds();
        private final Map<String, TaskNode> byId = new HashMap<>();
        private final List<TaskNode> created = new ArrayList<>();
        /** Whether a target existed, from a listing of its directory or a check of the walk's frontier. */
        private final Map<CacheTarget, Boolean> known = new IdentityHashMap<>();
        /** The targets a frontier check considered, whether or not it answered for them. */
        private final Set<CacheTarget> considered = Collections.newSetFromMap(new IdentityHashMap<>());
        /** How many of {@link #created} the last look at the frontier went through. */
        private int scanned;

        /**
         * Whether all of a node's outputs exist. The first question about a target not yet
         * considered looks at the outputs of every node reached and not yet decided (the walk's
         * frontier: all of them get decided). On a store that is not local, directories where many
         * of them lie are listed, so a wide fan-in costs a LIST page per 1,000 children, not a
         * request each; when many remain (a wide fan-in on a local disk, or in directories too
         * small to list), {@link ExistenceChecks} asks about them on several threads at once.
         * Either answer may be older than a check of the node itself would be, by the time the
         * walk takes to reach the node: "exists" then means published when checked (a file removed
         * meanwhile fails its load, as when removed after a stat), and "absent" for a file
         * published meanwhile makes its task run, whose publish then finds the file and keeps it.
         * A target outside every frontier check is asked about alone. Targets are told apart by
         * identity: a node, made once per unique id, holds the same target objects for the whole walk.
         */
        boolean isComplete(TaskNode node) {
            for (CacheTarget target : node.outputs()) {
                if (!considered.contains(target)) {
                    considerFrontier(node);
                }
                Boolean exists = known.get(target);
                if (!(exists != null ? exists : store.exists(target))) {
                    return false;
                }
            }
            return true;
        }

        private void considerFrontier(TaskNode node) {
            List<CacheTarget> unknown = new ArrayList<>();
            addUnconsidered(node, unknown);
            // every node created since the last look is waiting to be decided (a node is created
            // when first reached, and pushed then); looking at those alone keeps the walk linear
            for (int i = scanned; i < created.size(); i++) {
                TaskNode waiting = created.get(i);
                if (!waiting.expanded()) {
                    addUnconsidered(waiting, unknown);
                }
            }
            scanned = created.size();
            List<CacheTarget> unanswered = unknown;
            if (store.checksByListing()) {
                Map<String, Boolean> listed = store.existingByListing(unknown);
                unanswered = new ArrayList<>();
                for (CacheTarget target : unknown) {
                    Boolean exists = listed.get(target.path());
                    if (exists != null) {
                        known.put(target, exists);
                    } else {
                        unanswered.add(target);
                    }
                }
            }
            // a chain reaches one node at a time: its frontier is checked by each node alone, as before
            if (unanswered.size() >= ExistenceChecks.PARALLEL_MIN_TARGETS) {
                boolean[] exist = existenceChecks.exist(unanswered);
                for (int i = 0; i < exist.length; i++) {
                    known.put(unanswered.get(i), exist[i]);
                }
            }
        }

        private void addUnconsidered(TaskNode node, List<CacheTarget> into) {
            for (CacheTarget target : node.outputs()) {
                if (considered.add(target)) {
                    into.add(target);
                }
            }
        }

        TaskNode node(Task<?> task) {
            TaskType type = TaskType.of(task);
            String id = ids.of(task);
            TaskNode existing = byId.get(id);
            if (existing != null) {
                return existing;
            }
            TaskSettings settings = sections.settings(type);
            TaskNode node = new TaskNode(created.size(), task, type, id, settings, targets.main(task, type, id),
                    targets.named(task, type, id));
            byId.put(id, node);
            created.add(node);
            return node;
        }
    }
}
