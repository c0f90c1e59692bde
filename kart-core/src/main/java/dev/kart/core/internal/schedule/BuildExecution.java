package dev.kart.core.internal.schedule;

import dev.kart.core.BuildListener;
import dev.kart.core.BuildReport;
import dev.kart.core.LockActivity;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskRef;
import dev.kart.core.TaskState;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.cache.Publication;
import dev.kart.core.internal.graph.GraphBuilder;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.ProcessIdentity;
import dev.kart.core.internal.info.TaskInfoWriter;
import dev.kart.core.internal.info.TaskRecord;
import dev.kart.lock.Lease;
import dev.kart.lock.LockCollisionException;
import dev.kart.lock.RunLock;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.Task;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link TaskGraph} on a pool of worker threads: each task as soon as its dependencies are
 * done, retried after failures, parked on run-lock collisions when its policy says so, and its
 * dependents marked not run when it fails for good. Other tasks keep going meanwhile. A task coming
 * back (a parked task whose run lock was released, a retry whose delay is over) goes ahead of tasks
 * not started yet: it usually finds its output made by the other node and ends at once, unblocking
 * its dependents. One instance per build.
 */
final class BuildExecution {
    private static final Logger LOG = LoggerFactory.getLogger(BuildExecution.class);

    private final TaskGraph graph;
    private final boolean rerunRoot;
    private final GraphBuilder graphs;
    private final CacheStore store;
    private final RunLock runLock;
    private final TaskInfoWriter infoWriter;
    private final Duration waitTimeout;
    private final BuildListener listener;

    private final AtomicReferenceArray<TaskState> states;
    private final AtomicIntegerArray waitingFor;
    private final AtomicIntegerArray cacheLoads;
    private final TaskRecord[] records;
    private final Throwable[] failures;
    private final boolean[] foundCompleteAtRun;
    private final AtomicInteger unfinished = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong submissions = new AtomicLong();
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private volatile Object rootValue;

