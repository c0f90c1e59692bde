package dev.kart;

/**
 * A task class or a task value is not usable: it is not a record, a parameter has an unsupported
 * type, a value is missing or does not parse, or its output cannot be stored. The message names the
 * task and the parameter.
 */
public final class TaskDefinitionException extends KartException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the task and the parameter */
    public TaskDefinitionException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the task and the parameter
     * @param cause the underlying failure
     */
    public TaskDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
