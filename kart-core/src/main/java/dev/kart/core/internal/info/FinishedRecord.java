package dev.kart.core.internal.info;

import dev.kart.core.AttemptOutcome;
import dev.kart.core.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a build's report needs of one task's {@link TaskRecord}: its attempts, lock activity, which
 * node ran it and where its task info went. A build keeps this, not the whole record (every attempt's
 * text and stack trace, log lines, publications), once the task's info is written: a million-task
 * build otherwise holds about 0.8 KB per finished task until it ends. The common attempt (one, done,
 * without error) is kept as two times and made again when asked for. Immutable.
 */
public final class FinishedRecord {
    private static final long[] NO_TOKENS = new long[0];
    // nanoseconds since the epoch fit a long until 2262; an instant outside keeps the whole history
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

    private final int attempts;
    /** Every attempt, or null when there is at most one, done without error: then {@link #start}/{@link #end}. */
    private final List<AttemptOutcome> history;
    private final long start;
    private final long end;
    private final int collisions;
    private final long lockWaitNanos;
    private final long[] runTokens;
    private final long[] publishTokens;
    private final String ranBy;
    /**
     * The task info file's workspace-relative path, or null: none, or the task's own info file when
     * {@link #taskInfoFile}.
     */
    private final String infoFile;
    private final boolean taskInfoFile;

    FinishedRecord(List<AttemptOutcome> history, int collisions, long lockWaitNanos, List<Long> runTokens,
            long[] publishTokens, String ranBy, String infoFile) {
        this.attempts = history.size();
        AttemptOutcome only = history.size() == 1 ? history.get(0) : null;
        if (history.isEmpty() || (only != null && only.outcome() == TaskState.DONE && only.failure().isEmpty()
                && fitsNanos(only.start()) && fitsNanos(only.end()))) {
            this.history = null;
            this.start = only == null ? 0 : epochNanos(only.start());
            this.end = only == null ? 0 : epochNanos(only.end());
        } else {
            this.history = List.copyOf(history);
            this.start = 0;
            this.end = 0;
        }
        this.collisions = collisions;
        this.lockWaitNanos = lockWaitNanos;
        this.runTokens = runTokens.isEmpty() ? NO_TOKENS : runTokens.stream().mapToLong(Long::longValue).toArray();
        this.publishTokens = publishTokens.length == 0 ? NO_TOKENS : publishTokens;
        this.ranBy = ranBy;
        this.infoFile = infoFile;
        this.taskInfoFile = false;
    }

    private FinishedRecord(FinishedRecord record) {
        this.attempts = record.attempts;
        this.history = record.history;
        this.start = record.start;
        this.end = record.end;
        this.collisions = record.collisions;
        this.lockWaitNanos = record.lockWaitNanos;
        this.runTokens = record.runTokens;
        this.publishTokens = record.publishTokens;
        this.ranBy = record.ranBy;
        this.infoFile = null;
        this.taskInfoFile = true;
    }

    /**
     * @param taskInfoFile the workspace-relative path of the task's own info file ({@code log/...})
     * @return this record, or one that gives that path when asked for instead of keeping it (a hundred
     *     and more bytes a task), when the record went there
     */
    public FinishedRecord keepingPathOnlyIfNot(String taskInfoFile) {
        return taskInfoFile.equals(infoFile) ? new FinishedRecord(this) : this;
    }

    /** @return whether it keeps the path of a task info file: one was written, and it was not made to give it */
    public boolean keepsPath() {
        return infoFile != null;
    }

    /** @return the number of attempts that ended */
    public int attempts() {
        return attempts;
    }

    /** @return the attempts that ended, in order, with their errors */
    public List<AttemptOutcome> attemptHistory() {
        if (history != null) {
            return history;
        }
        if (attempts == 0) {
            return List.of();
        }
        return List.of(new AttemptOutcome(1, instant(start), instant(end), TaskState.DONE, Optional.empty()));
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
        return tokens(runTokens);
    }

    /** @return the fencing tokens of the cache leases its outputs were published under, in order */
    public List<Long> publishFencingTokens() {
        return tokens(publishTokens);
    }

    /** @return the node whose run made the task's outputs, when known */
    public Optional<String> ranBy() {
        return Optional.ofNullable(ranBy);
    }

    /**
     * @param ownFile gives the task's own info file, as given to {@link #keepingPathOnlyIfNot}
     * @return the workspace-relative path of the task info file holding this node's latest record of the
     *     task, once one was written
     */
    public Optional<String> infoFile(Supplier<String> ownFile) {
        return taskInfoFile ? Optional.of(ownFile.get()) : Optional.ofNullable(infoFile);
    }

    private static List<Long> tokens(long[] tokens) {
        if (tokens.length == 0) {
            return List.of();
        }
        List<Long> list = new ArrayList<>(tokens.length);
        for (long token : tokens) {
            list.add(token);
        }
        return List.copyOf(list);
    }

    private static boolean fitsNanos(Instant instant) {
        return instant.getEpochSecond() >= 0 && instant.getEpochSecond() < MAX_SECONDS;
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(epochNanos / 1_000_000_000L, epochNanos % 1_000_000_000L);
    }
}
