package dev.kart.core.internal.inject;

import java.util.Objects;

/**
 * Where task classes, formats, lock backends and application.conf are found: the class loader,
 * bound as a type of its own rather than as a {@code ClassLoader} with a qualifier annotation. A
 * qualifier makes Guice read the annotation and its meta-annotations by reflection at every start,
 * and the JDK make a dynamic proxy class for two of them (3–7 ms of a cached {@code kart run}'s
 * CPU, docs/benchmarks.md, "Fifteenth part").
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
