package dev.kart.core;

import dev.kart.task.NamedOutput;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one output of a task is stored in the workspace: its main output, or one of its
 * {@linkplain dev.kart.task.Task#namedOutputs() named outputs}. A location exists whether or not
 * the output has been written yet. Immutable.
 *
 * @param namedOutput the named output, or empty for the main output
 * @param relativePath the path inside the workspace, with {@code /} separators, such as
 *     {@code dev/kart/examples/books/BookReport_0237a9d9....txt}; also the name of its cache lock
 * @param uri the full location, such as {@code file:///data/resources/dev/kart/...}
 */
public record OutputLocation(Optional<NamedOutput<?>> namedOutput, String relativePath, URI uri) {
    /** Checks that no component is null. */
    public OutputLocation {
        Objects.requireNonNull(namedOutput, "namedOutput");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(uri, "uri");
    }

    /** @return whether this is the task's main output */
    public boolean isMain() {
        return namedOutput.isEmpty();
    }
}
