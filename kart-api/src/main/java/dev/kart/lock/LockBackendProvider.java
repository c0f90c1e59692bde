package dev.kart.lock;

import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import java.util.function.Supplier;

/**
 * Creates a lock backend. Providers are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.kart.lock.LockBackendProvider}, or {@code provides} in a module
 * descriptor); {@code kart.lock.backend} names the one to use. The runtime opens the chosen backend
 * and binds it, with its {@link CacheLock} and {@link RunLock}, in its Guice injector, so a backend
 * module needs nothing but this API and its client library.
 *
 * <p>The runtime {@linkplain #prepare prepares} the chosen backend when it starts, so that a wrong
 * setting fails at once, and opens it when a lock is first needed: a command that takes no lock
 * ({@code kart tree}, {@code kart info}) neither connects to the backend nor needs it reachable.
 *
 * <p>A backend owns its configuration: its keys live under {@code kart.lock.<name>} in its module's
 * {@code reference.conf}, the runtime hands it that section, and the backend reads it into a
 * settings type of its own. The runtime knows none of its keys.
 */
public interface LockBackendProvider {

    /**
     * @return the name {@code kart.lock.backend} selects it by, such as {@code in-memory} or
     *     {@code redis}; also its section's key, {@code kart.lock.<name>}
     */
    String name();

    /**
     * Whether the backend's own section asks for it without {@code kart.lock.backend} naming it,
     * as giving {@code kart.lock.redis.host} asks for Redis. Used when
     * {@code kart.lock.backend = auto}.
     *
     * @param section this backend's section, {@code kart.lock.<name>}; empty when the configuration
     *     has none
     * @return {@code true} when this backend should be chosen
     */
    default boolean requestedBy(ConfigSection section) {
        return false;
    }

    /**
     * Opens the backend: reads and checks its settings, and connects, failing fast.
     *
     * @param lease key prefix, lease TTL, renew interval and owner: from {@code kart.lock} when an application
     *     opens the backend itself, what {@link #lease} returned when the runtime opens it (through the default
     *     {@link #prepare}); a value the section replaces is then replaced already, so apply it again to the same
     *     effect
     * @param section this backend's section, {@code kart.lock.<name>}
     * @return an open backend; the runtime closes it when it closes
     * @throws KartConfigException when a setting is invalid; the message names the key
     * @throws LockException when the backend cannot be reached within its connect timeout
     */
    LockBackend open(LeaseSettings lease, ConfigSection section);

    /**
     * Reads and checks the backend's settings now, and returns what opens it later. The runtime
     * calls this when it starts and the returned supplier at most once, when it first needs a lock
     * (a build about to run, a load, {@code kart locks}). A backend that connects somewhere should
     * check here what it can without connecting, so that a wrong key fails at start; the default
     * checks nothing ahead and opens with {@link #open}.
     *
     * <p>The runtime derives the lease once: it calls {@link #lease} first and passes what that returned here, so
     * that the lease it quotes before the backend opens is the one the backend opens with. A backend whose section
     * replaces a lease value may find it replaced already, and must reach the same settings when it applies the
     * section again.
     *
     * @param lease key prefix, lease TTL, renew interval and owner: what {@link #lease} returned for
     *     {@code kart.lock} and this section
     * @param section this backend's section, {@code kart.lock.<name>}
     * @return opens the backend when called, with the errors of {@link #open} (a
     *     {@link LockException} when it cannot be reached)
     * @throws KartConfigException when a setting is invalid; the message names the key
     */
    default Supplier<LockBackend> prepare(LeaseSettings lease, ConfigSection section) {
        return () -> open(lease, section);
    }

    /**
     * Checks the values set in this backend's section while another backend is chosen. A malformed
     * value ({@code kart.lock.redis.timeout = abc}) would stop the first run that chooses this
     * backend; the runtime calls this at start for every backend on the class path but the chosen
     * one, after the chosen one's {@link #prepare}, so that it stops this run instead, whichever backend
     * is chosen. The runtime itself checks the type of each key whose default in {@code reference.conf} is a
     * number, a boolean or a duration; a key whose default is {@code null} has no type there, and a range
     * ({@code port = 70000}) is no type: the backend knows what it takes.
     *
     * <p>The section holds the defaults of the backend's {@code reference.conf} too: tell a value the user set
     * by {@link ConfigSection#isDefault}, so that a start without the backend's keys set checks nothing.
     * Check each value on its own (its type, its form, a range that depends on no other key), and
     * neither connect nor load a client library: this runs on every start, the in-memory backend's
     * too. What depends on other keys, or on the lease, is for {@link #prepare} to check, when this
     * backend is chosen. Not called when the runtime is given a {@link LockBackend} or a provider directly:
     * it then looks up no providers. A failure other than a {@link KartConfigException} is reported as one
     * naming this provider and its section. The default checks nothing.
     *
     * @param section this backend's section, {@code kart.lock.<name>}, with its {@code reference.conf}
     *     defaults; empty when the configuration has none
     * @throws KartConfigException when a value is invalid; the message names the key, where it was
     *     set and what was expected
     */
    default void check(ConfigSection section) {
    }

    /**
     * The lease settings the backend hands out leases under, for what the runtime tells the user before
     * the backend is opened (after a second Ctrl-C, that the leases still held expire after
     * {@code kart.lock.ttl = 3m}). A backend whose section replaces a lease value overrides this, as
     * {@code kart.lock.redis.timeout} replaces the TTL, and returns the TTL with its key
     * ({@link LeaseSettings#withTtl(java.time.Duration, String)}), so that messages name the key that set it, and
     * with its text as the user wrote it where {@link ConfigSection#written} has it
     * ({@link LeaseSettings#withTtl(java.time.Duration, String, String)}), so that they quote {@code 60s}, not
     * {@code 1m}; a
     * backend whose leases end with this process returns {@link LeaseSettings#endingWithProcess()}.
     *
     * <p>This is the one place the lease is derived: the runtime calls it when it starts, before {@link #prepare},
     * and hands what it returns to {@code prepare} (and, through the default {@code prepare}, to {@link #open}) as
     * their {@code lease}. So it checks the
     * values it reads itself, and must not connect. Must not return {@code null}: the runtime then fails at start,
     * naming this provider. The runtime checks a {@code kart.lock.renew-interval} the user set against the TTL of
     * what it returns, naming the key that set that TTL. The default returns {@code lease}.
     *
     * @param lease key prefix, lease TTL, renew interval and owner, from {@code kart.lock}
     * @param section this backend's section, {@code kart.lock.<name>}
     * @return the settings the backend hands out leases under, which {@code prepare} receives; never {@code null}
     * @throws KartConfigException when a value it reads is invalid; the message names the key
     */
    default LeaseSettings lease(LeaseSettings lease, ConfigSection section) {
        return lease;
    }
}
