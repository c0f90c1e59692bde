package dev.kart.cli.progress;

import dev.kart.cli.text.InstantText;
import dev.kart.core.RetryWait;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskRef;
import dev.kart.internal.text.DurationText;
import dev.kart.task.CollisionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of the progress view for one moment of a build, each fitted to the terminal's width (all
 * but the {@linkplain #finalBar final bar}, printed once, which keeps every count):
 * <ol>
 *   <li>the bar: tasks complete of the total, the time elapsed and the counts, as
 *       {@code kart  40% [========            ] 2/5 (0:00:04) running 2, waiting for lock 1, failed 0};</li>
 *   <li>up to {@value #NAMED} running tasks by short name, oldest first: {@code running: Slow(n=0, seconds=6),
 *       Slow(n=1, seconds=6) and 1 more};</li>
 *   <li>a line for each of up to {@value #LOCK_LINES} tasks waiting for their run lock, blocked first, then
 *       deferred: {@code Slow(n=1) waits for run lock held by host:1234, lease expires 2025-03-14T14:03:12Z (in 2m51s)};</li>
 *   <li>a line for each of up to {@value #RETRY_LINES} tasks waiting for their retry delay, in the order
 *       they failed: {@code Boom(n=1) failed attempt 1 of 2, retries at 2025-03-14T14:03:12Z (in 8s)}.</li>
 * </ol>
 * Pure: the same snapshot, time and width give the same lines.
 */
final class ProgressText {
    /** How many running tasks are named. */
    static final int NAMED = 3;
    /** How many lock waits get a line of their own. */
    static final int LOCK_LINES = 3;
    /** How many tasks waiting to be retried get a line of their own. */
    static final int RETRY_LINES = 3;
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 40;
    private static final String MORE = "...";

    /**
     * @param tally where the build stands
     * @param elapsed how long it has run
     * @param now the time, for how far off lease expiries are
     * @param width the terminal's columns; every line is shorter, so none wraps
     * @return the bar first, then the names of running tasks and the lock waits when there are any
     */
    List<String> lines(BuildTally.Snapshot tally, Duration elapsed, Instant now, int width) {
        int room = Math.max(1, width - 1);
        List<String> lines = new ArrayList<>();
        lines.add(fit(bar(tally, elapsed, room), room));
        if (!tally.running().isEmpty()) {
            lines.add(running(runningWord(tally) + ": ", tally.running(), room));
        }
        List<RunLockWait> waits = new ArrayList<>(tally.waiting());
        waits.addAll(tally.deferred());
        for (int i = 0; i < Math.min(waits.size(), LOCK_LINES); i++) {
            boolean last = i == LOCK_LINES - 1 && waits.size() > LOCK_LINES;
            String line = last ? "and " + (waits.size() - i) + " more tasks waiting for their run lock" : lockWait(waits.get(i), now);
            lines.add(fit(line, room));
        }
        List<RetryWait> retries = tally.retrying();
        for (int i = 0; i < Math.min(retries.size(), RETRY_LINES); i++) {
            boolean last = i == RETRY_LINES - 1 && retries.size() > RETRY_LINES;
            String line = last ? "and " + (retries.size() - i) + " more tasks waiting to be retried" : retry(retries.get(i), now);
            lines.add(fit(line, room));
        }
        return lines;
    }

    /**
     * @param tally where the build stands at its end
     * @param elapsed how long it ran
     * @param width the terminal's columns: the bar is left out below {@value #MIN_BAR} columns of it, as in
     *     {@link #lines}, but the counts are never cut
     * @return the bar's line
     */
    String finalBar(BuildTally.Snapshot tally, Duration elapsed, int width) {
        return bar(tally, elapsed, Math.max(1, width - 1));
    }

    /**
     * @param tally where the build stands
     * @return the counts after the bar: running (stopping, once the build was asked to stop), then waiting for a
     *     lock, deferred and retrying (waiting for the retry delay) when there are any, failed, then not run (an
     *     upstream task failed, or the build was interrupted) and interrupted when there are any (as the summary
     *     counts them)
     */
    static String counts(BuildTally.Snapshot tally) {
        StringBuilder counts = new StringBuilder(runningWord(tally)).append(' ').append(tally.running().size());
        if (!tally.waiting().isEmpty()) {
            counts.append(", waiting for lock ").append(tally.waiting().size());
        }
        if (!tally.deferred().isEmpty()) {
            counts.append(", deferred ").append(tally.deferred().size());
        }
        if (!tally.retrying().isEmpty()) {
            counts.append(", retrying ").append(tally.retrying().size());
        }
        counts.append(", failed ").append(tally.failed());
        if (tally.notRun() > 0) {
            counts.append(", not run ").append(tally.notRun());
        }
        if (tally.interrupted() > 0) {
            counts.append(", interrupted ").append(tally.interrupted());
        }
        return counts.toString();
    }

    /**
     * @param tally where the build stands as it is asked to stop
     * @return what the stop ends, for the line that says so: the tasks running, waiting to retry and waiting for
     *     their run lock, those there are, such as {@code 1 running task and 2 tasks waiting to retry}; the build,
     *     saying so, when none is
     */
    static String inProgress(BuildTally.Snapshot tally) {
        List<String> parts = new ArrayList<>();
        int running = tally.running().size();
        if (running > 0) {
            parts.add(running + (running == 1 ? " running task" : " running tasks"));
        }
        int retrying = tally.retrying().size();
        if (retrying > 0) {
            parts.add(tasks(retrying) + " waiting to retry");
        }
        int waiting = tally.waiting().size() + tally.deferred().size();
        if (waiting > 0) {
            parts.add(tasks(waiting) + " waiting for " + (waiting == 1 ? "its" : "their") + " run lock");
        }
        if (parts.isEmpty()) {
            return "the build (no task in progress)";
        }
        String last = parts.remove(parts.size() - 1);
        return parts.isEmpty() ? last : String.join(", ", parts) + " and " + last;
    }

    private static String tasks(int count) {
        return count + (count == 1 ? " task" : " tasks");
    }

    /** Once the build was asked to stop, the tasks still running are being stopped: "running" would say they go on. */
    private static String runningWord(BuildTally.Snapshot tally) {
        return tally.stopping() && !tally.running().isEmpty() ? "stopping" : "running";
    }

    /**
     * @param task a task
     * @return its class's simple name and its parameters, as its label shows them, without package,
     *     enclosing class and unique id: {@code Slow(n=1, seconds=6)}
     */
    static String shortName(TaskRef task) {
        String label = task.label();
        String idSuffix = "[" + task.uniqueId() + "]";
        if (label.endsWith(idSuffix)) {
            label = label.substring(0, label.length() - idSuffix.length());
        }
        int parameters = label.indexOf('(');
        int end = parameters < 0 ? label.length() : parameters;
        // a nested class goes by its own name too
        int family = Math.max(label.lastIndexOf('.', end), label.lastIndexOf('$', end));
        return label.substring(family + 1);
    }

    private static String bar(BuildTally.Snapshot tally, Duration elapsed, int room) {
        int total = Math.max(tally.total(), 1);
        // Ctrl-C or a failure settles every task, but a bar full then would read as a build that completed
        int done = Math.min(tally.complete(), total);
        // not String.format: on Java 17 its first number loads the JDK's locale data
        String percent = String.valueOf(tally.total() == 0 ? 100 : done * 100 / total);
        percent = " ".repeat(3 - percent.length()) + percent + "%";
        String after = "] " + tally.complete() + "/" + tally.total() + " (" + DurationText.clock(elapsed) + ") " + counts(tally);
        String before = "kart " + percent + " [";
        int barWidth = Math.min(MAX_BAR, room - before.length() - after.length());
        if (barWidth < MIN_BAR) {
            // too narrow for a bar worth the name: the counts matter more
            return "kart " + percent + " " + after.substring(2);
        }
        int filled = tally.total() == 0 ? barWidth : done * barWidth / total;
        return before + "=".repeat(filled) + " ".repeat(barWidth - filled) + after;
    }

    /** Names as many running tasks as fit, up to {@link #NAMED}, each cut to an equal share of the line. */
    private static String running(String prefix, List<TaskRef> running, int room) {
        int named = Math.min(running.size(), NAMED);
        String suffix = running.size() > named ? " and " + (running.size() - named) + " more" : "";
        int share = (room - prefix.length() - suffix.length() - 2 * (named - 1)) / named;
        List<String> names = new ArrayList<>(named);
        for (int i = 0; i < named; i++) {
            names.add(fit(shortName(running.get(i)), Math.max(share, MORE.length() + 1)));
        }
        return fit(prefix + String.join(", ", names) + suffix, room);
    }

    private String lockWait(RunLockWait wait, Instant now) {
        String what = wait.policy() == CollisionPolicy.DEFER ? " deferred, run lock held by "
                : " waits for run lock held by ";
        StringBuilder line = new StringBuilder(shortName(wait.task())).append(what);
        if (wait.holder().isEmpty()) {
            return line.append("another node (not known which)").toString();
        }
        RunLockWait.Holder holder = wait.holder().get();
        // the backend's name for a holder it cannot tell yet means nothing to a user
        line.append(holder.known() ? holder.owner() : "another node (not known which yet)");
        String at = InstantText.of(holder.leaseExpires());
        Duration left = Duration.between(now, holder.leaseExpires());
        if (left.isNegative()) {
            return line.append(", lease expired ").append(at).toString();
        }
        return line.append(", lease expires ").append(at).append(" (in ").append(DurationText.wholeSeconds(left)).append(')').toString();
    }

    private String retry(RetryWait wait, Instant now) {
        StringBuilder line = new StringBuilder(shortName(wait.task())).append(" failed attempt ")
                .append(wait.failedAttempt()).append(" of ").append(wait.attempts()).append(", retries at ")
                .append(InstantText.of(wait.nextAttempt()));
        Duration left = Duration.between(now, wait.nextAttempt());
        // past its time it waits for a free worker
        if (left.isNegative()) {
            return line.append(" (due, waiting for a worker)").toString();
        }
        return line.append(" (in ").append(DurationText.wholeSeconds(left)).append(')').toString();
    }

    private static String fit(String text, int room) {
        if (text.length() <= room) {
            return text;
        }
        return room <= MORE.length() ? text.substring(0, room) : text.substring(0, room - MORE.length()) + MORE;
    }
}
