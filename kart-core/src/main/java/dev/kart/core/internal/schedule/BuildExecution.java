package dev.kart.core.internal.schedule;

import dev.kart.CacheReadException;
import dev.kart.core.BuildListener;
import dev.kart.core.RetryWait;
import dev.kart.core.TaskRef;
import dev.kart.core.TaskState;
import dev.kart.core.internal.config.DurationSetting;
import dev.kart.core.internal.failure.RetryLine;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskInfoRecorder;
import dev.kart.core.internal.info.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one build's graph on a {@link WorkerPool}: each task as soon as its dependencies are done,
 * then what its attempt's outcome calls for: its dependents released, a retry after its delay, a
 * parked task brought back when its run lock is free, or its dependents marked not run when it
 * failed for good. Other tasks keep going meanwhile. One instance per build.
 */
final class BuildExecution {
    private static final Logger LOG = LoggerFactory.getLogger(BuildExecution.class);
    /** The failed attempts that will be retried, one line each; the whole stack trace is in the task info. */
    private static final Logger RETRIES = LoggerFactory.getLogger("dev.kart.retry");

    private final BuildProgress progress;
    private final TaskGraph graph;
    private final WorkerPool pool;
    private final TaskAttempt attempts;
    private final TaskInfoRecorder info;
    private final BuildListener listener;
    private final RunLockWaits lockWaits;
    private final Map<TaskNode, Thread> runningOn = new ConcurrentHashMap<>();
    private volatile Object rootValue;
    private volatile boolean interrupted;
    /**
     * Whether this build met another node building its tasks: a run lock held by another node, or a task complete
     * once it held its run lock or came to publish. From then on the walk's answers may be stale however young
     * ({@code kart.complete-recheck-after}), and on a file system workspace each task is asked again right before its
     * attempt ({@link TaskAttempt#completeBeforeAttempt}).
     */
    private volatile boolean metAnotherNode;

    BuildExecution(BuildProgress progress, WorkerPool pool, TaskAttempt attempts,
            TaskInfoRecorder info, BuildListener listener) {
        this.progress = progress;
        this.graph = progress.graph();
        this.pool = pool;
        this.attempts = attempts;
        this.info = info;
        this.listener = listener;
        this.lockWaits = new RunLockWaits(listener, pool);
    }

    /**
     * Runs the graph until every task reached its final state, or until the build is interrupted.
     *
     * @return the root's output, when the root ran in this build
     * @throws InterruptedException when the calling thread is interrupted while waiting; the caller
     *     then {@linkplain #interrupt() interrupts} the build
     */
    Optional<Object> run() throws InterruptedException {
        List<TaskNode> ready = progress.start();
        listener.buildStarted(graph.nodes().size(), graph.completeCount());
        ready.forEach(node -> submit(node, false));
        pool.start();
        progress.awaitEnd();
        return Optional.ofNullable(rootValue);
    }

    /**
     * Interrupts the build: running attempts are interrupted (each then releases its leases and
     * records its task as {@link TaskState#INTERRUPTED}), parked tasks stop waiting for their run
     * locks, nothing more starts, and {@link #run()} returns. The caller waits for the workers with {@link WorkerPool#awaitStopped}.
     */
    void interrupt() {
        interrupted = true;
        pool.close();
        // said now: the lock backend's watch may end as it closes, which is no sign that the lock is free
        lockWaits.buildInterrupted();
        progress.abandon();
    }

    /**
     * Ends, as interrupted, every task whose attempt still runs after the interrupted build waited
     * its grace for them: a {@code run()} that does not stop on interrupts (a busy loop, blocking
     * I/O). Each gets an error whose stack trace is where its thread was, in its task info and
     * report. What such a {@code run()} returns later is not published.
     *
     * @param grace how long the build waited, for the message: {@code kart.interrupt-grace} as the user wrote it
     */
    void giveUpOnRunning(DurationSetting grace) {
        runningOn.forEach((node, thread) -> {
            InterruptedException error = new InterruptedException(node.label() + ": run() was still running when the"
                    + " wait after the build was interrupted ended (" + grace.setting() + "); it does not stop on interrupts. Its leases are released when the runtime closes, and nothing it returns is"
                    + " published. The stack trace is where its thread was then.");
            error.setStackTrace(thread.getStackTrace());
            TaskRecord record = progress.record(node);
            record.attemptInterrupted(error);
            interruptedFor(node, record, error);
        });
    }

