package dev.kart.cli.progress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * The last lines of a terminal, kept for the progress view while the build's other output (log lines,
 * what tasks print) scrolls above them: that output goes through {@link #above}, which takes the lines
 * away, writes the output's complete lines and draws the lines again below them. With ANSI escapes it
 * keeps any number of lines, below an empty row where it leaves the cursor: output that does not go
 * through {@link #above} (the terminal's echo of Ctrl-C, a library writing to the file descriptor)
 * then lands on that empty row, not over the lines, and is not erased with them (unless it did not end
 * its line); the lines are drawn again below it. On a terminal without ANSI escapes
 * ({@code TERM=dumb}) only the first line is kept, redrawn after a carriage return. The lines must be
 * shorter than the terminal is wide: a line that wraps would leave a row behind. Thread-safe.
 */
final class StatusLines {
    /** Back to the start of the row, and erase from there to the end of the screen. */
    private static final String ERASE_BELOW = "\r\033[J";

    private final PrintStream terminal;
    private final boolean ansi;
    private List<String> shown = List.of();

    /**
     * @param terminal where the lines are drawn (standard error, a terminal)
     * @param ansi whether the terminal takes ANSI escapes
     */
    StatusLines(PrintStream terminal, boolean ansi) {
        this.terminal = terminal;
        this.ansi = ansi;
    }

    /** @param lines what to show from now on, in place of what was shown */
    synchronized void show(List<String> lines) {
        StringBuilder out = new StringBuilder();
        erase(out);
        shown = ansi ? List.copyOf(lines) : List.copyOf(lines.subList(0, Math.min(1, lines.size())));
        if (ansi) {
            // the empty row first, where the cursor waits
            shown.forEach(line -> out.append('\n').append(line));
            if (!shown.isEmpty()) {
                out.append("\033[").append(shown.size()).append("A\r");
            }
        } else {
            out.append(String.join("\n", shown));
        }
        terminal.print(out);
        terminal.flush();
    }

    /** Takes the lines away, leaving the cursor at the start of the row where they began. */
    synchronized void clear() {
        StringBuilder out = new StringBuilder();
        erase(out);
        shown = List.of();
        terminal.print(out);
        terminal.flush();
    }

    /**
     * @param output a stream to the same terminal (standard output or error)
     * @return a stream to it whose complete lines are written above the lines shown; a line not ended
     *     yet waits for its end, or for {@link LineWise#close()}
     */
    LineWise above(OutputStream output) {
        return new LineWise(output);
    }

    private void erase(StringBuilder out) {
        if (shown.isEmpty()) {
            return;
        }
        if (ansi) {
            // also what was written over the lines since they were drawn, when it did not end its line
            out.append(ERASE_BELOW);
        } else {
            out.append('\r').append(" ".repeat(shown.get(0).length())).append('\r');
        }
    }

    /** Output that reaches the terminal line by line, above the lines shown. */
    final class LineWise extends OutputStream {
        private final OutputStream target;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        private LineWise(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            synchronized (StatusLines.this) {
                pending.write(bytes, offset, length);
                byte[] all = pending.toByteArray();
                int end = all.length;
                while (end > 0 && all[end - 1] != '\n') {
                    end--;
                }
                if (end == 0) {
                    return;
                }
                List<String> lines = shown;
                clear();
                target.write(all, 0, end);
                target.flush();
                pending.reset();
                pending.write(all, end, all.length - end);
                show(lines);
            }
        }

        /** Writes a line not ended yet, ended, above the lines shown. */
        @Override
        public void close() throws IOException {
            synchronized (StatusLines.this) {
                if (pending.size() > 0) {
                    write(new byte[] {'\n'}, 0, 1);
                }
            }
        }
    }
}
