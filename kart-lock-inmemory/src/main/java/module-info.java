/**
 * The in-process lock backend ({@code kart.lock.backend = "in-memory"}, the default): real TTLs,
 * renewal, fencing tokens and shared/exclusive modes within one JVM. Its fencing tokens start from
 * the wall clock, so they keep growing across processes run one after another on one machine.
 */
module dev.kart.lock.inmemory {
    requires transitive dev.kart.api;

    exports dev.kart.lock.inmemory;

    provides dev.kart.lock.LockBackendProvider with dev.kart.lock.inmemory.InMemoryLockBackendProvider;
}