    /**
     * Ends, as interrupted, every task that waited for its next attempt when the build was
     * interrupted: it ran and failed here, so "not run" would be untrue, and its task info, which
     * said {@code RETRY_WAIT}, would read as if a retry were still coming. Its error is an
     * {@link InterruptedException} caused by the failed attempt's. Called once, after the workers
     * stopped or were given up on.
     */
    void endRetryWaits() {
        for (TaskNode node : graph.nodes()) {
            if (progress.state(node) == TaskState.RETRY_WAIT) {
                TaskRecord record = progress.record(node);
                InterruptedException error = new InterruptedException(node.label() + ": the build was interrupted while"
                        + " it waited to retry after attempt " + record.attempts() + " failed");
                progress.failure(node).ifPresent(error::initCause);
                interruptedFor(node, record, error);
            }
        }
    }

    /**
     * Tells the listener of every task the interrupted build leaves unrun (still pending, waiting to
     * retry or parked), through {@link BuildListener#taskFinished} with that state, so that a display
     * accounts for every task as the summary does. Called once, after the workers stopped or were
     * given up on.
     */
    void endUnrun() {
        if (listener == BuildListener.NONE) {
            return;
        }
        for (TaskNode node : graph.nodes()) {
            if (!progress.state(node).isFinal()) {
                try {
                    listener.taskFinished(BuildReports.outcome(progress, node));
                } catch (RuntimeException e) {
                    LOG.warn("build listener failed on {}: {}", node.label(), e.toString());
                }
            }
        }
    }

    /** @return whether the build was interrupted */
    boolean interrupted() {
        return interrupted;
    }

    private void submit(TaskNode node, boolean comingBack) {
        pool.submit(node, () -> attemptGuarded(node), comingBack);
    }

    /**
     * Runs an attempt so that nothing escaping it (a linkage error, a failing listener) can leave
     * its task unfinished: the build would then wait for it forever.
     */
    private void attemptGuarded(TaskNode node) {
        runningOn.put(node, Thread.currentThread());
        try {
            attempt(node);
        } catch (Throwable unexpected) {
            if (interrupted && !progress.state(node).isFinal()) {
                // a request the interrupt cut short (a check of the store, a lock call): the task is
                // interrupted with the build, not failed
                interruptedFor(node, progress.record(node), unexpected);
                return;
            }
            progress.failedUnexpectedly(node, unexpected).ifPresent(notRun -> {
                notRun.forEach(this::ended);
                ended(node);
            });
        } finally {
            runningOn.remove(node);
        }
    }

    private void attempt(TaskNode node) {
        progress.moveTo(node, TaskState.RUNNING);
        TaskRecord record = progress.record(node);
        boolean rerun = node.rerun();
        if (!rerun && knownCompleteBeforeAttempt(node)) {
            foundComplete(node, record);
            return;
        }
        if (listener != BuildListener.NONE) {
            // the task's label is made for a listener only: a cold task's CPU otherwise
            listener.taskStarted(ref(node));
        }
        TaskAttempt.Outcome outcome = attempts.run(node, rerun, graph, record, progress::countLoad, this::interrupted,
                lockWaits);
        if (showsAnotherNode(outcome, record)) {
            metAnotherNode = true;
        }
        if (outcome instanceof TaskAttempt.Ran ran) {
            if (node == graph.root()) {
                rootValue = ran.value();
            }
            succeeded(node, TaskState.DONE, false);
        } else if (outcome instanceof TaskAttempt.FoundComplete) {
            foundComplete(node, record);
        } else if (outcome instanceof TaskAttempt.Parked parked) {
            progress.moveTo(node, TaskState.PARKED);
            parked.whenFree().whenComplete((ignored, error) -> submit(node, true));
        } else {
            failed(node, record, ((TaskAttempt.Failed) outcome).error());
        }
    }

