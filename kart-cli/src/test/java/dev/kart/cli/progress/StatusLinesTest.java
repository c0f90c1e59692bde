package dev.kart.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.cli.TmuxScreens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees after the status lines are drawn while other output is written to the same
 * terminal: the bytes a JLine terminal of {@value #COLUMNS} by {@value #ROWS} sent, with output
 * written straight to the same stream in between (as a log appender or a task writes to the file
 * descriptor), are shown in a real terminal (a tmux session of that size), and its screen and
 * scrollback are read. The session then prints {@link TmuxScreens#EXITED} where the cursor was left.
 */
class StatusLinesTest {
    private static final int COLUMNS = 60;
    private static final int ROWS = 8;
    private static final Size SIZE = new Size(COLUMNS, ROWS);

    @TempDir
    Path directory;

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final TmuxScreens screens = new TmuxScreens(COLUMNS, ROWS);

    @AfterEach
    void killTheSessions() throws Exception {
        screens.close();
    }

    @Test
    void outputScrollsAboveTheLinesIntoTheScrollbackWhileTheLinesStayAtTheBottom() throws Exception {
        try (Terminal terminal = terminal("screen")) {
            StatusLines status = new StatusLines(terminal);

            status.show(List.of("kart 0% (0:00:01) running 1", "running: Slow(n=0)"), SIZE);
            IntStream.rangeClosed(1, 5).forEach(n -> write("INFO Slow: " + n + "\n"));
            status.show(List.of("kart 0% (0:00:02) running 1", "running: Slow(n=0)"), SIZE);
            IntStream.rangeClosed(6, 12).forEach(n -> write("INFO Slow: " + n + "\n"));
            write("^C");
            write("Stopping the build\n");
            status.show(List.of("kart 0% (0:00:03) running 1", "running: Slow(n=0)"), SIZE);
        }

        List<String> screen = show();
        assertThat(screen).containsExactly("INFO Slow: 10", "INFO Slow: 11", "INFO Slow: 12", "^CStopping the build",
                TmuxScreens.EXITED + "0]", "", "kart 0% (0:00:03) running 1", "running: Slow(n=0)");
        assertThat(screens.history("view")).as("every line of output, once, in order, and no line of the view")
                .startsWith(String.join("\n", IntStream.rangeClosed(1, 12).mapToObj(n -> "INFO Slow: " + n).toList())
                        + "\n^CStopping the build\n");
    }

    @Test
    void aLineTheViewGivesBackToTheOutputIsEmpty() throws Exception {
        try (Terminal terminal = terminal("screen")) {
            StatusLines status = new StatusLines(terminal);

            status.show(List.of("kart 0% (0:00:01) running 2", "running: Slow(n=0), Slow(n=1)",
                    "Slow(n=2) waits for run lock held by build-2:4170"), SIZE);
            write("INFO Slow: one\n");
            status.show(List.of("kart 50% (0:00:02) running 1", "running: Slow(n=1)"), SIZE);
            IntStream.rangeClosed(1, 6).forEach(n -> write("INFO Slow: " + n + "\n"));
        }

        List<String> screen = show();
        assertThat(screen).containsExactly("INFO Slow: 3", "INFO Slow: 4", "INFO Slow: 5", "INFO Slow: 6",
                TmuxScreens.EXITED + "0]", "", "kart 50% (0:00:02) running 1", "running: Slow(n=1)");
        assertThat(screens.history("view")).doesNotContain("waits for run lock");
    }

    @Test
    void clearGivesTheRowsBackAndWhatIsPrintedNextFollowsTheOutput() throws Exception {
        try (Terminal terminal = terminal("screen")) {
            StatusLines status = new StatusLines(terminal);

            status.show(List.of("kart 50% (0:00:03) running 1", "running: Slow(n=1)", "Slow(n=2) waits for run lock"), SIZE);
            write("INFO Slow: one\n");
            status.clear();
            write("kart 100% (0:00:04) running 0, failed 0\n===== kart execution summary =====\n");
        }

        assertThat(show()).containsExactly("INFO Slow: one", "kart 100% (0:00:04) running 0, failed 0",
                "===== kart execution summary =====", TmuxScreens.EXITED + "0]", "", "", "", "");
    }

    @Test
    void aTerminalWithoutAScrollRegionCannotKeepRows() throws IOException {
        try (Terminal dumb = terminal("dumb"); Terminal screen = terminal("screen")) {
            assertThat(StatusLines.canKeepRows(dumb)).isFalse();
            assertThat(StatusLines.canKeepRows(screen)).isTrue();
        }
    }

    /** @return a terminal of the test's size whose output goes to {@link #sent} */
    private Terminal terminal(String type) throws IOException {
        ExternalTerminal terminal = new ExternalTerminal("test", type, InputStream.nullInputStream(), sent,
                StandardCharsets.UTF_8);
        terminal.setSize(SIZE);
        return terminal;
    }

    /** Writes to the terminal past the status lines, as a log appender writes to the file descriptor. */
    private void write(String output) {
        sent.writeBytes(output.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the screen of a real terminal of the test's size that was sent {@link #sent} */
    private List<String> show() throws Exception {
        Path bytes = directory.resolve("sent");
        Files.write(bytes, sent.toByteArray());
        screens.start("view", directory, List.of("cat", bytes.toString()));
        return screens.await("view", "the end", TmuxScreens::exited, Duration.ofSeconds(30));
    }
}
