package dev.kart.core.internal.model;

import dev.kart.KartException;

/**
 * A task's constructor (a record's compact constructor, its validation) threw when given parameter values:
 * the values are wrong, not the task class. {@link TaskType#instantiate} raises it; whoever gave the values
 * says where they came from.
 */
public final class ParametersRejectedException extends KartException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message {@code task FAMILY rejected its parameters: } and the constructor's own message
     * @param cause what the constructor threw
     */
    public ParametersRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
