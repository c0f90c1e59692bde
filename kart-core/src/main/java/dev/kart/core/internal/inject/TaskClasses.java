package dev.kart.core.internal.inject;

import java.util.Objects;

/**
 * Where task classes, formats, lock backends and application.conf are found: the class loader,
 * bound as a type of its own rather than as a {@code ClassLoader} with a qualifier annotation. A
 * qualifier makes Guice read the annotation and its meta-annotations by reflection at every start,
 * which made a dynamic proxy class for each (about 16 ms of a cached {@code kart run}'s CPU).
 *
 * @param loader the class loader
 */
public record TaskClasses(ClassLoader loader) {
    /**
     * @param loader the class loader
     * @throws NullPointerException when it is null
     */
    public TaskClasses {
        Objects.requireNonNull(loader, "loader");
    }
}
