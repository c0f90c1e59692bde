package dev.kart.core.internal.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import dev.kart.core.internal.lock.HeldLeases;
import dev.kart.core.internal.lock.LockBackendHandle;
import dev.kart.core.internal.lock.LockBackends;
import dev.kart.lock.CacheLock;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.lock.RunLock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Locks: the backend the chosen {@link LockBackendProvider} opens from {@code kart.lock} and its own
 * section (or one given to the runtime), with its {@link CacheLock} and {@link RunLock}, whose leases
 * the runtime's {@link HeldLeases} tracks so that closing it releases them. Remembers
 * what it opened, so a runtime whose assembly fails afterwards can close it again.
 */
final class LockModule extends AbstractModule {
    private final Optional<LockBackend> given;
    private final Optional<LockBackendProvider> provider;
    private final AtomicReference<LockBackendHandle> opened = new AtomicReference<>();

    LockModule(Optional<LockBackend> given, Optional<LockBackendProvider> provider) {
        this.given = given;
        this.provider = provider;
    }

    @Provides
    @Singleton
    LockBackendHandle handle(Config config, LeaseSettings lease, @TaskClassLoader ClassLoader classLoader) {
        if (given.isPresent()) {
            return new LockBackendHandle(given.get(), "given", false);
        }
        LockBackendProvider chosen = provider.orElseGet(() -> LockBackends.select(config, classLoader));
        LockBackendHandle handle = new LockBackendHandle(chosen.open(lease, LockBackends.section(chosen, config)),
                chosen.name(), true);
        opened.set(handle);
        return handle;
    }

    @Provides
    LockBackend backend(LockBackendHandle handle) {
        return handle.backend();
    }

    @Provides
    @Singleton
    CacheLock cacheLock(LockBackend backend, HeldLeases held) {
        return held.track(backend.cacheLock());
    }

    @Provides
    @Singleton
    RunLock runLock(LockBackend backend, HeldLeases held) {
        return held.track(backend.runLock());
    }

    /** Closes the backend this module opened, if any: the runtime it was opened for never started. */
    void closeOpened() {
        LockBackendHandle handle = opened.getAndSet(null);
        if (handle != null) {
            handle.close();
        }
    }
}
