package dev.kart.core.internal.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import dev.kart.core.internal.format.FormatRegistry;

/** Formats: the built-in ones and those found with {@link java.util.ServiceLoader}, by extension. */
final class FormatModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(FormatRegistry.class).in(Scopes.SINGLETON);
    }
}
