package dev.kart.cli.progress;

import dev.kart.core.BuildListener;
import dev.kart.core.RetryWait;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskRef;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress view of {@code kart run} on a terminal, at the bottom of standard error while the
 * build's log lines scroll above it, redrawn every second so that the elapsed time ticks during a long
 * task ({@link ProgressText} says what each line shows): the bar with tasks complete of the total
 * (full only when the whole build is), the time elapsed, how many run now, how many wait for their run
 * lock apart from them (blocking a worker, or deferred off the workers), how many failed, were not run
 * because a task they depend on failed, or were interrupted, counted as the summary counts them; the
 * names of the tasks running; and for each task waiting for its run lock, who holds it and when that
 * lease expires. At the end the bar stays as an ordinary line above the summary. The listener methods
 * only update the tally; a thread of the view draws.
 */
public final class ProgressDisplay implements BuildListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressDisplay.class);

    private final boolean enabled;
    private final BuildTally tally = new BuildTally();
    private volatile long startNanos = System.nanoTime();
    /** Whether a build told it that it started: until then the tally knows nothing of the build's tasks. */
    private volatile boolean told;
    private LiveView view;
    private boolean closed;

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

    /**
     * @return this display when it shows anything, else {@link BuildListener#NONE}: a build with no
     *     view to show does not look up who holds the run locks its tasks wait for
     */
    public BuildListener listener() {
        return enabled ? this : BuildListener.NONE;
    }

    @Override
    public void buildStarted(int taskCount, int completeCount) {
        startNanos = System.nanoTime();
        tally.started(taskCount, completeCount);
        told = true;
        if (enabled) {
            show();
        }
    }

    @Override
    public void taskStarted(TaskRef task) {
        tally.taskStarted(task);
    }

    @Override
    public void taskRetrying(RetryWait wait) {
        tally.taskRetrying(wait);
    }

    @Override
    public void taskFinished(TaskOutcome outcome) {
        tally.taskFinished(outcome);
    }

    @Override
    public void taskWaitingForRunLock(RunLockWait wait) {
        tally.waitingForRunLock(wait);
    }

    @Override
    public void runLockWaitEnded(TaskRef task) {
        tally.runLockWaitEnded(task);
    }

    /**
     * The build was asked to stop (a first Ctrl-C): from then on the bar counts the tasks still running as
     * {@code stopping}, and names them so. Quick: the signal's thread waits for it.
     *
     * @return what the stop ends, as the line that says so words it; empty when this display is not the listener of
     *     a started build (the build has not started, or there is no view and {@link #listener()} listens to
     *     nothing), which so knows nothing of its tasks
     */
    public Optional<StopScope> stopAsked() {
        tally.stopAsked();
        if (!told) {
            return Optional.empty();
        }
        BuildTally.Snapshot now = tally.snapshot();
        return Optional.of(new StopScope(ProgressText.inProgress(now), !now.running().isEmpty()));
    }

    /**
     * Takes the view down and leaves its bar, in its final state, as the last line on standard error,
     * so what is printed next starts on its own line below it. Idempotent.
     */
    @Override
    public void close() {
        end(live -> live.finish(this::finalBar));
    }

    /**
     * Takes the view off the terminal without leaving its bar, for a process about to halt without a
     * summary (a second Ctrl-C): halting with the view drawn would leave its last frame, the scroll
     * region that keeps its rows among them, on the terminal. Idempotent; {@link #close} does nothing
     * after it.
     */
    public void takeDown() {
        end(LiveView::takeDown);
    }

    /** Ends the view, when there is one, as {@code how} says; no view is shown after. */
    private synchronized void end(Consumer<LiveView> how) {
        closed = true;
        if (view != null) {
            how.accept(view);
            view = null;
        }
    }

    /**
     * @param width the terminal's width
     * @return the bar at the end of the build, with every count however narrow the terminal: printed
     *     once, it may wrap, where a count cut off could hide that the build did not complete
     */
    String finalBar(int width) {
        return Text.TEXT.finalBar(tally.snapshot(), Duration.ofNanos(System.nanoTime() - startNanos), width);
    }

    /** @return what the bar shows after its count: see {@link ProgressText#counts} */
    String counts() {
        return ProgressText.counts(tally.snapshot());
    }

    /**
     * @param width the terminal's width
     * @param now the time
     * @return the view's lines now
     */
    List<String> lines(int width, Instant now) {
        return Text.TEXT.lines(tally.snapshot(), Duration.ofNanos(System.nanoTime() - startNanos), now, width);
    }

    private synchronized void show() {
        if (closed || view != null) {
            return;
        }
        try {
            view = LiveView.start(width -> lines(width, Instant.now()));
        } catch (IOException | RuntimeException e) {
            // the build runs as well without its view
            LOG.debug("no progress view: the terminal could not be opened: {}", e.toString());
        }
    }

    /** Loaded when the view first draws: a build with no view (output not a terminal) needs no text of it. */
    private static final class Text {
        static final ProgressText TEXT = new ProgressText();
    }
}
