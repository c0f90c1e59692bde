package dev.kart.lock;

/**
 * The key a lock backend keeps a lock under holds a value that is no lock of kart's (another
 * application's, when it shares the backend's key prefix, {@code kart.lock.prefix}): the lock can be
 * neither taken nor waited for, since no release of a kart node ever ends that value. The message
 * names the backend, the key and what it holds, and leaves the value as it was.
 *
 * <p>kart's runtime does not retry a task whose attempt fails with it, whatever
 * {@code kart.retry.count} says: every retry would be refused the same way until a person removes the
 * value or gives kart a prefix of its own.
 */
public final class LockKeyConflictException extends LockException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused, naming the backend, the key and what it holds
     * @param cause the backend's own refusal (such as the server's error), if any
     */
    public LockKeyConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
