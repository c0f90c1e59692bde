package dev.kart.core.internal.format;

import dev.kart.KartException;

/** No format handles an output's extension. The message lists the supported extensions. */
public final class UnsupportedFormatException extends KartException {
    private static final long serialVersionUID = 1L;

    /** @param message the extension, who asked for it, and the supported ones */
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
