package dev.kart.core.internal.schedule;

import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.info.TaskRecord;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.storage.PublishMode;
import dev.kart.lock.Lease;
import dev.kart.task.NamedOutput;
import dev.kart.task.RunContext;
import dev.kart.task.RunLease;
import dev.kart.task.Task;
import dev.kart.task.TaskLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

/** The {@link RunContext} of one attempt of one task. */
final class TaskRunContext implements RunContext, TaskLog {
    /** Up to this many dependencies, a load scans them rather than building a map. */
    private static final int SCAN_LIMIT = 8;
    private final TaskNode node;
    private final TaskGraph graph;
    private final CacheStore store;
    private final TaskRecord record;
    private final Optional<Lease> runLease;
    private final Consumer<TaskNode> loads;
    private final Logger logger;
    private final Set<NamedOutput<?>> dumped = ConcurrentHashMap.newKeySet();
    // Built on first use, fully, then published through the volatile write: a task may load from
    // several threads at once, and a map seen before it is filled would call a dependency unknown.
    // Threads that race both build one; the maps are equal and either may win.
    // values are positions in node.dependencies()
    private volatile Map<Task<?>, Integer> dependenciesByInstance;
    private volatile Map<String, TaskNode> dependenciesById;
    /**
     * Where in {@code node.dependencies()} the next load is looked for first: one past the last
     * found. A task mostly loads its dependencies in the order it declared them, and then a load
     * costs one comparison instead of a lookup in a map of thousands (a cache miss or two each).
     * Only a guess, checked before use: threads that load at once may overwrite each other's.
     */
    private int nextGuess;
    private Path scratch;
    private final StagedOutputs staged;

