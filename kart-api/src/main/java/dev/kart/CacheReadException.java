package dev.kart;

/**
 * A cache file cannot be read: missing, empty, corrupt, truncated, or written by another task
 * definition. The file is left as it is. The message names the file, its task, and the type expected.
 */
public final class CacheReadException extends KartException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming file, task and expected type
     * @param cause the format's failure
     */
    public CacheReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
