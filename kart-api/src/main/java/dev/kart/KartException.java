package dev.kart;

/**
 * Base of every exception kart throws on purpose. Its message always names the thing at fault
 * (a task, a parameter, a config key, a file or a lock key) and what was expected instead.
 */
public class KartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the thing at fault */
    public KartException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the thing at fault
     * @param cause the underlying failure
     */
    public KartException(String message, Throwable cause) {
        super(message, cause);
    }
}
