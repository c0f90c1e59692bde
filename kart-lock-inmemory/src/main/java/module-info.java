/**
 * The in-process lock backend ({@code kart.lock.backend = "in-memory"}, the default): real TTLs,
 * renewal, fencing tokens and shared/exclusive modes within one JVM.
 */
module dev.kart.lock.inmemory {
    requires transitive dev.kart.api;

    exports dev.kart.lock.inmemory;

    provides dev.kart.lock.LockBackendProvider with dev.kart.lock.inmemory.InMemoryLockBackendProvider;
}