    BuildExecution(TaskGraph graph, boolean rerunRoot, int workerCount, GraphBuilder graphs, CacheStore store,
            RunLock runLock, TaskInfoWriter infoWriter, Duration waitTimeout, BuildListener listener) {
        this.graph = graph;
        this.rerunRoot = rerunRoot;
        this.graphs = graphs;
        this.store = store;
        this.runLock = runLock;
        this.infoWriter = infoWriter;
        this.waitTimeout = waitTimeout;
        this.listener = listener;
        int size = graph.nodes().size();
        this.states = new AtomicReferenceArray<>(size);
        this.waitingFor = new AtomicIntegerArray(size);
        this.cacheLoads = new AtomicIntegerArray(size);
        this.records = new TaskRecord[size];
        this.failures = new Throwable[size];
        this.foundCompleteAtRun = new boolean[size];
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS,
                new PriorityBlockingQueue<>(), threads("kart-worker-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("kart-timer-"));
    }

    /**
     * Runs the graph to the end.
     *
     * @param <T> the root's output type
     * @return the report
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    <T> BuildReport<T> run() throws InterruptedException {
        long start = System.nanoTime();
        List<TaskNode> ready = new ArrayList<>();
        for (TaskNode node : graph.nodes()) {
            if (node.complete()) {
                states.set(node.index(), TaskState.ALREADY_COMPLETE);
                continue;
            }
            states.set(node.index(), TaskState.PENDING);
            unfinished.incrementAndGet();
            int pendingDependencies = 0;
            for (TaskNode dependency : node.dependencies()) {
                if (!dependency.complete()) {
                    pendingDependencies++;
                }
            }
            waitingFor.set(node.index(), pendingDependencies);
            if (pendingDependencies == 0) {
                ready.add(node);
            }
        }
        listener.buildStarted(graph.nodes().size(), graph.completeCount());
        try {
            if (unfinished.get() == 0) {
                finished.countDown();
            }
            ready.forEach(node -> submit(node, false));
            finished.await();
        } finally {
            workers.shutdownNow();
            timer.shutdownNow();
        }
        return report(Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * @param node the task to attempt
     * @param comingBack whether it was attempted before (woken from parking, or retried): it then goes
     *     ahead of the tasks not started yet
     */
    private void submit(TaskNode node, boolean comingBack) {
        try {
            workers.execute(new QueuedAttempt(node, comingBack, submissions.getAndIncrement()));
        } catch (RejectedExecutionException e) {
            // the build was abandoned (interrupted); nothing more runs
        }
    }

    /** An attempt waiting for a worker: tasks coming back first, then in the order submitted. */
    private final class QueuedAttempt implements Runnable, Comparable<QueuedAttempt> {
        private final TaskNode node;
        private final boolean comingBack;
        private final long sequence;

        QueuedAttempt(TaskNode node, boolean comingBack, long sequence) {
            this.node = node;
            this.comingBack = comingBack;
            this.sequence = sequence;
        }

        @Override
        public void run() {
            attemptGuarded(node);
        }

        @Override
        public int compareTo(QueuedAttempt other) {
            if (comingBack != other.comingBack) {
                return comingBack ? -1 : 1;
            }
            return Long.compare(sequence, other.sequence);
        }
    }

    /**
     * Runs an attempt so that nothing escaping it (a linkage error, a failing listener) can leave
     * its task unfinished: the build would then wait for it forever.
     */
    private void attemptGuarded(TaskNode node) {
        try {
            attempt(node);
        } catch (Throwable unexpected) {
            TaskState state = states.get(node.index());
            if (!state.isFinal() && states.compareAndSet(node.index(), state, TaskState.FAILED)) {
                failures[node.index()] = unexpected;
                failDownstream(node, unexpected);
                ended(node);
            }
        }
    }

    private void attempt(TaskNode node) {
        int index = node.index();
        states.set(index, TaskState.RUNNING);
        TaskRecord record = records[index] == null ? (records[index] = new TaskRecord()) : records[index];
        boolean rerun = (node == graph.root() && rerunRoot) || node.settings().rerun();
        if (!rerun && graphs.isComplete(node)) {
            completeAtRun(node);
            return;
        }
        listener.taskStarted(ref(node));
        Lease runLease = null;
        TaskRunContext context = null;
        Object value = null;
        Throwable failure = null;
        record.attemptStarted();
        try {
            if (node.settings().lockRun()) {
                Optional<Lease> lease = takeRunLock(node, record);
                if (lease.isEmpty()) {
                    return;
                }
                runLease = lease.get();
                record.tookRunLease(runLease.fencingToken());
                if (!rerun && graphs.isComplete(node)) {
                    runLease.close();
                    completeAtRun(node);
                    return;
                }
            }
            Lease guard = runLease;
            context = new TaskRunContext(node, graph, store, record, () -> guard == null || guard.isHeld(),
                    loaded -> cacheLoads.incrementAndGet(loaded.index()));
            value = node.task().run(context);
            publish(node, value, context, guard, record);
        } catch (Throwable error) {
            failure = error;
        } finally {
            if (context != null) {
                context.close();
            }
            if (runLease != null) {
                runLease.close();
            }
        }
        // only now, with its run lease released: finishing the last task ends the build, and the
        // runtime may then close the lock backend at once (kart run does before it exits)
        record.attemptEnded(failure);
        if (failure != null) {
            failed(node, failure, record);
            return;
        }
        if (node == graph.root()) {
            rootValue = value;
        }
        finish(node, TaskState.DONE, record);
    }

    /** Takes the run lock per the task's collision policy; empty when the task was parked. */
    private Optional<Lease> takeRunLock(TaskNode node, TaskRecord record) throws InterruptedException {
        Optional<Lease> lease = runLock.tryAcquire(node.uniqueId());
        if (lease.isPresent()) {
            return lease;
        }
        record.collided();
        CollisionPolicy policy = node.settings().onCollision();
        switch (policy) {
            case FAIL -> throw new LockCollisionException(node.label() + ": another node holds its run lock"
                    + " (on-collision = fail); it will be retried per its retry settings");
            case WAIT -> {
                long waitStart = System.nanoTime();
                lease = runLock.acquire(node.uniqueId(), waitTimeout);
                record.waitedForLock(System.nanoTime() - waitStart);
                return Optional.of(lease.orElseThrow(() -> new LockCollisionException(node.label()
                        + ": waited " + waitTimeout + " for its run lock (kart.lock.wait-timeout) and another node"
                        + " still holds it")));
            }
            case DEFER -> {
                states.set(node.index(), TaskState.PARKED);
                long parkedAt = System.nanoTime();
                runLock.whenFree(node.uniqueId()).whenComplete((ignored, error) -> {
                    record.waitedForLock(System.nanoTime() - parkedAt);
                    submit(node, true);
                });
                return Optional.empty();
            }
            default -> throw new IllegalStateException("unknown collision policy " + policy);
        }
    }

    private void publish(TaskNode node, Object value, TaskRunContext context, Lease runLease, TaskRecord record) {
        Optional<CacheTarget> main = node.mainOutput();
        if (main.isPresent()) {
            if (value == null) {
                throw new IllegalStateException(node.label() + ": run() returned null; return a "
                        + node.type().outputType().getTypeName() + ", or declare Task<Void> with named outputs");
            }
        }
        if (!context.dumpedAllNamedOutputs()) {
            List<String> missing = node.namedOutputs().keySet().stream()
                    .filter(output -> !store.exists(node.namedOutputs().get(output)))
                    .map(output -> output.name()).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException(node.label() + ": run() ended without dumping its named outputs "
                        + missing);
            }
        }
        if (main.isPresent()) {
            Publication publication = store.dump(main.get(), value, () -> runLease == null || runLease.isHeld());
            record.published(publication);
        }
    }

