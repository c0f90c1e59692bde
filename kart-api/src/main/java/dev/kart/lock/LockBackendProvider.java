package dev.kart.lock;

/**
 * Creates a lock backend. Providers are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.kart.lock.LockBackendProvider}); {@code kart.lock.backend} names the
 * one to use. The runtime turns the backend it opens into a Guice module, so a backend module
 * needs nothing but this API and its client library.
 */
public interface LockBackendProvider {

    /** @return the name {@code kart.lock.backend} selects it by, such as {@code in-memory} or {@code redis} */
    String name();

    /**
     * Whether the settings ask for this backend without naming it, as giving
     * {@code kart.lock.redis.host} asks for Redis. Used when {@code kart.lock.backend = auto}.
     *
     * @param settings the {@code kart.lock} section
     * @return {@code true} when this backend should be chosen
     */
    default boolean requestedBy(LockSettings settings) {
        return false;
    }

    /**
     * Opens the backend: validates its settings and connects, failing fast.
     *
     * @param settings the {@code kart.lock} section
     * @return an open backend
     * @throws LockException when the backend cannot be reached within its connect timeout
     * @throws IllegalArgumentException when a setting is invalid; the message names the key
     */
    LockBackend open(LockSettings settings);
}
