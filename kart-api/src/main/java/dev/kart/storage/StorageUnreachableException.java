package dev.kart.storage;

import java.io.IOException;

/**
 * The store could not be reached (connection refused, DNS, timeout), as opposed to refusing a
 * request: the CLI exits with 3, as for an unreachable lock backend. The message names the endpoint
 * or bucket and what to check.
 */
public final class StorageUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be reached, and what to check
     * @param cause the client's failure
     */
    public StorageUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
