package dev.kart.cli.progress;

import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.BuildListener;
import dev.kart.core.TaskRef;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on the terminal while a build runs: tasks done of the total (tasks found complete
 * count as done), how many run now, how many failed and how many were not run because a task they
 * depend on failed (counted apart, as the summary counts them), and the time elapsed. Redrawn by the
 * progress bar's own thread; the listener methods only update counters.
 */
public final class ProgressDisplay implements BuildListener, AutoCloseable {
    private static final int REFRESH_MILLIS = 200;

    private final boolean enabled;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger notRun = new AtomicInteger();
    private volatile ProgressBar bar;

    private ProgressDisplay(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @param wanted whether the user wants progress (it is off with {@code --no-progress})
     * @return a display when {@code wanted} and the standard streams are a terminal, else a listener
     *     that shows nothing
     */
    public static ProgressDisplay onTerminal(boolean wanted) {
        return new ProgressDisplay(wanted && System.console() != null);
    }

    @Override
    public void buildStarted(int taskCount, int completeCount) {
        if (!enabled) {
            return;
        }
        done.set(completeCount);
        bar = new ProgressBarBuilder().setTaskName("kart").setInitialMax(taskCount)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(REFRESH_MILLIS).hideEta().build();
        update();
    }

    @Override
    public void taskStarted(TaskRef task) {
        running.add(task.uniqueId());
        update();
    }

    @Override
    public void taskRetrying(TaskRef task) {
        running.remove(task.uniqueId());
        update();
    }

    @Override
    public void taskFinished(TaskOutcome outcome) {
        running.remove(outcome.uniqueId());
        done.incrementAndGet();
        if (outcome.state() == TaskState.FAILED) {
            failed.incrementAndGet();
        } else if (outcome.state() == TaskState.UPSTREAM_FAILED) {
            notRun.incrementAndGet();
        }
        update();
    }

    /** Draws the final state and ends the line, so what is printed next starts on its own line. */
    @Override
    public void close() {
        ProgressBar current = bar;
        if (current != null) {
            update();
            current.close();
        }
    }

    private void update() {
        ProgressBar current = bar;
        if (current != null) {
            current.stepTo(done.get());
            current.setExtraMessage(counts());
        }
    }

    /** @return what the bar shows after its count: running, failed and, once there are some, not run tasks */
    String counts() {
        int upstreamFailed = notRun.get();
        return "running " + running.size() + ", failed " + failed.get() + (upstreamFailed > 0 ? ", not run " + upstreamFailed : "");
    }
}
