package dev.kart.cli.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jline.terminal.Size;

/**
 * The progress view drawn live at the bottom of the terminal: its lines are asked for every
 * {@value #TICK_MILLIS} ms and drawn again when they changed (at least each second, as the elapsed
 * time ticks), while standard output and error, for as long as the view is up, write their lines
 * above it. Thread-safe.
 */
final class LiveView {
    /** How often the lines are asked for: often enough that a second of elapsed time shows on time. */
    private static final long TICK_MILLIS = 250;
    /** How long the terminal's size is taken as known: asking it costs a process ({@code stty}). */
    private static final long SIZE_MILLIS = 1000;

    private final TerminalWindow window;
    private final StatusLines status;
    private final IntFunction<List<String>> frame;
    private final PrintStream out;
    private final PrintStream err;
    private final StatusLines.LineWise outLines;
    private final StatusLines.LineWise errLines;
    private final ScheduledExecutorService ticker;
    private List<String> drawn = List.of();
    private Size size;
    private long sizeAt;
    private boolean finished;

    private LiveView(TerminalWindow window, IntFunction<List<String>> frame) {
        this.window = window;
        this.frame = frame;
        this.out = System.out;
        this.err = System.err;
        this.status = new StatusLines(err, window.ansi());
        this.outLines = status.above(out);
        this.errLines = status.above(err);
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kart-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Draws the view and keeps it up to date until {@link #finish}.
     *
     * @param frame the lines to show for a terminal of the given width, each shorter than it
     * @return the view, drawn
     * @throws IOException when the terminal cannot be opened
     */
    static LiveView start(IntFunction<List<String>> frame) throws IOException {
        LiveView view = new LiveView(TerminalWindow.ofStandardError(), frame);
        Charset charset = Charset.defaultCharset();
        System.setOut(new PrintStream(view.outLines, true, charset));
        System.setErr(new PrintStream(view.errLines, true, charset));
        view.tick();
        view.ticker.scheduleWithFixedDelay(view::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return view;
    }

    /**
     * Stops drawing, puts standard output and error back, and leaves the final lines' first (the bar)
     * on the terminal as an ordinary line, so that what is printed next follows it.
     *
     * @param finalFrame the lines at the end, for a terminal of the given width
     */
    synchronized void finish(IntFunction<List<String>> finalFrame) {
        if (finished) {
            return;
        }
        finished = true;
        ticker.shutdownNow();
        System.setOut(out);
        System.setErr(err);
        try {
            outLines.close();
            errLines.close();
        } catch (IOException e) {
            // the terminal went away; nothing more can be shown
        }
        status.clear();
        List<String> last = finalFrame.apply(size().getColumns());
        if (!last.isEmpty()) {
            err.println(last.get(0));
        }
        err.flush();
        window.close();
    }

    private synchronized void tick() {
        if (finished) {
            return;
        }
        try {
            Size now = size();
            List<String> lines = frame.apply(now.getColumns());
            // rows above (and the empty row) stay for the output: a view as tall as the window would scroll itself away
            List<String> next = lines.subList(0, Math.max(1, Math.min(lines.size(), now.getRows() - 2)));
            if (!next.equals(drawn)) {
                status.show(next);
                drawn = List.copyOf(next);
            }
        } catch (RuntimeException e) {
            // a view that cannot be drawn once is drawn at the next tick; the build goes on regardless
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
