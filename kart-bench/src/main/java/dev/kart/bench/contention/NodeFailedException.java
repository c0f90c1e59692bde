package dev.kart.bench.contention;

import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A node process of a spawn round that failed: it exited with a code other than 0, or did not print
 * the line that says its build succeeded.
 */
final class NodeFailedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    /** The last line of a Python traceback: {@code module.SomeError: message}. */
    private static final Pattern PYTHON_EXCEPTION = Pattern.compile("[A-Za-z_][\\w.]*(Error|Exception)(:.*)?");

    private final String directory;
    private final String stderr;

    /**
     * @param message what failed, with everything the node printed
     * @param directory the round's directory, which keeps the node's output files
     * @param stderr what the node printed on stderr
     */
    NodeFailedException(String message, Path directory, String stderr) {
        super(message);
        this.directory = directory.toString();
        this.stderr = stderr;
    }

    /** @return the round's directory, which keeps the node's output files until the scenario ends */
    String directory() {
        return directory;
    }

    /**
     * @return the distinct last lines of the Python tracebacks on the node's stderr ({@code
     *     FileNotFoundError: ...}), in order, joined by {@code " | "}; a note saying so when there are none
     */
    String exceptionLines() {
        String lines = stderr.lines().map(String::strip).filter(line -> PYTHON_EXCEPTION.matcher(line).matches())
                .distinct().collect(Collectors.joining(" | "));
        return lines.isEmpty() ? "(no exception line on stderr)" : lines;
    }
}
