package dev.kart.lock;

/**
 * Something that is no lock of kart's stands at the key a lock backend keeps a lock under: another
 * application's value, as when it shares the backend's key prefix ({@code kart.lock.prefix}). The lock
 * can be neither taken nor waited for, since no release of a kart node ever ends that value. The
 * message names the backend, the key and what stands there; the backend leaves the value as it was.
 * Not a held lock: a lock another holder has is an empty acquire, or a {@link LockCollisionException}.
 *
 * <p>kart's runtime does not retry a task whose attempt fails with it (also as the cause of another
 * error), whatever {@code kart.retry.count} says: every retry would be refused the same way until a
 * person removes the value or gives kart a prefix of its own.
 */
public final class LockKeyOccupiedException extends LockException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused, naming the backend, the key and what stands there */
    public LockKeyOccupiedException(String message) {
        super(message);
    }

    /**
     * @param message what was refused, naming the backend, the key and what stands there
     * @param cause the backend's own refusal (such as the server's error reply), or null
     */
    public LockKeyOccupiedException(String message, Throwable cause) {
        super(message, cause);
    }
}
