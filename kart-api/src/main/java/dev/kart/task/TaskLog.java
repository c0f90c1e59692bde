package dev.kart.task;

/**
 * A task's log. Lines are kept in the task's task info file and forwarded to the SLF4J logger
 * named after the task's class. Messages use SLF4J's {@code {}} placeholders. Thread-safe: lines
 * logged from several threads are all kept, each whole.
 */
public interface TaskLog {

    /**
     * Records an informational line.
     *
     * @param message the message, with {@code {}} for each argument
     * @param args the arguments, rendered with {@code String.valueOf}
     */
    void info(String message, Object... args);

    /**
     * Records a warning.
     *
     * @param message the message, with {@code {}} for each argument
     * @param args the arguments, rendered with {@code String.valueOf}
     */
    void warn(String message, Object... args);
}
