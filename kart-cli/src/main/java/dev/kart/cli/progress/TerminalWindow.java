package dev.kart.cli.progress;

import java.io.IOException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The terminal standard error writes to, as JLine sees it: how wide and tall it is now (asked again
 * on each call: the window may be resized), and whether it can keep rows for the view. Its signals
 * are left alone: {@code kart run} handles Ctrl-C itself. Thread-safe.
 */
final class TerminalWindow implements AutoCloseable {
    /** The width and height taken when the terminal does not say. */
    private static final Size FALLBACK = new Size(80, 24);

    private final Terminal terminal;

    /** @param terminal the terminal, as JLine opened it */
    TerminalWindow(Terminal terminal) {
        this.terminal = terminal;
    }

    /**
     * @return the terminal of standard error; a dumb one (no ANSI escapes) when JLine cannot tell
     * @throws IOException when the terminal cannot be opened
     */
    static TerminalWindow ofStandardError() throws IOException {
        // no native signal handlers: JLine's would replace the ones SignalInterrupts installed for Ctrl-C
        return new TerminalWindow(TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr)
                .nativeSignals(false).dumb(true).build());
    }

    /** @return whether it can keep rows for the view: see {@link StatusLines#canKeepRows} */
    boolean canKeepRows() {
        return StatusLines.canKeepRows(terminal);
    }

    /** @return its last rows, kept for lines once they are shown; only when it {@link #canKeepRows} */
    StatusLines statusLines() {
        return new StatusLines(terminal);
    }

    /** @return its size now; 80 by 24 when it does not say */
    Size size() {
        Size size = terminal.getSize();
        return size.getColumns() > 0 && size.getRows() > 0 ? size : FALLBACK;
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException e) {
            // nothing was changed on the terminal that closing would restore
        }
    }
}
