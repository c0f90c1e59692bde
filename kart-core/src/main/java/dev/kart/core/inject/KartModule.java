package dev.kart.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import dev.kart.core.config.ConfigLockSettings;
import dev.kart.core.config.KartSettings;
import dev.kart.core.config.TaskSections;
import dev.kart.core.format.FormatRegistry;
import dev.kart.core.graph.GraphBuilder;
import dev.kart.core.info.ProcessIdentity;
import dev.kart.core.info.TaskInfoWriter;
import dev.kart.core.parameter.TaskFactory;
import dev.kart.core.schedule.BuildRunner;
import dev.kart.core.cache.AtomicPublisher;
import dev.kart.core.cache.CacheStore;
import dev.kart.core.cache.CacheTargets;
import dev.kart.core.cache.Workspace;
import dev.kart.lock.CacheLock;
import dev.kart.lock.LockSettings;
import dev.kart.lock.RunLock;

/**
 * Wires kart's runtime from a loaded configuration. The lock backend comes from a
 * {@link LockBackendModule}, installed here.
 */
public final class KartModule extends AbstractModule {
    private final Config config;
    private final ClassLoader classLoader;
    private final LockBackendModule locks;

    /**
     * @param config the loaded, checked configuration
     * @param classLoader where task classes, formats and lock backends are found
     * @param locks provides the lock backend
     */
    public KartModule(Config config, ClassLoader classLoader, LockBackendModule locks) {
        this.config = config;
        this.classLoader = classLoader;
        this.locks = locks;
    }

    @Override
    protected void configure() {
        bind(Config.class).toInstance(config);
        bind(ClassLoader.class).toInstance(classLoader);
        install(locks);
    }

    @Provides
    @Singleton
    KartSettings settings() {
        return KartSettings.from(config);
    }

    @Provides
    @Singleton
    LockSettings lockSettings() {
        return new ConfigLockSettings(config, ProcessIdentity.current().toString());
    }

    @Provides
    @Singleton
    Workspace workspace(KartSettings settings) {
        return new Workspace(settings.workspace());
    }

    @Provides
    @Singleton
    FormatRegistry formats(KartSettings settings) {
        return new FormatRegistry(settings.javaAllowList(), classLoader);
    }

    @Provides
    @Singleton
    TaskSections sections(KartSettings settings) {
        return new TaskSections(config, settings, classLoader);
    }

    @Provides
    @Singleton
    CacheStore store(Workspace workspace, KartSettings settings, CacheLock cacheLock) {
        return new CacheStore(new AtomicPublisher(workspace, settings.durable()), cacheLock, settings.cacheWaitTimeout());
    }

    @Provides
    @Singleton
    GraphBuilder graphs(Workspace workspace, FormatRegistry formats, CacheStore store, TaskSections sections) {
        return new GraphBuilder(new CacheTargets(workspace, formats), store, sections);
    }

    @Provides
    @Singleton
    TaskInfoWriter taskInfo(Workspace workspace, KartSettings settings) {
        return new TaskInfoWriter(workspace, settings.taskInfo());
    }

    @Provides
    @Singleton
    TaskFactory taskFactory(TaskSections sections) {
        return new TaskFactory(sections);
    }

    @Provides
    @Singleton
    BuildRunner builds(GraphBuilder graphs, CacheStore store, RunLock runLock, TaskInfoWriter taskInfo,
            KartSettings settings) {
        return new BuildRunner(graphs, store, runLock, taskInfo, settings);
    }
}
