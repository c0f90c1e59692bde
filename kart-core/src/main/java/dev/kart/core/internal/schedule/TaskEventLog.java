package dev.kart.core.internal.schedule;

import dev.kart.core.BuildListener;
import dev.kart.core.LockActivity;
import dev.kart.core.RetryWait;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskRef;
import dev.kart.task.CollisionPolicy;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells what happens to each task of a build on the logger {@value #LOGGER} at DEBUG: the start of
 * every attempt, each run-lock wait, and each task's end with its attempts, fencing tokens, the node
 * that made its outputs and its task info file, as luigi's worker logs its tasks at DEBUG (a retry is
 * logged at WARN already, by {@code dev.kart.retry}). Added to a build's listener only when
 * that logger is at DEBUG when the build starts, so a build at INFO pays nothing for it (and looks no
 * run-lock holder up for it).
 */
final class TaskEventLog implements BuildListener {
    /** The logger's name: {@code kart.log.level=DEBUG} turns it on with the rest of kart's. */
    static final String LOGGER = "dev.kart.tasks";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private TaskEventLog() {
    }

    /**
     * @param listener the build's own listener
     * @return {@code listener}, and this log first when its logger is at DEBUG
     */
    static BuildListener around(BuildListener listener) {
        return LOG.isDebugEnabled() ? new LoggedFirst(new TaskEventLog(), listener) : listener;
    }

    @Override
    public void buildStarted(int taskCount, int completeCount) {
        LOG.debug("build started: {} tasks in the graph, {} of them complete already", taskCount, completeCount);
    }

    @Override
    public void taskStarted(TaskRef task) {
        LOG.debug("{}: attempt starts on {}", task.label(), Thread.currentThread().getName());
    }

    @Override
    public void taskFinished(TaskOutcome outcome) {
        StringBuilder line = new StringBuilder(outcome.label()).append(": ").append(outcome.state())
                .append(" after ").append(outcome.attempts()).append(outcome.attempts() == 1 ? " attempt" : " attempts");
        LockActivity lock = outcome.lock();
        if (!lock.runLeaseTokens().isEmpty()) {
            line.append("; run lease fencing tokens ").append(lock.runLeaseTokens());
        }
        if (lock.collisions() > 0) {
            line.append("; run lock found held ").append(lock.collisions()).append(" times, waited ").append(lock.lockWait().toMillis())
                    .append(" ms");
        }
        if (!lock.publishTokens().isEmpty()) {
            line.append("; published under fencing tokens ").append(lock.publishTokens());
        }
        lock.ranBy().ifPresent(node -> line.append("; outputs made by ").append(node));
        outcome.failure().ifPresent(failure -> line.append("; failure: ").append(failure));
        outcome.taskInfo().ifPresent(file -> line.append("; task info ").append(file));
        LOG.debug("{}", line);
    }

    @Override
    public void taskWaitingForRunLock(RunLockWait wait) {
        LOG.debug("{}: run lock held by {}; on-collision = {}: {}", wait.task().label(),
                wait.holder().map(holder -> holder.owner() + " (fencing token " + holder.fencingToken()
                        + ", lease expires " + holder.leaseExpires() + ")").orElse("another node"),
                wait.policy().name().toLowerCase(Locale.ROOT),
                wait.policy() == CollisionPolicy.WAIT ? "waiting" : "parked, other tasks go on");
    }

    @Override
    public void runLockWaitEnded(TaskRef task, boolean lockTaken) {
        LOG.debug("{}: run lock wait over: {}", task.label(), lockTaken ? "the lock is taken"
                : "the lock looks free, or the wait gave up");
    }

    @Override
    public void runLockWaitStopped(TaskRef task) {
        LOG.debug("{}: stopped waiting for its run lock: the build was interrupted", task.label());
    }

    /** Tells each event to the log, then to the build's listener. */
    private record LoggedFirst(TaskEventLog log, BuildListener listener) implements BuildListener {
        @Override
        public void buildStarted(int taskCount, int completeCount) {
            log.buildStarted(taskCount, completeCount);
            listener.buildStarted(taskCount, completeCount);
        }

        @Override
        public void taskStarted(TaskRef task) {
            log.taskStarted(task);
            listener.taskStarted(task);
        }

        @Override
        public void taskRetrying(RetryWait wait) {
            // logged at WARN by the attempt already (dev.kart.retry)
            listener.taskRetrying(wait);
        }

        @Override
        public void taskFinished(TaskOutcome outcome) {
            log.taskFinished(outcome);
            listener.taskFinished(outcome);
        }

        @Override
        public void taskWaitingForRunLock(RunLockWait wait) {
            log.taskWaitingForRunLock(wait);
            listener.taskWaitingForRunLock(wait);
        }

        @Override
        public void runLockWaitEnded(TaskRef task, boolean lockTaken) {
            log.runLockWaitEnded(task, lockTaken);
            listener.runLockWaitEnded(task, lockTaken);
        }

        @Override
        public void runLockWaitStopped(TaskRef task) {
            log.runLockWaitStopped(task);
            listener.runLockWaitStopped(task);
        }
    }
}
