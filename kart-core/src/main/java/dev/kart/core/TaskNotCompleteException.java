package dev.kart.core;

import dev.kart.KartException;

/**
 * {@link Kart#load} was asked for the output of a task that is not complete: an output it declares
 * does not exist in the workspace. Nothing was run. The message names the task and the missing
 * output.
 */
public final class TaskNotCompleteException extends KartException {
    private static final long serialVersionUID = 1L;

    /** @param message which task, and which of its outputs is missing */
    public TaskNotCompleteException(String message) {
        super(message);
    }
}
