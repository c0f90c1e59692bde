package dev.kart.core.internal.schedule;

import dev.kart.TaskTimeoutException;
import dev.kart.core.TaskState;
import dev.kart.storage.PublishMode;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.config.TaskTimeout;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskInfoRecorder;
import dev.kart.core.internal.info.TaskRecord;
import dev.kart.core.internal.lock.LockBackendHandle;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseLostException;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One attempt of one task: its run lock when it takes one (and completeness checked again under
 * it), {@code run()} with its context, the check of what it returned, the publish of its outputs
 * (named, then main) under the run lease, and, for an attempt that succeeded, its task info, written before the
 * run lease is released so that a node that waited for the lease finds who ran the task. Its leases
 * are released before it returns. Thread-safe; an attempt runs on one worker.
 */
final class TaskAttempt {
    private final CacheStore store;
    private final RunLockGate runLocks;
    private final RunResultCheck results;
    private final TaskInfoRecorder info;
    private final AttemptWatchdog watchdog;
    private final PublishPreparation preparation;
    private final long recheckAfterNanos;
    /** Asked only when a lease ran out before run(): for the TTL's setting, as the user wrote it. */
    private final Provider<LockBackendHandle> locks;

    @Inject
    TaskAttempt(CacheStore store, RunLockGate runLocks, RunResultCheck results, TaskInfoRecorder info,
            AttemptWatchdog watchdog, PublishPreparation preparation, KartSettings settings,
            Provider<LockBackendHandle> locks) {
        this.locks = locks;
        this.store = store;
        this.runLocks = runLocks;
        this.results = results;
        this.info = info;
        this.watchdog = watchdog;
        this.preparation = preparation;
        this.recheckAfterNanos = settings.completeRecheckAfter().toNanos();
    }

    /** How an attempt ended. */
    sealed interface Outcome permits Ran, FoundComplete, Parked, Failed {
    }

    /** @param value what {@code run()} returned; its outputs are published and its task info written */
    record Ran(Object value) implements Outcome {
    }

    /**
     * Its outputs existed when it got its run lock (another node ran it), or every one of them when
     * it came to publish (this node ran it too, and another published first). The record tells the
     * two apart: only the second ended its attempt, as {@code DONE}, which the report shows as
     * {@link dev.kart.core.TaskOutcome#discardedAfterRun}.
     */
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
     * Whether a task the graph walk found not complete is complete by now, asked right before its
     * attempt: another node may have built it meanwhile. While the walk's answer is younger than
     * {@code kart.complete-recheck-after} it stands and the workspace is not asked (on an object
     * store, a round trip per task), unless the build met another node building its tasks and the
     * workspace is a file system; a task run anyway keeps another node's published outputs.
     *
     * @param node a task found not complete by the walk of {@code graph}
     * @param graph its build's graph
     * @param metAnotherNode whether the build met another node building its tasks: the walk's answers may be stale,
     *     and on a file system workspace a {@code stat} here spares a task built elsewhere its run lock's round trips,
     *     or its run when it has no run lock (on an object store each check is a HEAD, and
     *     {@code kart.complete-recheck-after} alone decides when to pay it)
     * @return whether it was asked and all of its outputs exist
     * @throws dev.kart.CacheReadException when the workspace could not be asked
     */
    boolean completeBeforeAttempt(TaskNode node, TaskGraph graph, boolean metAnotherNode) {
        if (graph.walkAgeNanos() < recheckAfterNanos && !(metAnotherNode && store.checksLocally())) {
            return false;
        }
        return complete(node);
    }

