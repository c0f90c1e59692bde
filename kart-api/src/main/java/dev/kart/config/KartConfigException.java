package dev.kart.config;

import dev.kart.KartException;

/**
 * The configuration is not usable: a file does not parse, a key is unknown, or a value has the
 * wrong type or range. The message names the key's full path, where it was set, and what was
 * expected. Also thrown when a class registered for {@code ServiceLoader} (a lock backend, a
 * workspace storage, a format) cannot be used, or two formats claim one extension: the message
 * then names the {@code META-INF/services} file and the class.
 */
public final class KartConfigException extends KartException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the key */
    public KartConfigException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the key
     * @param cause the underlying failure, such as the config library's exception
     */
    public KartConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
