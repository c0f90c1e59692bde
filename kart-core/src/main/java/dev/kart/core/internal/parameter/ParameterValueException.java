package dev.kart.core.internal.parameter;

import dev.kart.KartException;

/**
 * A parameter value given on the command line, in config or in {@link dev.kart.task.Default} does
 * not parse as the parameter's type, a required value is missing, or the task's record rejects the
 * values. The message names the task, the parameter, the value and the expected type (or the
 * record's reason).
 */
public final class ParameterValueException extends KartException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the task, parameter, value and expected type */
    public ParameterValueException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the parse failure
     */
    public ParameterValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
