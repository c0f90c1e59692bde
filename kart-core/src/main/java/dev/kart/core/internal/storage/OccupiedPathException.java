package dev.kart.core.internal.storage;

import java.nio.file.FileAlreadyExistsException;

/**
 * Something that is no file stands where a file is to be published (a directory, a FIFO or a
 * device, or a symbolic link to one or to nothing), and was left as it was. Only a person can mend
 * it, so a task whose publish fails with it is not retried: each attempt would run {@code run()}
 * again to be refused the same way. The message names the path and what stands there.
 */
public final class OccupiedPathException extends FileAlreadyExistsException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path the path refused
     * @param reason what stands there and what to do
     */
    OccupiedPathException(String path, String reason) {
        super(path, null, reason);
    }
}