    /**
     * @param node the task, found not complete (or to be run again)
     * @param rerun whether it runs even when complete: its outputs then replace existing files,
     *     which a normal run keeps
     * @param graph its build's graph, for loading dependencies
     * @param record its record
     * @param loads told of every read of a dependency's output
     * @param buildInterrupted whether its build was interrupted: a {@code run()} that returns after
     *     that publishes nothing, and the attempt fails with an {@link InterruptedException}
     * @param waits where the build hears of a wait for its run lock
     * @return how the attempt ended
     */
    Outcome run(TaskNode node, boolean rerun, TaskGraph graph, TaskRecord record, Consumer<TaskNode> loads,
            BooleanSupplier buildInterrupted, RunLockWaits waits) {
        record.attemptStarted();
        Optional<Lease> runLease = Optional.empty();
        TaskRunContext context = null;
        Throwable failure = null;
        try {
            if (node.settings().lockRun()) {
                RunLockGate.Admission admission = runLocks.enter(node, record, waits);
                if (admission instanceof RunLockGate.Parked parked) {
                    return new Parked(parked.whenFree());
                }
                runLease = Optional.of(((RunLockGate.Granted) admission).lease());
                if (!rerun && complete(node)) {
                    return new FoundComplete();
                }
                requireHeldBeforeRun(node, runLease.get());
            }
            store.checkWritable(node.outputs());
            context = new TaskRunContext(node, graph, store, record, runLease, loads);
            preparation.beforeRun(node);
            Object value = runWatched(node, context, runLease);
            if (buildInterrupted.getAsBoolean()) {
                throw new InterruptedException(node.label() + ": the build was interrupted while run() worked; run()"
                        + " returned, but what it returned was not published");
            }
            results.check(node, value, context.dumped());
            PublishMode mode = rerun ? PublishMode.REPLACE : PublishMode.ONCE;
            if (context.publishOutputs(value, mode)) {
                // Another node published every output first (a lease that ran out, or no run lock):
                // its files and its task record stand, and this run's value is not the output. The
                // attempt ends DONE all the same: it ran, which the report says (discardedAfterRun).
                record.attemptEnded(null);
                return new FoundComplete();
            }
            record.attemptEnded(null);
            info.outputsPublished(node, rerun);
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
        if (buildInterrupted.getAsBoolean()) {
            record.attemptInterrupted(failure);
        } else {
            failure = Retries.sayWhatNext(node, record, failure);
            record.attemptEnded(failure);
        }
        return new Failed(failure);
    }

    /**
     * A lease granted after a long wait for Redis (a freeze, a slow network), or under a TTL of a few
     * milliseconds, can be over already: work done under it would be thrown away at publish, and
     * another node may be running the task.
     */
    private void requireHeldBeforeRun(TaskNode node, Lease runLease) {
        if (!runLease.isHeld()) {
            throw new LeaseLostException(node.label() + ": its run lease " + runLease.key() + " (fencing token "
                    + runLease.fencingToken() + ") ran out before run() could start (the lock server answered"
                    + " late, or the lease TTL, " + locks.get().lease().ttlSetting() + ", is too short to take the"
                    + " lock and start run()); run() did not start");
        }
    }

    /**
     * Runs {@code run()} under the watchdog: interrupted when its run lease is lost or its task
     * timeout passes. The attempt then fails with an error saying which, whether {@code run()} threw
     * or returned anyway (a task that ignores interrupts): what it returned is not published.
     */
    private Object runWatched(TaskNode node, TaskRunContext context, Optional<Lease> runLease) throws Exception {
        Optional<TaskTimeout> timeout = node.settings().taskTimeout();
        Optional<AttemptWatchdog.Watch> watch = watchdog.watch(runLease, timeout.map(TaskTimeout::limit));
        Object value;
        try {
            value = node.task().run(context);
        } catch (Exception | Error thrown) {
            Optional<AttemptWatchdog.Stop> stop = watch.flatMap(AttemptWatchdog.Watch::stopped);
            if (stop.isPresent()) {
                throw stopped(node, stop.get(), timeout, thrown);
            }
            throw thrown;
        } finally {
            watch.ifPresent(AttemptWatchdog.Watch::close);
        }
        Optional<AttemptWatchdog.Stop> stop = watch.flatMap(AttemptWatchdog.Watch::stopped);
        if (stop.isPresent()) {
            throw stopped(node, stop.get(), timeout, null);
        }
        return value;
    }

    /** @param thrown what {@code run()} threw once interrupted; null when it returned */
    private static RuntimeException stopped(TaskNode node, AttemptWatchdog.Stop stop, Optional<TaskTimeout> timeout,
            Throwable thrown) {
        if (stop instanceof AttemptWatchdog.LeaseLost lost) {
            String why = lost.lease().lossReason().orElse("renewal failed, or the lock server lost it");
            return new LeaseLostException(node.label() + ": run lease lost: " + lost.lease().key() + " (fencing token "
                    + lost.lease().fencingToken() + ") was no longer held while run() worked (" + why + "); run() was"
                    + " interrupted and nothing of this attempt was published", thrown);
        }
        TaskTimeout limit = timeout.orElseThrow();
        return new TaskTimeoutException(node.label(), limit.limit(), limit.setting().key(), limit.setting().text(), thrown);
    }
}
