package dev.kart.lock;

import dev.kart.KartException;

/**
 * The lock backend failed: it cannot be reached, timed out, or refused a command. The message
 * names the backend, its address (never a password) and the key concerned.
 */
public class LockException extends KartException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the backend and key */
    public LockException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the backend and key
     * @param cause the client library's exception
     */
    public LockException(String message, Throwable cause) {
        super(message, cause);
    }
}
