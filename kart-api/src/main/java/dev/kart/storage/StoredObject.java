package dev.kart.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A published object, as {@link WorkspaceStorage#stat} and {@link WorkspaceStorage#list} see it.
 *
 * @param path its relative path
 * @param size its size in bytes
 * @param lastModified when it was published (S3's {@code Last-Modified}, a file's modification time)
 */
public record StoredObject(String path, long size, Instant lastModified) {
    /** Checks that no component is null and the size is not negative. */
    public StoredObject {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("size of " + path + " is negative: " + size);
        }
    }
}
