package dev.kart.core.internal.schedule;

import dev.kart.core.TaskState;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.FinishedRecord;
import dev.kart.core.internal.info.TaskInfoRecorder;
import dev.kart.core.internal.info.TaskRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where every task of one build stands: its state, how many of its dependencies it still waits
 * for, its record, its failure, how often its outputs were read; and when the last task ends.
 * It decides which tasks become ready when one finishes and which are not run when one fails for
 * good. Thread-safe: a task's record and failure are written only by the worker attempting it.
 */
final class BuildProgress {
    private final TaskGraph graph;
    private final AtomicReferenceArray<TaskState> states;
    private final AtomicIntegerArray waitingFor;
    private final AtomicIntegerArray cacheLoads;
    /** A task's {@link TaskRecord} while it is attempted, its {@link FinishedRecord} once it ended. */
    private final Object[] records;
    private final Throwable[] failures;
    private final boolean[] foundCompleteAtRun;
    private final TaskInfoRecorder taskInfo;
    private volatile String lastRanBy;
    private final AtomicInteger unfinished = new AtomicInteger();
    private final CountDownLatch allEnded = new CountDownLatch(1);

    /**
     * @param graph the build's graph
     * @param taskInfo where tasks' info files are
     */
    BuildProgress(TaskGraph graph, TaskInfoRecorder taskInfo) {
        this.graph = graph;
        this.taskInfo = taskInfo;
        int size = graph.nodes().size();
        this.states = new AtomicReferenceArray<>(size);
        this.waitingFor = new AtomicIntegerArray(size);
        this.cacheLoads = new AtomicIntegerArray(size);
        this.records = new Object[size];
        this.failures = new Throwable[size];
        this.foundCompleteAtRun = new boolean[size];
    }

    /** @return the tasks ready to run now: not complete, with every dependency complete */
    List<TaskNode> start() {
        List<TaskNode> ready = new ArrayList<>();
        for (TaskNode node : graph.nodes()) {
            if (node.complete()) {
                states.set(node.index(), TaskState.ALREADY_COMPLETE);
                continue;
            }
            states.set(node.index(), TaskState.PENDING);
            unfinished.incrementAndGet();
            int pending = 0;
            for (TaskNode dependency : node.dependencies()) {
                if (!dependency.complete()) {
                    pending++;
                }
            }
            waitingFor.set(node.index(), pending);
            if (pending == 0) {
                ready.add(node);
            }
        }
        if (unfinished.get() == 0) {
            allEnded.countDown();
        }
        return ready;
    }

    TaskGraph graph() {
        return graph;
    }

    TaskState state(TaskNode node) {
        return states.get(node.index());
    }

    /** @param node a task whose attempt starts, is parked or waits for its retry */
    void moveTo(TaskNode node, TaskState state) {
        states.set(node.index(), state);
    }

    /**
     * @return the task's record, made at its first attempt; for a task that ended already (an attempt
     *     given up on after the interrupted build ended it), a record of its own that nothing reads
     */
    TaskRecord record(TaskNode node) {
        Object record = records[node.index()];
        if (record instanceof TaskRecord attempted) {
            return attempted;
        }
        TaskRecord made = new TaskRecord();
        if (record == null) {
            records[node.index()] = made;
        }
        return made;
    }

    /** @return what the report needs of the task's record, as of now, if it was attempted */
    Optional<FinishedRecord> existingRecord(TaskNode node) {
        Object record = records[node.index()];
        if (record instanceof TaskRecord attempted) {
            return Optional.of(attempted.finished(this::oneOf));
        }
        return Optional.ofNullable((FinishedRecord) record);
    }

    /**
     * @return the workspace-relative path of the task info file of the task's latest record in this build, if
     *     one was written
     */
    Optional<String> infoFile(TaskNode node, FinishedRecord record) {
        return record.infoFile(() -> taskInfo.taskInfoFile(node));
    }

    /** @return where the task info files are */
    TaskInfoRecorder taskInfo() {
        return taskInfo;
    }

    /** The same instance for the same node name: every task this node ran names it. */
    private String oneOf(String ranBy) {
        String seen = lastRanBy;
        if (ranBy.equals(seen)) {
            return seen;
        }
        lastRanBy = ranBy;
        return ranBy;
    }

    /** @param node a task whose output was read from the workspace */
    void countLoad(TaskNode node) {
        cacheLoads.incrementAndGet(node.index());
    }

    int cacheLoads(TaskNode node) {
        return cacheLoads.get(node.index());
    }

