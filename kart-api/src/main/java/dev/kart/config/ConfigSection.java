package dev.kart.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One section of kart's configuration, as a plug-in (a lock backend) reads its own settings: for
 * the Redis backend, {@code kart.lock.redis}. Keys are relative to the section ({@code port} for
 * {@code kart.lock.redis.port}). The runtime hands it over with every module's
 * {@code reference.conf} merged in, so every key a module declares there has a value; a plug-in
 * keeps no defaults of its own.
 *
 * <p>Values are typed as in HOCON: durations are written {@code 500ms}, {@code 5s} or {@code 3m}.
 * Every getter throws a {@link KartConfigException} whose message names the key's full path (such
 * as {@code kart.lock.redis.port}), where it was set, and the type expected. Immutable and safe to
 * share between threads.
 */
public interface ConfigSection {

    /** @return the section's full path, such as {@code kart.lock.redis} */
    String path();

    /**
     * @param key a key relative to this section, possibly dotted ({@code sentinel.master})
     * @return whether it is set to a value other than {@code null}
     */
    boolean has(String key);

    /**
     * @param key a key relative to this section
     * @return its text
     * @throws KartConfigException when it is missing, {@code null} or not a string
     */
    String getString(String key);

    /**
     * @param key a key relative to this section
     * @return its value
     * @throws KartConfigException when it is missing or not a whole number in the range of {@code int}
     */
    int getInt(String key);

    /**
     * @param key a key relative to this section
     * @return its value
     * @throws KartConfigException when it is missing or not {@code true}/{@code false}
     */
    boolean getBoolean(String key);

    /**
     * @param key a key relative to this section
     * @return its value, from text such as {@code 500ms}, {@code 5s}, {@code 3m} or ISO-8601's {@code PT3M}
     * @throws KartConfigException when it is missing or not a duration, or a number other than 0 without a
     *     unit (HOCON would read {@code 180} as milliseconds, the Python system's timeouts as seconds)
     */
    Duration getDuration(String key);

    /**
     * @param key a key relative to this section
     * @return its values, in order
     * @throws KartConfigException when it is missing or not a list of strings
     */
    List<String> getStringList(String key);

    /**
     * @param key a key relative to this section holding an object ({@code sentinel { ... }})
     * @return that object as a section of its own
     * @throws KartConfigException when it is missing or not an object
     */
    ConfigSection getSection(String key);

    /**
     * Where a key's value comes from, for error messages a plug-in raises itself about a value
     * that has the right type but is out of range.
     *
     * @param key a key relative to this section
     * @return a description such as {@code /etc/kart/site.conf, line 12}, {@code the command line},
     *     {@code JVM system property -Dkart.workers}, {@code environment variable KART_WORKSPACE}, or the
     *     {@code reference.conf} a default comes from
     */
    String origin(String key);

    /**
     * Where one entry of a list was set: a list a file writes over several lines has each entry on a line of its own.
     *
     * @param key a key relative to this section, holding a list
     * @param index the entry's index, from 0, among the list's own entries (not among those of a comma-separated
     *     string)
     * @return as {@link #origin(String)}, with the entry's own line where the list has one for it; the key's
     *     origin otherwise: for a list given as one string of entries separated by commas, an index out of range, a
     *     key that holds no list, and always for a section that cannot tell (this default)
     */
    default String origin(String key, int index) {
        return origin(key);
    }

    /**
     * A value as the user wrote it, for a message that quotes it back so that they find what they wrote:
     * {@code 60s}, not the {@code 1m} the duration read from it equals.
     *
     * @param key a key relative to this section
     * @return its text, without the spaces around it; empty when it is missing, {@code null}, blank, no text (a
     *     number, a list, an object) or a default ({@link #isDefault}), which the user did not write, and always
     *     for a section that cannot tell (this default): the caller then words the value itself
     */
    default Optional<String> written(String key) {
        return Optional.empty();
    }

    /**
     * Whether a key holds a default: its value comes from a module's {@code reference.conf} alone, set by
     * no application.conf, config file, flag, {@code -D}, system property or environment variable. A plug-in
     * asks this where a default must not count as a choice the user made, such as reference.conf's Redis
     * port beside a url the user gave.
     *
     * @param key a key relative to this section
     * @return true when its value is a reference.conf's; false when it is missing or was set, and always false
     *     for a section that cannot tell (this default), which treats every value as set
     */
    default boolean isDefault(String key) {
        return false;
    }
}