    private void completeAtRun(TaskNode node) {
        foundCompleteAtRun[node.index()] = true;
        TaskRecord record = records[node.index()];
        if (record != null && record.collisions() > 0 && infoWriter.enabled()) {
            // another node ran it while this one waited: say so, in a file of this node's own
            infoWriter.writeObservation(node, record.toInfo(TaskInfoWriter.base(node, graph::uniqueId),
                    TaskState.ALREADY_COMPLETE.name(), node.settings().lockRun(),
                    node.settings().onCollision().name().toLowerCase(Locale.ROOT)));
        }
        finish(node, TaskState.ALREADY_COMPLETE, null);
    }

    private void failed(TaskNode node, Throwable error, TaskRecord record) {
        int index = node.index();
        failures[index] = error;
        if (record.attempts() <= node.settings().retryCount()) {
            states.set(index, TaskState.RETRY_WAIT);
            if (!(error instanceof LockCollisionException)) {
                // After a collision another node is running the task and writes its info file (the
                // same file, in a shared workspace): a RETRY_WAIT record from here could land after
                // that node's DONE record and hide it. The collision shows in this node's record if
                // it ends up running the task, or failing it for good.
                writeInfo(node, record, TaskState.RETRY_WAIT);
            }
            listener.taskRetrying(ref(node));
            try {
                timer.schedule(() -> submit(node, true), node.settings().retryDelay().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the build was abandoned (interrupted); nothing more runs
            }
            return;
        }
        finish(node, TaskState.FAILED, record);
        failDownstream(node, error);
    }

    private void failDownstream(TaskNode node, Throwable error) {
        Deque<TaskNode> downstream = new ArrayDeque<>(node.dependents());
        while (!downstream.isEmpty()) {
            TaskNode dependent = downstream.pop();
            if (states.compareAndSet(dependent.index(), TaskState.PENDING, TaskState.UPSTREAM_FAILED)) {
                failures[dependent.index()] = error;
                downstream.addAll(dependent.dependents());
                ended(dependent);
            }
        }
    }

    private void finish(TaskNode node, TaskState state, TaskRecord record) {
        states.set(node.index(), state);
        if (record != null) {
            writeInfo(node, record, state);
        }
        if (state != TaskState.FAILED) {
            failures[node.index()] = null;
            for (TaskNode dependent : node.dependents()) {
                if (waitingFor.decrementAndGet(dependent.index()) == 0
                        && states.get(dependent.index()) == TaskState.PENDING) {
                    submit(dependent, false);
                }
            }
        }
        ended(node);
    }

    private void ended(TaskNode node) {
        try {
            listener.taskFinished(outcome(node));
        } catch (RuntimeException e) {
            LOG.warn("build listener failed on {}: {}", node.label(), e.toString());
        }
        if (unfinished.decrementAndGet() == 0) {
            finished.countDown();
        }
    }

    private void writeInfo(TaskNode node, TaskRecord record, TaskState state) {
        if (!infoWriter.enabled()) {
            return;
        }
        infoWriter.write(node, record.toInfo(TaskInfoWriter.base(node, graph::uniqueId), state.name(), node.settings().lockRun(),
                node.settings().onCollision().name().toLowerCase(Locale.ROOT)));
    }

    private TaskOutcome outcome(TaskNode node) {
        int index = node.index();
        TaskRecord record = records[index];
        TaskState state = states.get(index);
        return new TaskOutcome(node.task(), node.uniqueId(), node.label(), state,
                record == null ? 0 : record.attempts(), Optional.ofNullable(failures[index]), foundCompleteAtRun[index],
                cacheLoads.get(index), lockActivity(node, state, record));
    }

    private static LockActivity lockActivity(TaskNode node, TaskState state, TaskRecord record) {
        boolean ranHere = state == TaskState.DONE;
        return new LockActivity(node.settings().lockRun(), node.settings().onCollision(),
                record == null ? 0 : record.collisions(), Duration.ofNanos(record == null ? 0 : record.lockWaitNanos()),
                record == null ? List.of() : record.runFencingTokens(),
                record == null ? List.of() : record.publications().stream().map(p -> p.fencingToken()).toList(),
                ranHere ? Optional.of(ProcessIdentity.current().toString()) : Optional.empty());
    }

    private static TaskRef ref(TaskNode node) {
        return new TaskRef(node.task(), node.uniqueId(), node.label());
    }

    @SuppressWarnings("unchecked")
    private <T> BuildReport<T> report(Duration elapsed) {
        List<TaskOutcome> outcomes = new ArrayList<>(graph.nodes().size());
        for (TaskNode node : graph.nodes()) {
            outcomes.add(outcome(node));
        }
        BuildReport<T> draft = new BuildReport<>((Task<T>) graph.root().task(), outcomes, Optional.empty(), elapsed);
        if (!draft.succeeded() || !graph.root().mainOutput().isPresent()) {
            return draft;
        }
        Object value = rootValue;
        if (value == null) {
            value = store.load(graph.root().mainOutput().get());
            cacheLoads.incrementAndGet(graph.root().index());
            outcomes.set(outcomes.size() - 1, outcome(graph.root()));
        }
        return new BuildReport<>(draft.root(), outcomes, Optional.of((T) value), elapsed);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