    /** @param error the error of the task's latest failed attempt; it will be retried */
    void failedAttempt(TaskNode node, Throwable error) {
        failures[node.index()] = error;
    }

    Optional<Throwable> failure(TaskNode node) {
        return Optional.ofNullable(failures[node.index()]);
    }

    boolean foundCompleteAtRun(TaskNode node) {
        return foundCompleteAtRun[node.index()];
    }

    /**
     * @param node a task that ran or was complete
     * @param state {@link TaskState#DONE} or {@link TaskState#ALREADY_COMPLETE}
     * @param atRun whether it was found complete only when its turn came
     * @return its dependents that became ready to run
     */
    List<TaskNode> succeeded(TaskNode node, TaskState state, boolean atRun) {
        states.set(node.index(), state);
        failures[node.index()] = null;
        foundCompleteAtRun[node.index()] = atRun;
        List<TaskNode> ready = new ArrayList<>(1);
        for (TaskNode dependent : node.dependents()) {
            if (waitingFor.decrementAndGet(dependent.index()) == 0 && states.get(dependent.index()) == TaskState.PENDING) {
                ready.add(dependent);
            }
        }
        return ready;
    }

    /**
     * @param node a task that failed for good
     * @param error its last error
     * @return the tasks downstream of it, now not run ({@link TaskState#UPSTREAM_FAILED})
     */
    List<TaskNode> failedForGood(TaskNode node, Throwable error) {
        states.set(node.index(), TaskState.FAILED);
        failures[node.index()] = error;
        return notRunBelow(node, error);
    }

    /**
     * Fails a task whose attempt threw something the attempt could not handle, unless it already
     * reached a final state.
     *
     * @return the tasks downstream of it, now not run; empty when it was final already
     */
    Optional<List<TaskNode>> failedUnexpectedly(TaskNode node, Throwable error) {
        TaskState state = states.get(node.index());
        if (state.isFinal() || !states.compareAndSet(node.index(), state, TaskState.FAILED)) {
            return Optional.empty();
        }
        failures[node.index()] = error;
        return Optional.of(notRunBelow(node, error));
    }

    private List<TaskNode> notRunBelow(TaskNode node, Throwable error) {
        List<TaskNode> notRun = new ArrayList<>();
        Deque<TaskNode> downstream = new ArrayDeque<>(node.dependents());
        while (!downstream.isEmpty()) {
            TaskNode dependent = downstream.pop();
            if (states.compareAndSet(dependent.index(), TaskState.PENDING, TaskState.UPSTREAM_FAILED)) {
                failures[dependent.index()] = error;
                downstream.addAll(dependent.dependents());
                notRun.add(dependent);
            }
        }
        return notRun;
    }

    /**
     * @param node a task stopped while it ran because the build was interrupted
     * @param error what stopped it
     * @return false when it was recorded as interrupted before: by the build giving up on a
     *     {@code run()} that did not stop within the grace, which has then ended too
     */
    boolean interrupted(TaskNode node, Throwable error) {
        TaskState before = states.getAndSet(node.index(), TaskState.INTERRUPTED);
        if (before == TaskState.INTERRUPTED) {
            return false;
        }
        failures[node.index()] = error;
        return true;
    }

    /** Ends the wait for the build's end: the build was interrupted and its remaining tasks will not run. */
    void abandon() {
        allEnded.countDown();
    }

    /**
     * Keeps of the task's record only what the report needs: its task info is written by now.
     *
     * @param node a task that reached its final state; the last one ends the build
     */
    void ended(TaskNode node) {
        try {
            if (records[node.index()] instanceof TaskRecord attempted) {
                FinishedRecord finished = attempted.finished(this::oneOf);
                // the own info file's path is made only for a task whose record was written
                records[node.index()] = finished.keepsPath() ? finished.keepingPathOnlyIfNot(taskInfo.taskInfoFile(node))
                        : finished;
            }
        } finally {
            // whatever happens above, the task has ended: a build waiting for it would never end
            if (unfinished.decrementAndGet() == 0) {
                allEnded.countDown();
            }
        }
    }

    /** @throws InterruptedException when interrupted before every task reached its final state */
    void awaitEnd() throws InterruptedException {
        allEnded.await();
    }

    /** @return whether every task is done or complete: none failed, was left unrun or was interrupted */
    boolean succeeded() {
        for (int i = 0; i < states.length(); i++) {
            TaskState state = states.get(i);
            if (state != TaskState.DONE && state != TaskState.ALREADY_COMPLETE) {
                return false;
            }
        }
        return true;
    }
}
