package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Commands run in real pseudo-terminals, one tmux session each, whose screens the test reads as a
 * user sees them ({@code tmux capture-pane}). The sessions live on a tmux server of their own (a
 * private socket, {@code tmux -L kart-test-...}, without the user's configuration), which
 * {@link #close()} kills with everything running in it.
 */
public final class TmuxScreens implements AutoCloseable {
    /** A hang guard for one tmux command. */
    private static final long TMUX_SECONDS = 30;
    /** How often a screen is read again while waiting for it. */
    private static final long POLL_MILLIS = 200;
    /** What a session prints once its command ended, with the exit code. */
    public static final String EXITED = "[command exited with ";

    private final String socket = "kart-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final int columns;
    private final int rows;

    /**
     * @param columns the width of every session's terminal
     * @param rows its height
     */
    public TmuxScreens(int columns, int rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * Starts a command in a new session. Once it ends, the session says so ({@value #EXITED}, the
     * exit code and {@code ]}) and stays, so its last screen can still be read.
     *
     * @param name the session's name
     * @param directory the working directory
     * @param command the command line
     * @throws IOException when tmux cannot be started
     * @throws InterruptedException when interrupted
     */
    public void start(String name, Path directory, List<String> command) throws IOException, InterruptedException {
        String line = command.stream().map(TmuxScreens::quoted).collect(Collectors.joining(" "));
        tmux("new-session", "-d", "-s", name, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                "-c", directory.toString(),
                "env -u KART_WORKSPACE " + line + "; echo \"" + EXITED + "$?]\"; exec sleep 3600");
    }

    /**
     * @param name a session
     * @return the process id of the command it runs (the child of the session's shell)
     * @throws AssertionError when it has none within the hang guard
     */
    public long commandPid(String name) throws IOException, InterruptedException {
        long shell = Long.parseLong(tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TMUX_SECONDS);
        while (System.nanoTime() < deadline) {
            var child = ProcessHandle.of(shell).orElseThrow().children().findFirst();
            if (child.isPresent()) {
                return child.get().pid();
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError("session " + name + " started no command within " + TMUX_SECONDS + " s");
    }

    /**
     * Types a key into a session's terminal, as a user presses it.
     *
     * @param name a session
     * @param key the key in tmux's words, such as {@code C-c} for Ctrl-C
     */
    public void press(String name, String key) throws IOException, InterruptedException {
        tmux("send-keys", "-t", name, key);
    }

    /**
     * @param name a session
     * @return the rows of its screen now, trailing spaces cut
     */
    public List<String> screen(String name) throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", name).lines().map(String::stripTrailing).toList();
    }

    /**
     * @param screen a session's screen
     * @return whether it shows that the session's command ended
     */
    public static boolean exited(List<String> screen) {
        return screen.stream().anyMatch(line -> line.startsWith(EXITED));
    }

    /**
     * @param name a session
     * @return everything it showed, the rows scrolled away first
     */
    public String history(String name) throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-S", "-", "-t", name);
    }

    /**
     * Reads the screen until it shows what is wanted.
     *
     * @param name a session
     * @param what what is wanted, for the message
     * @param wanted tests the screen's rows
     * @param timeout how long to wait at most
     * @return the screen that showed it
     * @throws AssertionError when the timeout passed first, with the last screen and the history
     */
    public List<String> await(String name, String what, Predicate<List<String>> wanted, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> screen = screen(name);
        while (!wanted.test(screen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("session " + name + " did not show " + what + " within " + timeout
                        + "; its screen:\n" + String.join("\n", screen) + "\n--- its history:\n" + history(name));
            }
            Thread.sleep(POLL_MILLIS);
            screen = screen(name);
        }
        return screen;
    }

    /**
     * Kills the tmux server of these sessions and every command still running in them, and deletes its
     * socket; a server that never started (no session) is no error.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        Ran socketPath = run(List.of("display-message", "-p", "#{socket_path}"));
        run(List.of("kill-server"));
        if (socketPath.exitCode() == 0 && !socketPath.output().isBlank()) {
            Files.deleteIfExists(Path.of(socketPath.output().strip()));
        }
    }

    private String tmux(String... arguments) throws IOException, InterruptedException {
        Ran ran = run(List.of(arguments));
        assertThat(ran.exitCode()).as("tmux %s: %s", List.of(arguments), ran.output()).isZero();
        return ran.output();
    }

    /** An ended tmux command. */
    private record Ran(int exitCode, String output) {
    }

    private Ran run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        command.addAll(arguments);
        Path output = Files.createTempFile("tmux", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(TMUX_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tmux hung: " + command);
            }
            return new Ran(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
