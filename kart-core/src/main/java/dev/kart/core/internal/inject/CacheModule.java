package dev.kart.core.internal.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.typesafe.config.Config;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTargets;
import dev.kart.core.internal.cache.ExistenceChecks;
import dev.kart.core.internal.cache.Workspace;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.storage.WorkspaceStorages;
import dev.kart.storage.WorkspaceStorage;

/**
 * The workspace and its cache files: the storage found by the scheme of {@code kart.workspace},
 * layout, targets, and the store every access goes through.
 */
final class CacheModule extends AbstractModule {
    /**
     * The first open's failure. Stage.PRODUCTION makes every singleton eagerly and, when one fails,
     * provisions it again for each singleton that needs it (seven times for the storage): without
     * this a store that does not answer would be waited on once per dependent.
     */
    private volatile RuntimeException openFailure;

    @Override
    protected void configure() {
        bind(Workspace.class).in(Scopes.SINGLETON);
        bind(CacheTargets.class).in(Scopes.SINGLETON);
        bind(CacheStore.class).in(Scopes.SINGLETON);
        bind(ExistenceChecks.class).in(Scopes.SINGLETON);
        Provider<Config> config = getProvider(Config.class);
        Provider<KartSettings> settings = getProvider(KartSettings.class);
        Provider<TaskClasses> classes = getProvider(TaskClasses.class);
        Provider<WorkspaceStorage> storage = () -> storage(config.get(), settings.get(), classes.get().loader());
        bind(WorkspaceStorage.class).toProvider(storage).in(Scopes.SINGLETON);
    }

    private WorkspaceStorage storage(Config config, KartSettings settings, ClassLoader classLoader) {
        RuntimeException failed = openFailure;
        if (failed != null) {
            throw failed;
        }
        try {
            return WorkspaceStorages.open(config, settings.workspace(), classLoader);
        } catch (RuntimeException e) {
            openFailure = e;
            throw e;
        }
    }
}
