package dev.kart.core.internal.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kart.KartException;
import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import dev.kart.core.Kart;
import dev.kart.core.internal.lock.LockBackendHandle;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.InMemoryLockBackendProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runtime that cannot be assembled fails with one line naming what is at fault, never a Guice report. */
class RuntimeAssemblyTest {
    @TempDir
    Path workspace;

    @Test
    void kartsOwnErrorReachesTheCallerAsItIs() {
        KartConfigException thrown = new KartConfigException("config key 'kart.lock.test.port' is 0, expected 1 to 65535");

        KartConfigException error = catchThrowableOfType(KartConfigException.class,
                () -> Kart.builder().workspace(workspace).lockBackend(failing(thrown)).build());

        assertThat(error).isSameAs(thrown);
    }

    @Test
    void anyOtherFailureIsOneLineNamingItsCauseAndWhereItHappened() {
        IllegalStateException thrown = new IllegalStateException("client library refused\n\tat a long trace");

        KartException error = catchThrowableOfType(KartException.class,
                () -> Kart.builder().workspace(workspace).lockBackend(failing(thrown)).build());

        assertThat(error.getMessage()).startsWith("cannot start kart: java.lang.IllegalStateException: client library refused")
                .contains(LockModule.class.getSimpleName()).doesNotContain("\n").doesNotContain("Guice");
        assertThat(error.getCause()).isSameAs(thrown);
    }

    @Test
    void aBackendOpenedForARuntimeThatFailsToStartIsClosedAgain() {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        LockBackendProvider counting = new LockBackendProvider() {
            @Override
            public String name() {
                return "in-memory";
            }

            @Override
            public LockBackend open(LeaseSettings lease, ConfigSection section) {
                opened.incrementAndGet();
                InMemoryLockBackend inner = InMemoryLockBackend.processWide(lease);
                return new LockBackend() {
                    @Override
                    public dev.kart.lock.CacheLock cacheLock() {
                        return inner.cacheLock();
                    }

                    @Override
                    public dev.kart.lock.RunLock runLock() {
                        return inner.runLock();
                    }

                    @Override
                    public java.util.List<dev.kart.lock.HeldLock> heldLocks() {
                        return inner.heldLocks();
                    }

                    @Override
                    public void close() {
                        closed.incrementAndGet();
                        inner.close();
                    }
                };
            }
        };

        RuntimeSpec spec = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "test")
                .withLockBackendProvider(counting);

        KartException error = catchThrowableOfType(KartException.class, () -> RuntimeAssembly.create(spec, FailsToStart.class));

        assertThat(error).hasMessageContaining("refuses to start");
        assertThat(opened).hasValue(1);
        assertThat(closed).hasValue(1);
    }

    /**
     * A provider given to the runtime is the run's whatever the class path holds: a broken registration of another
     * backend, which a lookup of providers would fail on, does not stop it.
     */
    @Test
    void aProviderGivenToTheRuntimeIsUsedWithoutLookingUpTheClassPathsProviders() throws Exception {
        Path services = workspace.resolve("classes/META-INF/services/" + LockBackendProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "com.acme.NoSuchProvider\n");
        try (URLClassLoader broken = new URLClassLoader(new URL[] {workspace.resolve("classes").toUri().toURL()},
                getClass().getClassLoader())) {
            assertThatThrownBy(() -> Kart.builder().workspace(workspace).classLoader(broken).build())
                    .as("the lookup, without a provider given").isInstanceOf(KartConfigException.class)
                    .hasMessageContaining("com.acme.NoSuchProvider");

            try (Kart kart = Kart.builder().workspace(workspace).classLoader(broken)
                    .lockBackend(new InMemoryLockBackendProvider()).build()) {
                assertThat(kart.lockBackend()).isNotNull();
            }
        }
    }

    /**
     * The provider derives the lease once: what the runtime quotes before the backend opens (its TTL, with the key
     * that set it) is what the backend is prepared, and so opened, with.
     */
    @Test
    void theBackendIsPreparedWithTheLeaseItsProviderDerived() {
        AtomicReference<LeaseSettings> prepared = new AtomicReference<>();
        LockBackendProvider timeout = new LockBackendProvider() {
            @Override
            public String name() {
                return "in-memory";
            }

            @Override
            public LeaseSettings lease(LeaseSettings lease, ConfigSection section) {
                return lease.withTtl(Duration.ofSeconds(9), "kart.lock.in-memory.timeout");
            }

            @Override
            public Supplier<LockBackend> prepare(LeaseSettings lease, ConfigSection section) {
                prepared.set(lease);
                return () -> InMemoryLockBackend.processWide(lease);
            }

            @Override
            public LockBackend open(LeaseSettings lease, ConfigSection section) {
                throw new AssertionError("the runtime opens what prepare returned");
            }
        };
        RuntimeSpec spec = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "test")
                .withLockBackendProvider(timeout);

        LockBackendHandle handle = RuntimeAssembly.create(spec, Handle.class).handle;

        assertThat(handle.lease().ttlSetting()).isEqualTo("kart.lock.in-memory.timeout = 9s");
        assertThat(prepared.get()).isEqualTo(handle.lease());
    }

    /** A provider's bug, found at start and laid at its door, not when a message first quotes the lease. */
    @Test
    void aProviderThatDerivesNoLeaseIsNamedAtStart() {
        LockBackendProvider none = new LockBackendProvider() {
            @Override
            public String name() {
                return "in-memory";
            }

            @Override
            public LeaseSettings lease(LeaseSettings lease, ConfigSection section) {
                return null;
            }

            @Override
            public LockBackend open(LeaseSettings lease, ConfigSection section) {
                return InMemoryLockBackend.processWide(lease);
            }
        };

        KartException error = catchThrowableOfType(KartException.class,
                () -> Kart.builder().workspace(workspace).lockBackend(none).build());

        // one line naming the provider and its bug, no Java exception class in front of it
        assertThat(error).hasMessage("cannot start kart: lock backend 'in-memory' (" + none.getClass().getName()
                + ") returned no lease settings from its lease(...) for section kart.lock.in-memory, a bug in that"
                + " provider: it must return the lease settings it was given, or a copy with the values that section"
                + " replaces; report it to the provider's authors");
        assertThat(error.getMessage()).doesNotContain("Exception");
    }

    /** A root object that hands out the runtime's lock backend handle. */
    static final class Handle {
        final LockBackendHandle handle;

        @jakarta.inject.Inject
        Handle(LockBackendHandle handle) {
            this.handle = handle;
        }
    }

    /** A root object that fails after it opened the backend. */
    static final class FailsToStart {
        @jakarta.inject.Inject
        FailsToStart(LockBackendHandle backend) {
            backend.backend();
            throw new IllegalStateException("refuses to start");
        }
    }

    /** A provider whose settings check fails, as a wrong key of a backend's section does. */
    private static LockBackendProvider failing(RuntimeException error) {
        return new LockBackendProvider() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public Supplier<LockBackend> prepare(LeaseSettings lease, ConfigSection section) {
                throw error;
            }

            @Override
            public LockBackend open(LeaseSettings lease, ConfigSection section) {
                throw new AssertionError("the runtime opens what prepare returned");
            }
        };
    }
}
