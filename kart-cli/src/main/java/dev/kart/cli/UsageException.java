package dev.kart.cli;

import dev.kart.KartException;
import java.util.Optional;

/**
 * The command line asks for something that cannot be: an unknown or ambiguous task name, a task
 * parameter given twice, a class-path entry that does not exist. The command exits with 2; the
 * message names the argument and what was expected.
 */
public final class UsageException extends KartException {
    private static final long serialVersionUID = 1L;

    private final String task;

    /** @param message what is wrong, naming the argument */
    public UsageException(String message) {
        super(message);
        this.task = null;
    }

    /**
     * @param message what is wrong, naming the task and its parameter
     * @param task the task whose parameters the command line got wrong, as typed
     * @param cause the error that says so
     */
    public UsageException(String message, String task, Throwable cause) {
        super(message, cause);
        this.task = task;
    }

    /** @return the task whose parameters the command line got wrong, as typed; empty when it is no task's */
    public Optional<String> task() {
        return Optional.ofNullable(task);
    }
}
