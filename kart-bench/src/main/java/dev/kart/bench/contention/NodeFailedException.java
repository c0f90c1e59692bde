package dev.kart.bench.contention;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A node process of a spawn round that did not exit 0 after saying that its build succeeded. */
final class NodeFailedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    /** The last line of a Python traceback: {@code module.SomeError: message}. */
    private static final Pattern PYTHON_EXCEPTION = Pattern.compile("[A-Za-z_][\\w.]*(Error|Exception)(:.*)?");

    private final transient String stderr;

    /**
     * @param message what failed, with everything the node printed
     * @param stderr what the node printed on stderr
     */
    NodeFailedException(String message, String stderr) {
        super(message);
        this.stderr = stderr;
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
