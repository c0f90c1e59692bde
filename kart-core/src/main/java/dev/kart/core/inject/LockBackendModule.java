package dev.kart.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import dev.kart.core.lock.LockBackends;
import dev.kart.lock.CacheLock;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockSettings;
import dev.kart.lock.RunLock;
import java.util.Optional;

/**
 * Binds the lock backend: the one given, or the one {@code kart.lock.backend} selects among the
 * {@link dev.kart.lock.LockBackendProvider}s on the class path, opened from the {@code kart.lock}
 * section. Its {@link CacheLock} and {@link RunLock} are bound too.
 */
public final class LockBackendModule extends AbstractModule {
    private final Optional<LockBackend> given;

    private LockBackendModule(Optional<LockBackend> given) {
        this.given = given;
    }

    /** @return a module that opens the backend named in config */
    public static LockBackendModule fromConfig() {
        return new LockBackendModule(Optional.empty());
    }

    /**
     * @param backend an open backend to use as it is, such as one shared by two runtimes in a test
     * @return a module binding it
     */
    public static LockBackendModule of(LockBackend backend) {
        return new LockBackendModule(Optional.of(backend));
    }

    @Provides
    @Singleton
    LockBackend backend(Config config, LockSettings settings, ClassLoader classLoader) {
        return given.orElseGet(() -> LockBackends.open(config.getString("kart.lock.backend"), settings, classLoader));
    }

    @Provides
    @Singleton
    CacheLock cacheLock(LockBackend backend) {
        return backend.cacheLock();
    }

    @Provides
    @Singleton
    RunLock runLock(LockBackend backend) {
        return backend.runLock();
    }
}
