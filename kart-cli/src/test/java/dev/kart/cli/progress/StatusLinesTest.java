package dev.kart.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a terminal shows after the status lines are drawn and other output is written, read back from
 * the bytes sent to it by a small model of a terminal (carriage return, line feed, cursor up, erase
 * below). The real terminal is {@code ProgressViewIT}'s.
 */
class StatusLinesTest {
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final PrintStream terminal = new PrintStream(sent, true, StandardCharsets.UTF_8);

    @Test
    void outputWrittenThroughAboveScrollsAboveTheLinesWhichStayAtTheBottom() throws IOException {
        StatusLines status = new StatusLines(terminal, true);
        StatusLines.LineWise err = status.above(terminal);

        status.show(List.of("kart 0% (0:00:01) running 1", "running: Slow(n=0)"));
        err.write("INFO Slow: one\nINFO Slow: two\n".getBytes(StandardCharsets.UTF_8));
        status.show(List.of("kart 0% (0:00:02) running 1", "running: Slow(n=0)"));
        err.write("INFO Slow: three\n".getBytes(StandardCharsets.UTF_8));

        assertThat(screen()).containsExactly("INFO Slow: one", "INFO Slow: two", "INFO Slow: three", "",
                "kart 0% (0:00:02) running 1", "running: Slow(n=0)");
    }

    @Test
    void aLineNotEndedWaitsForItsEndAndCloseEndsIt() throws IOException {
        StatusLines status = new StatusLines(terminal, true);
        StatusLines.LineWise out = status.above(terminal);
        status.show(List.of("kart 0%", "running: Slow(n=0)"));

        out.write("progress of a task: 10%".getBytes(StandardCharsets.UTF_8));
        assertThat(screen()).containsExactly("", "kart 0%", "running: Slow(n=0)");

        out.write(", 20%\nand on".getBytes(StandardCharsets.UTF_8));
        assertThat(screen()).containsExactly("progress of a task: 10%, 20%", "", "kart 0%", "running: Slow(n=0)");

        out.close();
        assertThat(screen()).containsExactly("progress of a task: 10%, 20%", "and on", "", "kart 0%", "running: Slow(n=0)");
    }

    @Test
    void outputWrittenPastTheViewLandsOnTheEmptyRowAboveTheLinesAndTheNextDrawIsBelowIt() {
        StatusLines status = new StatusLines(terminal, true);
        status.show(List.of("kart 0% (0:00:01) running 2", "running: Slow(n=0), Slow(n=1)"));

        // what goes to the terminal without the view knowing: Ctrl-C's echo, then a line of a native library
        terminal.print("^C");
        terminal.print("native: a line\n");
        status.show(List.of("kart 0% (0:00:02) running 2", "running: Slow(n=0), Slow(n=1)"));

        assertThat(screen()).containsExactly("^Cnative: a line", "", "kart 0% (0:00:02) running 2",
                "running: Slow(n=0), Slow(n=1)");
    }

    @Test
    void clearLeavesTheCursorWhereTheFirstLineWasForWhatFollows() {
        StatusLines status = new StatusLines(terminal, true);
        status.show(List.of("kart 50% (0:00:03) running 1", "running: Slow(n=1)", "Slow(n=2) waits for run lock"));

        status.clear();
        terminal.println("kart 100% (0:00:04) running 0, failed 0");
        terminal.println("===== kart execution summary =====");

        assertThat(screen()).containsExactly("kart 100% (0:00:04) running 0, failed 0", "===== kart execution summary =====", "");
    }

    @Test
    void aTerminalWithoutAnsiEscapesShowsTheFirstLineRedrawnInPlace() throws IOException {
        StatusLines status = new StatusLines(terminal, false);
        StatusLines.LineWise err = status.above(terminal);

        status.show(List.of("kart 0% (0:00:01) running 12, failed 0", "running: Slow(n=0)"));
        status.show(List.of("kart 0% (0:00:02) running 1", "running: Slow(n=0)"));
        err.write("INFO Slow: one\n".getBytes(StandardCharsets.UTF_8));

        assertThat(sent.toString(StandardCharsets.UTF_8)).doesNotContain("\033");
        assertThat(screen()).containsExactly("INFO Slow: one", "kart 0% (0:00:02) running 1");
    }

    /** @return the rows of a terminal that was sent these bytes, from the first on, trailing spaces cut */
    private List<String> screen() {
        String text = sent.toString(StandardCharsets.UTF_8);
        List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
        int row = 0;
        int column = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\033') {
                int end = i + 2;
                while (!Character.isLetter(text.charAt(end))) {
                    end++;
                }
                String argument = text.substring(i + 2, end);
                char command = text.charAt(end);
                if (command == 'A') {
                    row = Math.max(0, row - (argument.isEmpty() ? 1 : Integer.parseInt(argument)));
                } else if (command == 'J') {
                    rows.get(row).setLength(Math.min(column, rows.get(row).length()));
                    while (rows.size() > row + 1) {
                        rows.remove(rows.size() - 1);
                    }
                }
                i = end;
            } else if (c == '\r') {
                column = 0;
            } else if (c == '\n') {
                row++;
                column = 0;
                if (rows.size() <= row) {
                    rows.add(new StringBuilder());
                }
            } else {
                StringBuilder line = rows.get(row);
                while (line.length() < column) {
                    line.append(' ');
                }
                if (column < line.length()) {
                    line.setCharAt(column, c);
                } else {
                    line.append(c);
                }
                column++;
            }
        }
        return rows.stream().map(line -> line.toString().stripTrailing()).toList();
    }
}
