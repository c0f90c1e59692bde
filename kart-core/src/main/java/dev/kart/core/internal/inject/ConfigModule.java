package dev.kart.core.internal.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.typesafe.config.Config;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.config.LeaseConfig;
import dev.kart.core.internal.config.TaskSections;
import dev.kart.core.internal.info.ProcessIdentity;
import dev.kart.core.internal.parameter.TaskFactory;
import dev.kart.lock.LeaseSettings;

/**
 * Configuration: the loaded {@link Config}, the task class loader, the settings read from them once
 * at start (every value checked, errors naming the key), and tasks made from configured values.
 */
final class ConfigModule extends AbstractModule {
    private final Config config;
    private final ClassLoader classLoader;

    ConfigModule(Config config, ClassLoader classLoader) {
        this.config = config;
        this.classLoader = classLoader;
    }

    @Override
    protected void configure() {
        bind(TaskSections.class).in(Scopes.SINGLETON);
        bind(TaskFactory.class).in(Scopes.SINGLETON);
        // Bound to providers rather than with toInstance: Guice scans an instance's class for members to
        // inject, and the config's and the class loader's classes have hundreds of fields and methods (about
        // 0.01 CPU-s of every start). Providers in code rather than @Provides methods, in every module:
        // Guice reads each method of a module to find those, and makes a provider of each by reflection.
        Provider<Config> configs = () -> config;
        bind(Config.class).toProvider(configs);
        TaskClasses classes = new TaskClasses(classLoader);
        Provider<TaskClasses> taskClasses = () -> classes;
        bind(TaskClasses.class).toProvider(taskClasses);
        Provider<KartSettings> settings = () -> KartSettings.from(config);
        bind(KartSettings.class).toProvider(settings).in(Scopes.SINGLETON);
        Provider<LeaseSettings> lease = () -> LeaseConfig.read(config, ProcessIdentity.current().toString());
        bind(LeaseSettings.class).toProvider(lease).in(Scopes.SINGLETON);
    }
}
