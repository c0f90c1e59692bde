package dev.kart.cli;

import dev.kart.KartException;

/**
 * The command line asks for something that cannot be: an unknown or ambiguous task name, a task
 * parameter given twice, a class-path entry that does not exist. The command exits with 2; the
 * message names the argument and what was expected.
 */
public final class UsageException extends KartException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the argument */
    public UsageException(String message) {
        super(message);
    }
}
