package dev.kart.examples.fencing;

import java.util.Objects;

/**
 * One row of {@code kart_fenced_writes}: a value and the fencing token of the lease it was written
 * under. Immutable.
 *
 * @param resource what the value is of, the row's key, such as {@code top-words/PERSUASION/chapter-2}
 * @param fencingToken the fencing token of the writer's run lease
 * @param value the value written
 */
public record FencedWrite(String resource, long fencingToken, String value) {
    /** Checks that no component is null. */
    public FencedWrite {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(value, "value");
    }
}
