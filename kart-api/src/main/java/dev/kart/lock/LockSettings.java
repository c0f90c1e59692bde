package dev.kart.lock;

import java.time.Duration;
import java.util.List;

/**
 * The {@code kart.lock} config section as a lock backend sees it. Paths are relative to
 * {@code kart.lock} (e.g. {@code redis.host}); every key a backend reads is declared with its default
 * in the backend module's {@code reference.conf}, and errors name the full path, such as
 * {@code kart.lock.redis.port}.
 */
public interface LockSettings {

    /** @return {@code kart.lock.prefix}: the first segment of every key */
    String prefix();

    /** @return {@code kart.lock.ttl}: how long a lease lives unless renewed */
    Duration ttl();

    /** @return how often a held lease is renewed: {@code kart.lock.renew-interval}, or a third of the TTL when unset */
    Duration renewInterval();

    /** @return who this process is in {@link HeldLock#holder()}: host name and process id */
    String owner();

    /**
     * @param path a path relative to {@code kart.lock}
     * @return whether the key is set to a non-null value
     */
    boolean has(String path);

    /**
     * @param path a path relative to {@code kart.lock}
     * @return the string value
     * @throws RuntimeException (a {@code dev.kart.KartException} from kart's config) when missing or not a string; the message names the full path
     */
    String getString(String path);

    /**
     * @param path a path relative to {@code kart.lock}
     * @return the integer value
     * @throws RuntimeException (a {@code dev.kart.KartException} from kart's config) when missing or not an integer; the message names the full path
     */
    int getInt(String path);

    /**
     * @param path a path relative to {@code kart.lock}
     * @return the boolean value
     * @throws RuntimeException (a {@code dev.kart.KartException} from kart's config) when missing or not a boolean; the message names the full path
     */
    boolean getBoolean(String path);

    /**
     * @param path a path relative to {@code kart.lock}
     * @return the duration value ({@code 500ms}, {@code 3m}, ...)
     * @throws RuntimeException (a {@code dev.kart.KartException} from kart's config) when missing or not a duration; the message names the full path
     */
    Duration getDuration(String path);

    /**
     * @param path a path relative to {@code kart.lock}
     * @return the list of strings
     * @throws RuntimeException (a {@code dev.kart.KartException} from kart's config) when missing or not a list; the message names the full path
     */
    List<String> getStringList(String path);
}
