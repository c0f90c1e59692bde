package dev.kart.core;

/**
 * Follows a build as it goes, for progress displays. Called from worker threads (and, for run-lock
 * waits, other threads of the runtime); implementations must be thread-safe and quick. An exception
 * a listener throws is logged and otherwise ignored.
 */
public interface BuildListener {
    /** A listener that ignores everything. */
    BuildListener NONE = new BuildListener() {
    };

    /**
     * The graph is built and the first tasks are about to run.
     *
     * @param taskCount how many tasks the build has, complete ones included
     * @param completeCount how many of them were complete already
     */
    default void buildStarted(int taskCount, int completeCount) {
    }

    /** @param task a task whose attempt starts */
    default void taskStarted(TaskRef task) {
    }

    /** @param task a task that failed an attempt and will be retried after its retry delay */
    default void taskRetrying(TaskRef task) {
    }

    /**
     * A task failed an attempt and will be retried after its retry delay: which attempt failed, why,
     * and when the next one starts. The build calls this one; by default it calls
     * {@link #taskRetrying(TaskRef)}, so a listener overrides either.
     *
     * @param wait the task, its failed attempt and its retry delay
     */
    default void taskRetrying(RetryWait wait) {
        taskRetrying(wait.task());
    }

    /**
     * A task reached its final state; or, once an interrupted build stopped, the build will not run
     * it. Such a task's outcome has a state that is not {@link TaskState#isFinal() final} (it was
     * pending, waiting to retry or parked), and the build's summary counts it as not run because the
     * build was interrupted. Called once per task.
     *
     * @param outcome the task's outcome
     */
    default void taskFinished(TaskOutcome outcome) {
    }

    /**
     * A task found its run lock held by another node and waits for it: blocking its worker
     * ({@code kart.lock.on-collision = wait}) or parked off the workers ({@code defer}); with
     * {@code fail} there is no wait. Called once the holder was looked up, on a thread of the JVM's
     * common pool right after the wait starts (so the task's worker goes on at once), and again while
     * the wait lasts whenever a new look (every 5 s; half a second after a first look that found a holder not known yet, fencing
     * token 0) finds another holder or a lease renewed since;
     * {@link #runLockWaitEnded} follows once. A wait that is over before that first look (the holder
     * released meanwhile) is told of not at all, nor its end. The holder is looked up only for a
     * listener other than {@link #NONE} (or when the logger {@code dev.kart.tasks} is at DEBUG, which
     * logs each wait), and only once the lock was found held.
     *
     * @param wait the task, its policy, since when it waits, and who holds the lock
     */
    default void taskWaitingForRunLock(RunLockWait wait) {
    }

    /**
     * The wait {@link #taskWaitingForRunLock} announced is over: a waiting task got its run lock, or
     * gave up after {@code kart.lock.wait-timeout}; a parked task's lock looks free and the task goes
     * back to the workers (it then {@linkplain #taskStarted starts}, or finishes at once when the
     * holder made its outputs); or a waiting task was interrupted with its build (a parked task's wait
     * that its build's interrupt cuts short is told to {@link #runLockWaitStopped} instead).
     *
     * @param task the task
     */
    default void runLockWaitEnded(TaskRef task) {
    }

    /**
     * As {@link #runLockWaitEnded(TaskRef)}, which it calls by default, and whether the task holds
     * its run lock now: true for a waiting task that got it; false for a wait that gave up or was
     * interrupted, and for a parked task, whose lock looks free (it tries to take it back on a worker).
     * The runtime calls this one; override it to tell the two apart.
     *
     * @param task the task
     * @param lockTaken whether the task holds its run lock now
     */
    default void runLockWaitEnded(TaskRef task, boolean lockTaken) {
        runLockWaitEnded(task);
    }

    /**
     * The build was interrupted while a parked task ({@code kart.lock.on-collision = defer}) waited
     * for its run lock: the task stopped waiting, without the lock, which the other node may hold
     * still. Called once instead of {@link #runLockWaitEnded(TaskRef, boolean)}, which it calls by
     * default with {@code lockTaken} false.
     *
     * @param task the task
     */
    default void runLockWaitStopped(TaskRef task) {
        runLockWaitEnded(task, false);
    }
}
