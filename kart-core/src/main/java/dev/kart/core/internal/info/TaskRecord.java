package dev.kart.core.internal.info;

import dev.kart.core.AttemptOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.internal.cache.Publication;
import dev.kart.core.internal.failure.FailureLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What one build observes of one task while it runs: attempts, log lines, publications and lock
 * activity. Log lines and publications may come from any thread, and so may the end of an
 * interrupted attempt; the rest only from the worker running the task, and attempts of one task
 * never overlap.
 */
public final class TaskRecord {
    private final List<TaskInfo.Attempt> attempts = new ArrayList<>(1);
    // the same attempts for the build report, with the errors themselves rather than their text
    private final List<AttemptOutcome> attemptHistory = new ArrayList<>(1);
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Publication> publications = Collections.synchronizedList(new ArrayList<>(1));
    private final List<Long> runFencingTokens = new ArrayList<>(1);
    private Instant firstStart;
    private Instant attemptStart;
    private int collisions;
    private long lockWaitNanos;
    private int collisionsBeforeAttempt;
    private long lockWaitNanosBeforeAttempt;
    private boolean nodeRecordWritten;
    private boolean attemptOpen;
    private volatile String ranBy;
    private volatile String infoFile;

    /** Marks the start of an attempt. */
    public synchronized void attemptStarted() {
        attemptStart = Instant.now();
        attemptOpen = true;
        if (firstStart == null) {
            firstStart = attemptStart;
        }
    }

    /**
     * Marks the end of the current attempt; an attempt already ended is not ended again.
     *
     * @param error the attempt's error, or {@code null} when it succeeded
     */
    public void attemptEnded(Throwable error) {
        ended(error == null ? TaskState.DONE : TaskState.FAILED, error);
    }

    /**
     * Marks the end of the current attempt, stopped because its build was interrupted; an attempt
     * already ended is not ended again. May be called from another thread than the attempt's, for a
     * {@code run()} still going when the interrupted build gave up waiting for it.
     *
     * @param error what stopped it, with the stack trace to keep
     */
    public void attemptInterrupted(Throwable error) {
        ended(TaskState.INTERRUPTED, error);
    }

    private synchronized void ended(TaskState outcome, Throwable error) {
        if (!attemptOpen) {
            return;
        }
        attemptOpen = false;
        Instant end = Instant.now();
        attempts.add(new TaskInfo.Attempt(attempts.size() + 1, attemptStart, end,
                Duration.between(attemptStart, end).toMillis(), outcome.name(),
                error == null ? null : error.getClass().getName() + ": " + error.getMessage(),
                error == null ? null : FailureLine.of(error), error == null ? null : stackTrace(error),
                collisions - collisionsBeforeAttempt, (lockWaitNanos - lockWaitNanosBeforeAttempt) / 1_000_000));
        attemptHistory.add(new AttemptOutcome(attemptHistory.size() + 1, attemptStart, end, outcome,
                Optional.ofNullable(error)));
        // a parked task's wait and the collisions of a wait that found the task done count toward
        // the next attempt, or only toward the totals
        collisionsBeforeAttempt = collisions;
        lockWaitNanosBeforeAttempt = lockWaitNanos;
    }

