package dev.kart.core.internal.storage;

import dev.kart.core.internal.failure.Causes;
import java.nio.file.FileAlreadyExistsException;
import java.util.Optional;

/**
 * Something that is no file stands where a file is to be published (a directory, a FIFO or a
 * device, or a symbolic link to one or to nothing), and was left as it was. Only a person can mend
 * it, so a task whose publish fails with it is not retried: each attempt would run {@code run()}
 * again to be refused the same way. The message names the path and what stands there.
 */
public final class OccupiedPathException extends FileAlreadyExistsException {
    private static final long serialVersionUID = 1L;

    private final String occupant;

    /**
     * @param path the path refused
     * @param occupant what stands there, as a clause ({@link PathOccupant#at})
     * @param reason what stands there and what to do
     */
    OccupiedPathException(String path, String occupant, String reason) {
        super(path, null, reason);
        this.occupant = occupant;
    }

    /**
     * @return what stands there, as a clause: {@code a directory stands there}, or {@code a file stands
     *     at /w/dev, where a directory belongs} for one of the path's directories
     */
    public String occupant() {
        return occupant;
    }

    /**
     * @param error an error
     * @return the refusal among it and its causes: no retry of what failed with it is published until
     *     a person removes what stands there; empty when there is none
     */
    public static Optional<OccupiedPathException> in(Throwable error) {
        return Causes.find(error, OccupiedPathException.class::isInstance).map(OccupiedPathException.class::cast);
    }
}
