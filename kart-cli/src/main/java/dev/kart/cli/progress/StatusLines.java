package dev.kart.cli.progress;

import java.util.Collections;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.AbstractTerminal;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.Status;

/**
 * The last rows of a terminal, kept for the progress view by JLine's {@link Status}: a scroll region
 * above them takes everything else written to the terminal (log lines, what tasks print, the
 * terminal's echo of Ctrl-C, a library writing to the file descriptor), so that output scrolls above
 * the lines and into the terminal's scrollback without passing through this class. The lines must be
 * shorter than the terminal is wide. Thread-safe.
 */
final class StatusLines {
    private final AbstractTerminal terminal;
    private Status status;
    private Size size;
    private int shown;

    /**
     * @param terminal a terminal that {@linkplain #canKeepRows can keep rows}
     */
    StatusLines(Terminal terminal) {
        this.terminal = (AbstractTerminal) terminal;
        // not the terminal's own Status: that one is cleared when the terminal closes, at the size it knew
        this.status = new Status(this.terminal);
        this.size = terminal.getSize();
    }

    /**
     * @param terminal a terminal
     * @return whether it can keep rows at its bottom: it knows its size and takes the escapes that set
     *     a scroll region and move the cursor there and back (not {@code TERM=dumb})
     */
    static boolean canKeepRows(Terminal terminal) {
        Size size = terminal.getSize();
        return terminal instanceof AbstractTerminal && size.getRows() > 0 && size.getColumns() > 0
                && terminal.getStringCapability(Capability.change_scroll_region) != null
                && terminal.getStringCapability(Capability.save_cursor) != null
                && terminal.getStringCapability(Capability.restore_cursor) != null
                && terminal.getStringCapability(Capability.cursor_address) != null
                && terminal.getStringCapability(Capability.clr_eos) != null;
    }

    /**
     * @param lines what to show from now on, in place of what was shown
     * @param now the terminal's size now: the lines are drawn again at its bottom when it changed
     */
    synchronized void show(List<String> lines, Size now) {
        if (!now.equals(size)) {
            // the rows drawn for the old size are below the cursor, which follows the output; the
            // scroll region is the whole window again, and a new Status makes room for the lines anew
            terminal.puts(Capability.clr_eos);
            terminal.puts(Capability.save_cursor);
            terminal.puts(Capability.change_scroll_region, 0, now.getRows() - 1);
            terminal.puts(Capability.restore_cursor);
            status = new Status(terminal);
            shown = 0;
            size = now;
        } else if (lines.size() < shown) {
            // JLine 3.24 leaves a row it gives back to the output as it was: blank the rows first
            status.update(Collections.nCopies(shown, AttributedString.EMPTY));
        }
        status.update(lines.stream().map(AttributedString::new).toList());
        shown = lines.size();
    }

    /** Takes the lines away and gives their rows back to the output; the cursor stays where output goes. */
    synchronized void clear() {
        status.update(Collections.emptyList());
        shown = 0;
    }
}
