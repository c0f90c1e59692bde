package dev.kart.core.internal.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.typesafe.config.Config;
import dev.kart.KartException;
import dev.kart.config.ConfigSection;
import dev.kart.core.internal.config.LeaseConfig;
import dev.kart.core.internal.lock.HeldLeases;
import dev.kart.core.internal.lock.LockBackendHandle;
import dev.kart.core.internal.lock.LockBackends;
import dev.kart.lock.CacheLock;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.lock.RunLock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks: the backend the chosen {@link LockBackendProvider} prepares from {@code kart.lock} and its own
 * section (or one given to the runtime), with its {@link CacheLock} and {@link RunLock}, whose leases
 * the runtime's {@link HeldLeases} tracks so that closing it releases them. The provider is chosen and
 * its settings checked here, when the runtime is assembled, and so are the sections of the other providers
 * on the class path ({@link LockBackendProvider#check}), unless a provider or a backend was given to the runtime,
 * which then looks for no providers at all; the backend is opened (connects) when a
 * lock is first needed, see {@link LockBackendHandle}. Remembers the handle it made, so a runtime whose
 * assembly fails afterwards can close it again.
 */
final class LockModule extends AbstractModule {
    /** Where configuration warnings go, as users filter them: a TTL key that another one replaced. */
    private static final Logger CONFIG_LOG = LoggerFactory.getLogger("dev.kart.config");
    private final Optional<LockBackend> given;
    private final Optional<LockBackendProvider> provider;
    private final AtomicReference<LockBackendHandle> made = new AtomicReference<>();
    /**
     * The lease derived for the chosen backend: once per runtime assembly, though Guice provisions the handle again
     * for each binding that needs it after one attempt failed, so that its warning is logged once.
     */
    private final AtomicReference<LeaseSettings> derived = new AtomicReference<>();

    LockModule(Optional<LockBackend> given, Optional<LockBackendProvider> provider) {
        this.given = given;
        this.provider = provider;
    }

    @Override
    protected void configure() {
        Provider<Config> config = getProvider(Config.class);
        Provider<LeaseSettings> lease = getProvider(LeaseSettings.class);
        Provider<TaskClasses> classes = getProvider(TaskClasses.class);
        Provider<LockBackendHandle> handles = () -> handle(config.get(), lease.get(), classes.get().loader());
        bind(LockBackendHandle.class).toProvider(handles).in(Scopes.SINGLETON);
        Provider<LockBackendHandle> handle = getProvider(LockBackendHandle.class);
        Provider<HeldLeases> held = getProvider(HeldLeases.class);
        Provider<CacheLock> cacheLock = () -> held.get().track(handle.get().cacheLock());
        bind(CacheLock.class).toProvider(cacheLock).in(Scopes.SINGLETON);
        Provider<RunLock> runLock = () -> held.get().track(handle.get().runLock());
        bind(RunLock.class).toProvider(runLock).in(Scopes.SINGLETON);
    }

    private LockBackendHandle handle(Config config, LeaseSettings lease, ClassLoader classLoader) {
        if (given.isPresent()) {
            LeaseConfig.requireRenewalBeforeExpiry(config, lease, lease);
            return LockBackendHandle.given(given.get(), lease);
        }
        LockBackendHandle handle;
        if (provider.isPresent()) {
            // a provider passed in is the run's whatever the class path holds: no lookup, which a broken services
            // entry of another backend would fail, and no check of sections no backend of this run reads
            LockBackendProvider chosen = provider.get();
            ConfigSection section = LockBackends.section(chosen, config);
            LeaseSettings used = lease(chosen, config, lease, section);
            handle = LockBackendHandle.opening(chosen.name(), chosen.prepare(used, section), used);
        } else {
            List<LockBackendProvider> found = LockBackends.providers(classLoader);
            LockBackendProvider chosen = LockBackends.select(config, found);
            ConfigSection section = LockBackends.section(chosen, config);
            LeaseSettings used = lease(chosen, config, lease, section);
            Supplier<LockBackend> opener = chosen.prepare(used, section);
            // the chosen backend's own errors first, then those of the sections this run does not read
            LockBackends.checkOthers(chosen, found, config);
            handle = LockBackendHandle.opening(chosen.name(), opener, used);
        }
        made.set(handle);
        return handle;
    }

    /**
     * The lease the chosen backend hands out, derived once: the backend is prepared with it, so what messages quote
     * before it opens ({@link LockBackendHandle#lease()}) is what it opens with; and once per runtime, whatever fails
     * after it, so that a backend key that replaced a {@code kart.lock.ttl} set to another TTL is warned about once.
     * The renew interval is checked against the TTL it took.
     */
    private LeaseSettings lease(LockBackendProvider chosen, Config config, LeaseSettings lease,
            ConfigSection section) {
        LeaseSettings earlier = derived.get();
        if (earlier != null) {
            return earlier;
        }
        LeaseSettings used = chosen.lease(lease, section);
        if (used == null) {
            // the provider's bug, laid at its door in the one line a user sees: no exception class name, which the
            // runtime's "cannot start kart: <class>: ..." would print for an IllegalStateException
            throw new KartException("cannot start kart: lock backend '" + chosen.name() + "' ("
                    + chosen.getClass().getName() + ") returned no lease settings from its lease(...) for section "
                    + section.path() + ", a bug in that provider: it must return the lease settings it was given, or a"
                    + " copy with the values that section replaces; report it to the provider's authors");
        }
        LeaseConfig.requireRenewalBeforeExpiry(config, lease, used);
        LeaseConfig.ttlReplacedWarning(config, lease, used).ifPresent(CONFIG_LOG::warn);
        derived.set(used);
        return used;
    }

    /** Closes the backend of the handle this module made, if it was opened: the runtime it was made for never started. */
    void closeOpened() {
        LockBackendHandle handle = made.getAndSet(null);
        if (handle != null) {
            handle.close();
        }
    }
}