    private static String stackTrace(Throwable error) {
        java.io.StringWriter text = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    /** @param line a log line, already formatted */
    public void log(String line) {
        log.add(line);
    }

    /** @param publication a published cache file */
    public void published(Publication publication) {
        publications.add(publication);
    }

    /** Counts a run-lock collision. */
    public void collided() {
        collisions++;
    }

    /** @param nanos time spent waiting or parked for the run lock */
    public void waitedForLock(long nanos) {
        lockWaitNanos += nanos;
    }

    /** @param token the fencing token of a run lease taken */
    public void tookRunLease(long token) {
        runFencingTokens.add(token);
    }

    /**
     * @param node the node ({@code host:pid}) whose run made the task's outputs: this one after it
     *     published them, or the node the task's info file names when another node ran it while this
     *     one waited
     */
    public void ranBy(String node) {
        ranBy = node;
    }

    /** @return the node whose run made the task's outputs, when known */
    public Optional<String> ranBy() {
        return Optional.ofNullable(ranBy);
    }

    /**
     * @param path the workspace-relative path of the task info file this node's latest record of the task
     *     went to: the task's info file, or this node's own record beside it
     */
    public void infoWritten(String path) {
        infoFile = path;
    }

    /**
     * @return the workspace-relative path of the task info file holding this node's latest record of the
     *     task, once one was written
     */
    public Optional<String> infoFile() {
        return Optional.ofNullable(infoFile);
    }

    /**
     * Notes that this node wrote a record of its own for the task, which it then keeps current, or
     * removes once the task's info file holds it.
     */
    public void nodeRecordWritten() {
        nodeRecordWritten = true;
    }

    /** @return whether this node wrote a record of its own for the task in this build */
    public boolean hasNodeRecord() {
        return nodeRecordWritten;
    }

    /** @return the number of attempts that ended */
    public synchronized int attempts() {
        return attempts.size();
    }

    /** @return the attempts that ended, in order, with their errors */
    public synchronized List<AttemptOutcome> attemptHistory() {
        return List.copyOf(attemptHistory);
    }

    /** @return how often the run lock was found held elsewhere */
    public int collisions() {
        return collisions;
    }

    /** @return time spent waiting or parked for the run lock, in nanoseconds */
    public long lockWaitNanos() {
        return lockWaitNanos;
    }

    /** @return the fencing tokens of the run leases taken, in order */
    public List<Long> runFencingTokens() {
        return List.copyOf(runFencingTokens);
    }

    /** @return the publications so far */
    public List<Publication> publications() {
        synchronized (publications) {
            return List.copyOf(publications);
        }
    }

    /**
     * What a build's report needs of this record, as of now; the build keeps that alone once the
     * task ended.
     *
     * @param strings gives one instance of equal strings (the node that ran it is the same for most
     *     tasks), or returns its argument
     * @return the attempts, lock activity, node that ran it and task info file
     */
    public FinishedRecord finished(UnaryOperator<String> strings) {
        List<AttemptOutcome> history;
        List<Long> runTokens;
        synchronized (this) {
            history = List.copyOf(attemptHistory);
            runTokens = List.copyOf(runFencingTokens);
        }
        long[] publishTokens;
        synchronized (publications) {
            // a loop, not a stream: this runs for every task of a build
            publishTokens = new long[publications.size()];
            for (int i = 0; i < publishTokens.length; i++) {
                publishTokens[i] = publications.get(i).fencingToken();
            }
        }
        String node = ranBy;
        return new FinishedRecord(history, collisions, lockWaitNanos, runTokens, publishTokens,
                node == null ? null : strings.apply(node), infoFile);
    }

    /**
     * @param base the task's identity and parameters
     * @param state the state to record
     * @param runLock whether it used the run lock
     * @param policy its collision policy
     * @param node this node
     * @return the task info as of now
     */
    public synchronized TaskInfo toInfo(TaskInfoBase base, String state, boolean runLock, String policy, NodeIdentity node) {
        Instant end = attempts.isEmpty() || interruptedBetweenAttempts(state) ? Instant.now()
                : attempts.get(attempts.size() - 1).end();
        Instant start = firstStart == null ? end : firstStart;
        List<String> lines;
        synchronized (log) {
            lines = List.copyOf(log);
        }
        return new TaskInfo(base.family(), base.label(), base.uniqueId(), base.parameters(), state, List.copyOf(attempts),
                start, end, Duration.between(start, end).toMillis(), node.name(), node.process().host(),
                node.process().pid(), node.runtime(), publications(),
                new TaskInfo.LockActivity(runLock, policy, collisions, lockWaitNanos / 1_000_000, List.copyOf(runFencingTokens)),
                lines);
    }

    /**
     * Whether the build was interrupted while the task waited (to retry, or for its run lock) rather
     * than while an attempt ran: its record then ends at the interrupt, not at the end of the attempt
     * that failed before the wait, which {@code kart info} would give as the time of the interrupt.
     */
    private boolean interruptedBetweenAttempts(String state) {
        return TaskState.INTERRUPTED.name().equals(state)
                && !TaskState.INTERRUPTED.name().equals(attempts.get(attempts.size() - 1).outcome());
    }

    /**
     * The fixed part of a task's info.
     *
     * @param family the task's family
     * @param label the task with parameters
     * @param uniqueId its unique id
     * @param parameters its parameters, rendered
     */
    public record TaskInfoBase(String family, String label, String uniqueId, java.util.Map<String, Object> parameters) {
    }
}
