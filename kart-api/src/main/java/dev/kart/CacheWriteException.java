package dev.kart;

/**
 * A cache file cannot be written: the format cannot represent the value, or the disk refused
 * (full, read-only). Nothing was published and no earlier file was touched. The message names the
 * file and the task.
 */
public final class CacheWriteException extends KartException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming file and task
     * @param cause the underlying failure
     */
    public CacheWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
