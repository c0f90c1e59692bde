package dev.kart.cli.progress;

import dev.kart.core.RetryWait;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskRef;
import dev.kart.core.TaskState;
import dev.kart.task.CollisionPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a build's tasks stand, as its listener events tell it: how many are complete, failed, were not
 * run or were interrupted (counted as the summary counts them), which run now, in the order they
 * started, which wait for their run lock, blocking a worker or deferred, and which wait to be retried.
 * A task is in at most one of running, waiting, deferred and retrying, so no more run than there are
 * workers. Thread-safe.
 */
final class BuildTally {
    private final Map<String, TaskRef> running = new LinkedHashMap<>();
    private final Map<String, RunLockWait> waiting = new LinkedHashMap<>();
    private final Map<String, RunLockWait> deferred = new LinkedHashMap<>();
    private final Map<String, RetryWait> retrying = new LinkedHashMap<>();
    private int total;
    private int complete;
    private int failed;
    private int notRun;
    private int interrupted;
    private boolean stopping;
    private long version;

    /**
     * What the view shows at one moment. Immutable.
     *
     * @param total the build's tasks, complete ones included
     * @param complete those complete before the build, run in it, or found complete when their turn came:
     *     failed, not run and interrupted tasks are not among them, so it reaches {@code total} only when
     *     the whole build is complete
     * @param failed those that failed on every attempt
     * @param notRun those not run because a task they depend on failed or because the build was
     *     interrupted, both as the summary counts them
     * @param interrupted those stopped by an interrupt of the build
     * @param running the tasks running now, oldest first
     * @param waiting the tasks blocked on a worker until their run lock is free, longest waiting first
     * @param deferred the tasks parked off the workers until their run lock is free, longest first
     * @param retrying the tasks whose attempt failed, waiting for their retry delay, in the order they failed
     * @param stopping whether the build was asked to stop (Ctrl-C): the tasks running now are being stopped
     */
    record Snapshot(int total, int complete, int failed, int notRun, int interrupted, List<TaskRef> running,
            List<RunLockWait> waiting, List<RunLockWait> deferred, List<RetryWait> retrying, boolean stopping) {
        /** Copies the lists. */
        Snapshot {
            running = List.copyOf(running);
            waiting = List.copyOf(waiting);
            deferred = List.copyOf(deferred);
            retrying = List.copyOf(retrying);
        }
    }

    synchronized void started(int taskCount, int completeCount) {
        total = taskCount;
        complete = completeCount;
        version++;
    }

    synchronized void taskStarted(TaskRef task) {
        retrying.remove(task.uniqueId());
        running.put(task.uniqueId(), task);
        version++;
    }

    synchronized void taskRetrying(RetryWait wait) {
        forget(wait.task().uniqueId());
        retrying.put(wait.task().uniqueId(), wait);
        version++;
    }

    synchronized void taskFinished(TaskOutcome outcome) {
        forget(outcome.uniqueId());
        if (outcome.state() == TaskState.DONE || outcome.state() == TaskState.ALREADY_COMPLETE) {
            complete++;
        } else if (outcome.state() == TaskState.FAILED) {
            failed++;
        } else if (outcome.state() == TaskState.UPSTREAM_FAILED || !outcome.state().isFinal()) {
            // not run because a task it depends on failed, or because the build was interrupted
            notRun++;
        } else if (outcome.state() == TaskState.INTERRUPTED) {
            interrupted++;
        }
        version++;
    }

    /** The build was asked to stop: what runs from now on is being stopped. */
    synchronized void stopAsked() {
        stopping = true;
        version++;
    }

    /** Also a look again at the same wait: its holder replaces the one shown, and it keeps its place. */
    synchronized void waitingForRunLock(RunLockWait wait) {
        String id = wait.task().uniqueId();
        running.remove(id);
        (wait.policy() == CollisionPolicy.DEFER ? deferred : waiting).put(id, wait);
        version++;
    }

    synchronized void runLockWaitEnded(TaskRef task) {
        String id = task.uniqueId();
        // a waiting task that got its lock runs on; a deferred one goes back to the workers' queue
        if (waiting.remove(id) != null) {
            running.put(id, task);
        }
        deferred.remove(id);
        version++;
    }

    /** @return a number that changes whenever what the view shows changes */
    synchronized long version() {
        return version;
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(total, complete, failed, notRun, interrupted, List.copyOf(running.values()),
                List.copyOf(waiting.values()), List.copyOf(deferred.values()), List.copyOf(retrying.values()), stopping);
    }

    private void forget(String id) {
        running.remove(id);
        waiting.remove(id);
        deferred.remove(id);
        retrying.remove(id);
    }
}
