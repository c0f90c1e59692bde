package dev.kart.core.internal.schedule;

import dev.kart.core.BuildListener;
import dev.kart.core.LockActivity;
import dev.kart.core.RetryWait;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskRef;
import dev.kart.core.TaskState;
import dev.kart.internal.text.DurationText;
import dev.kart.task.CollisionPolicy;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells what happens to each task of a build on the logger {@value #LOGGER} at DEBUG: each time a
 * worker takes a task up, each run-lock wait, and each task's end with its attempts, fencing tokens,
 * the node that made its outputs and its task info file (a retry is logged at WARN already, on
 * {@code dev.kart.retry}). Added to a build's listener only when that logger is at DEBUG when the build
 * starts, so a build at INFO pays nothing for it (and looks no run-lock holder up for it).
 */
final class TaskEventLog implements BuildListener {
    /** The logger's name: {@code kart.log.level=DEBUG} turns it on with the rest of kart's. */
    static final String LOGGER = "dev.kart.tasks";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private TaskEventLog() {
    }

    /**
     * @param listener the build's own listener
     * @return {@code listener}, with this log told of each event first when its logger is at DEBUG
     */
    static BuildListener around(BuildListener listener) {
        return LOG.isDebugEnabled() ? new LoggedFirst(new TaskEventLog(), listener) : listener;
    }

    @Override
    public void buildStarted(int taskCount, int completeCount) {
        LOG.debug("build started: {} {} in the graph, {} of them complete already", taskCount,
                taskCount == 1 ? "task" : "tasks", completeCount);
    }

    @Override
    public void taskStarted(TaskRef task) {
        // also when a parked task comes back, or a task finds itself complete under its run lock: not an attempt each
        LOG.debug("{}: taken up by {}", task.label(), Thread.currentThread().getName());
    }

    @Override
    public void taskFinished(TaskOutcome outcome) {
        StringBuilder line = new StringBuilder(outcome.label()).append(": ");
        if (!outcome.state().isFinal()) {
            LOG.debug("{}not run ({}): the build was interrupted", line, outcome.state());
            return;
        }
        line.append(outcome.state()).append(" after ").append(outcome.attempts())
                .append(outcome.attempts() == 1 ? " attempt" : " attempts");
        LockActivity lock = outcome.lock();
        if (!lock.runLeaseTokens().isEmpty()) {
            line.append("; run lease fencing tokens ").append(lock.runLeaseTokens());
        }
        if (lock.collisions() > 0) {
            line.append("; run lock found held ").append(lock.collisions()).append(lock.collisions() == 1 ? " time" : " times")
                    .append(", waited ").append(DurationText.of(lock.lockWait()));
        }
        if (!lock.publishTokens().isEmpty()) {
            line.append("; published under fencing tokens ").append(lock.publishTokens());
        }
        lock.ranBy().ifPresent(node -> line.append("; outputs made by ").append(node));
        outcome.failure().ifPresent(failure -> line.append(outcome.state() == TaskState.UPSTREAM_FAILED
                ? "; upstream failure: " : "; failure: ").append(failure));
        if (outcome.taskInfo().isPresent()) {
            line.append("; task info ").append(outcome.taskInfo().get());
        } else {
            outcome.taskInfoUri().ifPresent(uri -> line.append("; task info ").append(uri));
        }
        LOG.debug("{}", line);
    }

    @Override
    public void taskWaitingForRunLock(RunLockWait wait) {
        LOG.debug("{}: run lock held by {}; on-collision = {}: {}", wait.task().label(),
                wait.holder().map(holder -> holder.owner() + (holder.known() ? " (fencing token " + holder.fencingToken()
                        : " (no fencing token yet")
                        + ", lease expires " + holder.leaseExpires().truncatedTo(ChronoUnit.SECONDS) + ")").orElse("another node"),
                wait.policy().name().toLowerCase(Locale.ROOT),
                wait.policy() == CollisionPolicy.WAIT ? "its worker waits" : "parked, other tasks go on");
    }

    @Override
    public void runLockWaitEnded(TaskRef task, boolean lockTaken) {
        LOG.debug("{}: run lock wait over: {}", task.label(), lockTaken ? "this task took the lock"
                : "the lock is not taken (it looks free and a parked task tries to take it, or a wait gave up or was"
                        + " interrupted)");
    }

    @Override
    public void runLockWaitStopped(TaskRef task) {
        LOG.debug("{}: stopped waiting for its run lock, without it: the build was interrupted", task.label());
    }

    /**
     * Tells each event to the log, then to the build's listener, whatever the log did: a log line that
     * fails (a parameter's {@code toString()} that throws) must not cost the listener its event, nor be
     * blamed on it.
     */
    private record LoggedFirst(TaskEventLog log, BuildListener listener) implements BuildListener {
        @Override
        public void buildStarted(int taskCount, int completeCount) {
            logged(() -> log.buildStarted(taskCount, completeCount));
            listener.buildStarted(taskCount, completeCount);
        }

        @Override
        public void taskStarted(TaskRef task) {
            logged(() -> log.taskStarted(task));
            listener.taskStarted(task);
        }

        @Override
        public void taskRetrying(TaskRef task) {
            listener.taskRetrying(task);
        }

        @Override
        public void taskRetrying(RetryWait wait) {
            listener.taskRetrying(wait);
        }

        @Override
        public void taskFinished(TaskOutcome outcome) {
            logged(() -> log.taskFinished(outcome));
            listener.taskFinished(outcome);
        }

        @Override
        public void taskWaitingForRunLock(RunLockWait wait) {
            logged(() -> log.taskWaitingForRunLock(wait));
            listener.taskWaitingForRunLock(wait);
        }

        @Override
        public void runLockWaitEnded(TaskRef task) {
            listener.runLockWaitEnded(task);
        }

        @Override
        public void runLockWaitEnded(TaskRef task, boolean lockTaken) {
            logged(() -> log.runLockWaitEnded(task, lockTaken));
            listener.runLockWaitEnded(task, lockTaken);
        }

        @Override
        public void runLockWaitStopped(TaskRef task) {
            logged(() -> log.runLockWaitStopped(task));
            listener.runLockWaitStopped(task);
        }

        private static void logged(Runnable line) {
            try {
                line.run();
            } catch (RuntimeException e) {
                LOG.debug("could not log a task event: {}", e.toString());
            }
        }
    }
}