    /**
     * {@link TaskAttempt#completeBeforeAttempt}, where a workspace that cannot be asked leaves the answer to the
     * attempt, which asks again under its run lock (a failure there is the attempt's, with its retries and task info)
     * or runs and publishes once, keeping another node's outputs. A failed check of a build being interrupted (a
     * store's request cut short by the interrupt, which some clients throw with the interrupt flag cleared) is
     * thrown: the task ends as interrupted, without running.
     */
    private boolean knownCompleteBeforeAttempt(TaskNode node) {
        try {
            return attempts.completeBeforeAttempt(node, graph, metAnotherNode);
        } catch (CacheReadException e) {
            if (interrupted) {
                throw e;
            }
            LOG.warn("{}: could not check whether it is complete before its attempt ({}); the attempt goes on and asks"
                    + " again under its run lock, or publishes once, keeping another node's outputs", node.label(),
                    e.getMessage());
            return false;
        }
    }

    /**
     * Whether an attempt met another node building this build's tasks: it found the task complete under its run lock
     * or at its publish, or found its run lock held, whatever the policy made of that (a parked task, a wait, a
     * failed attempt of {@code on-collision = fail}).
     */
    private static boolean showsAnotherNode(TaskAttempt.Outcome outcome, TaskRecord record) {
        return outcome instanceof TaskAttempt.FoundComplete || record.collisions() > 0;
    }

    /** Its outputs exist now: when another node ran it while this one waited or retried, say so. */
    private void foundComplete(TaskNode node, TaskRecord record) {
        info.ranElsewhere(node, graph, record);
        succeeded(node, TaskState.ALREADY_COMPLETE, true);
    }

    private void succeeded(TaskNode node, TaskState state, boolean atRun) {
        progress.succeeded(node, state, atRun).forEach(dependent -> submit(dependent, false));
        ended(node);
    }

    private void failed(TaskNode node, TaskRecord record, Throwable error) {
        if (interrupted) {
            interruptedFor(node, record, error);
            return;
        }
        Optional<Duration> retry = Retries.nextAttemptAfter(node, record, error);
        if (retry.isPresent()) {
            progress.failedAttempt(node, error);
            progress.moveTo(node, TaskState.RETRY_WAIT);
            info.willRetry(node, graph, record, error);
            RetryWait wait = RetryWait.of(ref(node), record.attempts(), node.settings().retryCount() + 1, error,
                    retry.get(), Instant.now());
            // said when it happens: otherwise nothing shows for the retry delay, and the build looks frozen; the
            // delay as the user wrote it (kart.retry.delay = 60s reads 60s), which the event does not carry
            RETRIES.warn("{}", RetryLine.of(wait.task().label(), wait.failedAttempt(), wait.attempts(), wait.cause(),
                    node.settings().retryDelay().text()));
            listener.taskRetrying(wait);
            pool.later(retry.get(), () -> submit(node, true));
            return;
        }
        List<TaskNode> notRun = progress.failedForGood(node, error);
        // ended whatever recording does: the state is final now, and a task that never ends would
        // keep the build waiting for ever (a store lost mid-build fails the recording too)
        try {
            info.settled(node, graph, record, TaskState.FAILED);
        } finally {
            ended(node);
            notRun.forEach(this::ended);
        }
    }

    private void interruptedFor(TaskNode node, TaskRecord record, Throwable error) {
        if (progress.interrupted(node, error)) {
            try {
                info.settled(node, graph, record, TaskState.INTERRUPTED);
            } finally {
                ended(node);
            }
        }
    }

    private void ended(TaskNode node) {
        // an outcome is made for a listener only: the report makes its own at the end
        if (listener != BuildListener.NONE) {
            try {
                listener.taskFinished(BuildReports.outcome(progress, node));
            } catch (RuntimeException e) {
                LOG.warn("build listener failed on {}: {}", node.label(), e.toString());
            }
        }
        progress.ended(node);
    }

    private static TaskRef ref(TaskNode node) {
        return new TaskRef(node.task(), node.uniqueId(), node.label());
    }
}
