package dev.kart.storage;

import java.io.IOException;
import java.io.OutputStream;

/** Writes an object's content, as a {@link dev.kart.format.Format} writes a value. */
@FunctionalInterface
public interface ContentWriter {

    /**
     * @param out where the content goes; the storage closes it
     * @throws IOException when writing fails; nothing is staged
     */
    void writeTo(OutputStream out) throws IOException;
}
