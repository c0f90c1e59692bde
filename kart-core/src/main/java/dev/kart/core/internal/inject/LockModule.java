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
 * Locks: the backend the chosen {@link LockBackendProvider} prepares from {@code kart.lock} and its own
 * section (or one given to the runtime), with its {@link CacheLock} and {@link RunLock}, whose leases
 * the runtime's {@link HeldLeases} tracks so that closing it releases them. The provider is chosen and
 * its settings checked here, when the runtime is assembled; the backend is opened (connects) when a
 * lock is first needed, see {@link LockBackendHandle}. Remembers the handle it made, so a runtime whose
 * assembly fails afterwards can close it again.
 */
final class LockModule extends AbstractModule {
    private final Optional<LockBackend> given;
    private final Optional<LockBackendProvider> provider;
    private final AtomicReference<LockBackendHandle> made = new AtomicReference<>();

    LockModule(Optional<LockBackend> given, Optional<LockBackendProvider> provider) {
        this.given = given;
        this.provider = provider;
    }

    @Provides
    @Singleton
    LockBackendHandle handle(Config config, LeaseSettings lease, @TaskClassLoader ClassLoader classLoader) {
        if (given.isPresent()) {
            return LockBackendHandle.given(given.get());
        }
        LockBackendProvider chosen = provider.orElseGet(() -> LockBackends.select(config, classLoader));
        LockBackendHandle handle = LockBackendHandle.opening(chosen.name(),
                chosen.prepare(lease, LockBackends.section(chosen, config)));
        made.set(handle);
        return handle;
    }

    @Provides
    @Singleton
    CacheLock cacheLock(LockBackendHandle handle, HeldLeases held) {
        return held.track(handle.cacheLock());
    }

    @Provides
    @Singleton
    RunLock runLock(LockBackendHandle handle, HeldLeases held) {
        return held.track(handle.runLock());
    }

    /** Closes the backend of the handle this module made, if it was opened: the runtime it was made for never started. */
    void closeOpened() {
        LockBackendHandle handle = made.getAndSet(null);
        if (handle != null) {
            handle.close();
        }
    }
}
