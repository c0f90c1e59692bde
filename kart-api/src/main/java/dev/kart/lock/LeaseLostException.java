package dev.kart.lock;

/**
 * A lease was no longer held when the holder was about to act on the guarded resource: it expired
 * or its renewal failed. Nothing was published.
 */
public class LeaseLostException extends LockException {
    private static final long serialVersionUID = 1L;

    /** @param message which key and what the holder was about to do */
    public LeaseLostException(String message) {
        super(message);
    }

    /**
     * @param message which key and what the holder was about to do
     * @param cause what the holder's work threw when it was stopped, if anything
     */
    public LeaseLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
