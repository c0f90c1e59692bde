package dev.kart.core.internal.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import dev.kart.core.internal.cache.AtomicPublisher;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTargets;
import dev.kart.core.internal.cache.Workspace;

/** The workspace and its cache files: layout, targets, atomic publishing, and the store every access goes through. */
final class CacheModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Workspace.class).in(Scopes.SINGLETON);
        bind(AtomicPublisher.class).in(Scopes.SINGLETON);
        bind(CacheTargets.class).in(Scopes.SINGLETON);
        bind(CacheStore.class).in(Scopes.SINGLETON);
    }
}
