package dev.kart.cli.progress;

import java.io.IOError;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jline.terminal.Size;

/**
 * The progress view drawn live at the bottom of the terminal: its lines are asked for every
 * {@value #TICK_MILLIS} ms and drawn again when they changed (at least each second, as the elapsed
 * time ticks), while everything else written to the terminal scrolls above them
 * ({@link StatusLines}). Thread-safe.
 */
final class LiveView {
    /** How often the lines are asked for: often enough that a second of elapsed time shows on time. */
    private static final long TICK_MILLIS = 250;
    /** How long the terminal's size is taken as known: asking it costs a process ({@code stty}). */
    private static final long SIZE_MILLIS = 1000;

    private final TerminalWindow window;
    /** Empty when the terminal cannot keep rows for the view: then only the final bar is printed. */
    private final Optional<StatusLines> status;
    private final IntFunction<List<String>> frame;
    private final ScheduledExecutorService ticker;
    private Size size;
    private long sizeAt;
    private boolean finished;

    /** Not drawn yet: {@link #start} draws it, and {@link #tick} draws it again. */
    LiveView(TerminalWindow window, IntFunction<List<String>> frame) {
        this.window = window;
        this.frame = frame;
        this.status = window.canKeepRows() ? Optional.of(window.statusLines()) : Optional.empty();
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kart-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Draws the view and keeps it up to date until {@link #finish}; on a terminal that cannot keep
     * rows for it ({@code TERM=dumb}, or one that does not say its size) nothing is drawn until then.
     *
     * @param frame the lines to show for a terminal of the given width, each shorter than it
     * @return the view, drawn
     * @throws IOException when the terminal cannot be opened
     */
    static LiveView start(IntFunction<List<String>> frame) throws IOException {
        LiveView view = new LiveView(TerminalWindow.ofStandardError(), frame);
        if (view.status.isPresent()) {
            view.tick();
            view.ticker.scheduleWithFixedDelay(view::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return view;
    }

    /**
     * Stops drawing and leaves the final bar on the terminal as an ordinary line, so that what is
     * printed next follows it.
     *
     * @param finalBar the bar at the end, for a terminal of the given width; printed once, it may be
     *     longer than the width and wrap, so that no count is cut off
     */
    synchronized void finish(IntFunction<String> finalBar) {
        if (finished) {
            return;
        }
        stopDrawing();
        System.err.println(finalBar.apply(size().getColumns()));
        System.err.flush();
        window.close();
    }

    /**
     * Stops drawing and takes the lines off the terminal, leaving nothing in their place and the
     * cursor where output goes: for a process that quits at once, whose next line is its last. A
     * view {@linkplain #finish finished} already is left as it is.
     */
    synchronized void takeDown() {
        if (finished) {
            return;
        }
        // the window is not closed: the JVM halts next, kart never changed the terminal's attributes that closing
        // would restore, and closing asks for them first by running stty, a process between Ctrl-C and the halt
        stopDrawing();
    }

    private void stopDrawing() {
        finished = true;
        ticker.shutdownNow();
        status.ifPresent(StatusLines::clear);
    }

    /** Draws the view again, when it is not finished; a draw that fails is tried again at the next tick. */
    synchronized void tick() {
        if (finished) {
            return;
        }
        try {
            Size now = size();
            List<String> lines = frame.apply(now.getColumns());
            // rows above stay for the output: a view as tall as the window would leave it no room
            status.orElseThrow().show(lines.subList(0, Math.max(1, Math.min(lines.size(), now.getRows() - 2))), now);
        } catch (RuntimeException | IOError e) {
            // a view that cannot be drawn once is drawn at the next tick; the build goes on regardless. JLine reports
            // a failed stty (run for the size; a Ctrl-C reaches it too) as an IOError, which, let through, would end
            // the ticker's schedule and leave the view frozen for the rest of the build
        }
    }

    private Size size() {
        long now = System.nanoTime();
        if (size == null || now - sizeAt > TimeUnit.MILLISECONDS.toNanos(SIZE_MILLIS)) {
            size = window.size();
            sizeAt = now;
        }
        return size;
    }
}