    /**
     * @param node the task
     * @param graph its build's graph
     * @param store reads dependencies' outputs and writes its named outputs
     * @param record its record
     * @param runLease its run lease, when it runs under one: named outputs are published (after
     *     {@code run()} returned) only while it is held
     * @param loads told of every read of a dependency's output, for the build report
     */
    TaskRunContext(TaskNode node, TaskGraph graph, CacheStore store, TaskRecord record, Optional<Lease> runLease,
            Consumer<TaskNode> loads) {
        this.node = node;
        this.graph = graph;
        this.store = store;
        this.record = record;
        this.runLease = runLease;
        this.loads = loads;
        this.logger = LoggerFactory.getLogger(node.type().type());
        this.staged = new StagedOutputs(node, store);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T load(Task<T> dependency) {
        TaskNode dependencyNode = dependencyNode(dependency);
        CacheTarget target = dependencyNode.mainOutput().orElseThrow(() -> new IllegalArgumentException(
                dependencyNode.label() + " is a Task<Void> without a main output; load one of its named outputs"));
        Object value = store.load(target);
        loads.accept(dependencyNode);
        return (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> loadAll(List<? extends Task<? extends T>> dependencies) {
        if (dependencies == null) {
            throw new IllegalArgumentException(node.label() + ": cannot load the outputs of a null list of tasks");
        }
        // every dependency checked before anything is read: a mistake costs no lock call
        TaskNode[] dependencyNodes = new TaskNode[dependencies.size()];
        List<CacheTarget> targets = new ArrayList<>(dependencies.size());
        for (int i = 0; i < dependencyNodes.length; i++) {
            TaskNode dependencyNode;
            try {
                dependencyNode = dependencyNode(dependencies.get(i));
            } catch (IllegalArgumentException e) {
                // not chained: a failure's line shows the innermost cause, which would lose the position
                throw new IllegalArgumentException(position(i, dependencies.size()) + e.getMessage());
            }
            Optional<CacheTarget> target = dependencyNode.mainOutput();
            if (target.isEmpty()) {
                throw new IllegalArgumentException(position(i, dependencies.size()) + dependencyNode.label()
                        + " is a Task<Void> without a main output; load one of its named outputs");
            }
            dependencyNodes[i] = dependencyNode;
            targets.add(target.get());
        }
        List<Object> values = store.loadAll(targets);
        for (TaskNode dependencyNode : dependencyNodes) {
            loads.accept(dependencyNode);
        }
        return (List<T>) Collections.unmodifiableList(values);
    }

    /** @return where in the list given to {@code loadAll} the task a message names is: {@code loadAll, task 3 of 40: } */
    private static String position(int index, int size) {
        return "loadAll, task " + (index + 1) + " of " + size + ": ";
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V load(Task<?> dependency, NamedOutput<V> output) {
        TaskNode dependencyNode = dependencyNode(dependency);
        CacheTarget target = dependencyNode.namedOutputs().get(output);
        if (target == null) {
            throw new IllegalArgumentException(dependencyNode.label() + " declares no named output " + output
                    + "; it declares " + dependencyNode.namedOutputs().keySet());
        }
        Object value = store.load(target);
        loads.accept(dependencyNode);
        return (V) value;
    }

    @Override
    public <V> void dump(NamedOutput<V> output, V value) {
        CacheTarget target = node.namedOutputs().get(output);
        if (target == null) {
            throw new IllegalArgumentException(node.label() + " does not declare the named output " + output
                    + " in namedOutputs(); it declares " + node.namedOutputs().keySet());
        }
        if (value == null) {
            throw new IllegalArgumentException(node.label() + ": named output '" + output.name() + "' cannot be null");
        }
        staged.stage(output, target, value);
        dumped.add(output);
    }

    @Override
    public Optional<RunLease> runLease() {
        return runLease.map(LeaseView::new);
    }

    @Override
    public TaskLog log() {
        return this;
    }

    @Override
    public synchronized Path scratchDirectory() {
        if (scratch == null) {
            try {
                scratch = Files.createTempDirectory("kart-" + node.type().simpleName() + "-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a scratch directory for " + node.label(), e);
            }
        }
        return scratch;
    }

    @Override
    public void info(String message, Object... args) {
        String line = MessageFormatter.arrayFormat(message, args).getMessage();
        record.log(java.time.Instant.now() + " INFO " + line);
        // the logger is the task's class: the console and the user's own log layout name the task with it
        logger.info("{}", line);
    }

    @Override
    public void warn(String message, Object... args) {
        String line = MessageFormatter.arrayFormat(message, args).getMessage();
        record.log(java.time.Instant.now() + " WARN " + line);
        logger.warn("{}", line);
    }

    /** @return the named outputs dumped in this attempt so far */
    Set<NamedOutput<?>> dumped() {
        return Set.copyOf(dumped);
    }

    /**
     * Publishes this attempt's outputs, once {@code run()} returned and its result was checked: the
     * named outputs it dumped, then the main output (see {@link StagedOutputs#publish}).
     *
     * @param value what {@code run()} returned
     * @param mode {@link PublishMode#REPLACE} for a rerun, else {@code ONCE}
     * @return whether another holder had published every one of them already
     * @throws dev.kart.lock.LeaseLostException when the run lease or a cache lease was lost
     * @throws dev.kart.CacheWriteException when the disk refuses
     */
    boolean publishOutputs(Object value, PublishMode mode) {
        return staged.publish(value, runLease, mode, record);
    }

    /** Discards the named outputs dumped and not published, and deletes the scratch directory, if one was made. */
    synchronized void close() {
        staged.discard();
        if (scratch == null) {
            return;
        }
        try {
            Files.walkFileTree(scratch, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException error) throws IOException {
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            logger.warn("could not delete scratch directory {}: {}", scratch, e.toString());
        }
    }

    /** The run lease as the task sees it: it can read it, not release it. */
    private record LeaseView(Lease lease) implements RunLease {
        @Override
        public String key() {
            return lease.key();
        }

        @Override
        public long fencingToken() {
            return lease.fencingToken();
        }

        @Override
        public boolean isHeld() {
            return lease.isHeld();
        }
    }

    private TaskNode dependencyNode(Task<?> dependency) {
        if (dependency == null) {
            throw new IllegalArgumentException(node.label() + ": cannot load the output of a null task");
        }
        List<TaskNode> candidates = node.dependencies();
        int guess = nextGuess;
        if (guess < candidates.size() && candidates.get(guess).task() == dependency) {
            nextGuess = guess + 1;
            return candidates.get(guess);
        }
        boolean scan = candidates.size() <= SCAN_LIMIT;
        int position = scan ? scanByInstance(candidates, dependency) : positionByInstance(candidates, dependency);
        if (position >= 0) {
            nextGuess = position + 1;
            return candidates.get(position);
        }
        String uniqueId = graph.uniqueId(dependency);
        TaskNode found = scan ? scanById(candidates, uniqueId) : dependenciesById(candidates).get(uniqueId);
        if (found == null) {
            throw new IllegalArgumentException(dependency.getClass().getName() + " " + dependency + " is not a dependency of "
                    + node.label() + ": make it a parameter or return it from requires()");
        }
        return found;
    }

    /** @return the position of {@code dependency} in {@code candidates}, or -1 */
    private static int scanByInstance(List<TaskNode> candidates, Task<?> dependency) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).task() == dependency) {
                return i;
            }
        }
        return -1;
    }

    private static TaskNode scanById(List<TaskNode> candidates, String uniqueId) {
        for (TaskNode candidate : candidates) {
            if (candidate.uniqueId().equals(uniqueId)) {
                return candidate;
            }
        }
        return null;
    }

    /** @return the position of {@code dependency} in {@code candidates}, or -1 */
    private int positionByInstance(List<TaskNode> candidates, Task<?> dependency) {
        Map<Task<?>, Integer> byInstance = dependenciesByInstance;
        if (byInstance == null) {
            byInstance = new IdentityHashMap<>(candidates.size());
            for (int i = 0; i < candidates.size(); i++) {
                byInstance.put(candidates.get(i).task(), i);
            }
            dependenciesByInstance = byInstance;
        }
        Integer position = byInstance.get(dependency);
        return position == null ? -1 : position;
    }

    private Map<String, TaskNode> dependenciesById(List<TaskNode> candidates) {
        Map<String, TaskNode> byId = dependenciesById;
        if (byId == null) {
            byId = new HashMap<>(candidates.size() * 4 / 3 + 1);
            for (TaskNode candidate : candidates) {
                byId.put(candidate.uniqueId(), candidate);
            }
            dependenciesById = byId;
        }
        return byId;
    }
}
