package dev.kart.core.internal.schedule;

import dev.kart.core.TaskState;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskInfoRecorder;
import dev.kart.core.internal.info.TaskRecord;
import dev.kart.lock.Lease;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One attempt of one task: its run lock when it takes one (and completeness checked again under
 * it), {@code run()} with its context, the check of what it returned, the publish of its main
 * output under the run lease, and, for an attempt that succeeded, its task info, written before the
 * run lease is released so that a node that waited for the lease finds who ran the task. Its leases
 * are released before it returns. Thread-safe; an attempt runs on one worker.
 */
final class TaskAttempt {
    private final CacheStore store;
    private final RunLockGate runLocks;
    private final RunResultCheck results;
    private final TaskInfoRecorder info;

    @Inject
    TaskAttempt(CacheStore store, RunLockGate runLocks, RunResultCheck results, TaskInfoRecorder info) {
        this.store = store;
        this.runLocks = runLocks;
        this.results = results;
        this.info = info;
    }

    /** How an attempt ended. */
    sealed interface Outcome permits Ran, FoundComplete, Parked, Failed {
    }

    /** @param value what {@code run()} returned; its outputs are published and its task info written */
    record Ran(Object value) implements Outcome {
    }

    /** Its outputs existed when it got its run lock: another node ran it. */
    record FoundComplete() implements Outcome {
    }

    /** @param whenFree when to come back: another node holds its run lock and its policy is {@code defer} */
    record Parked(CompletionStage<Void> whenFree) implements Outcome {
    }

    /** @param error why it failed; the attempt counts */
    record Failed(Throwable error) implements Outcome {
    }

    /**
     * @param node a task
     * @return whether all of its outputs exist
     */
    boolean complete(TaskNode node) {
        return store.allExist(node.outputs());
    }

    /**
     * @param node the task, found not complete (or to be run again)
     * @param rerun whether it runs even when complete
     * @param graph its build's graph, for loading dependencies
     * @param record its record
     * @param loads told of every read of a dependency's output
     * @return how the attempt ended
     */
    Outcome run(TaskNode node, boolean rerun, TaskGraph graph, TaskRecord record, Consumer<TaskNode> loads) {
        record.attemptStarted();
        Optional<Lease> runLease = Optional.empty();
        TaskRunContext context = null;
        Throwable failure = null;
        try {
            if (node.settings().lockRun()) {
                RunLockGate.Admission admission = runLocks.enter(node, record);
                if (admission instanceof RunLockGate.Parked parked) {
                    return new Parked(parked.whenFree());
                }
                runLease = Optional.of(((RunLockGate.Granted) admission).lease());
                if (!rerun && complete(node)) {
                    return new FoundComplete();
                }
            }
            context = new TaskRunContext(node, graph, store, record, runLease, loads);
            Object value = node.task().run(context);
            results.check(node, value, context.dumped());
            Optional<CacheTarget> main = node.mainOutput();
            if (main.isPresent()) {
                record.published(store.dump(main.get(), value, runLease));
            }
            record.attemptEnded(null);
            info.settled(node, graph, record, TaskState.DONE);
            return new Ran(value);
        } catch (Throwable error) {
            failure = error;
        } finally {
            if (context != null) {
                context.close();
            }
            runLease.ifPresent(Lease::close);
        }
        record.attemptEnded(failure);
        return new Failed(failure);
    }
}
