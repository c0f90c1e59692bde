package dev.kart.lock;

import dev.kart.internal.text.DurationText;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What every lock backend needs to hand out leases: the key prefix, the lease TTL, how often a held
 * lease is renewed, and who this process is. Read by the runtime from {@code kart.lock.prefix},
 * {@code kart.lock.ttl} (the Python system's {@code redis_timeout}) and
 * {@code kart.lock.renew-interval}; built in code with {@link #of} for tests and for backends an
 * application opens itself. A backend's own settings (a Redis address, say) live in its own
 * section and settings type, not here.
 *
 * <p>Unless set, the renew interval is a third of the TTL and follows it when the TTL changes. The
 * settings know which config key set the TTL ({@link #ttlKey()}): {@code kart.lock.ttl} unless a backend's
 * own key replaced it, as {@code kart.lock.redis.timeout} does for the Redis backend, so that a message
 * quoting the TTL names the key the user would change, and, when read from a config file, the TTL as the file
 * wrote it ({@link #ttlSetting()}: {@code 60s} stays {@code 60s}, not the {@code 1m} it equals). Two settings are
 * equal when every value is, that key and text included, whether the TTL is the default, and whether the renew
 * interval was set: the same TTL set by {@code kart.lock.ttl} and by {@code kart.lock.redis.timeout}, or written
 * {@code 60s} and {@code 1m}, is unequal, and so is a renew interval set to a third of the TTL and one that follows
 * it (the one stays when the TTL changes, the other follows). Immutable.
 */
public final class LeaseSettings {
    /** A renew interval longer than any TTL: never renew. */
    private static final Duration NEVER = Duration.ofDays(365_000);
    /** The key the runtime reads the TTL from, unless a backend's own key replaces it. */
    private static final String TTL_KEY = "kart.lock.ttl";

    private final String prefix;
    private final Duration ttl;
    private final Optional<Duration> renewInterval;
    private final String owner;
    private final String ttlKey;
    /** The TTL as the config wrote it ({@code 60s}), when it was read from one. */
    private final Optional<String> ttlText;
    /** Whether the TTL is the config's default, no key having set it. */
    private final boolean ttlDefault;
    private final boolean endsWithProcess;

    private LeaseSettings(String prefix, Duration ttl, Optional<Duration> renewInterval, String owner, String ttlKey,
            Optional<String> ttlText, boolean ttlDefault, boolean endsWithProcess) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("lock key prefix '" + prefix + "' must be a non-empty name without spaces");
        }
        requirePositive(ttl, "lease TTL");
        renewInterval.ifPresent(interval -> requirePositive(interval, "renew interval"));
        this.prefix = prefix;
        this.ttl = ttl;
        this.renewInterval = renewInterval;
        this.owner = Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ttlKey, "ttlKey");
        if (ttlKey.isBlank() || ttlKey.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("TTL key '" + ttlKey + "' must be a config key without spaces, such as "
                    + TTL_KEY);
        }
        this.ttlKey = ttlKey;
        // plain code, no lambda: every start makes lease settings, and linking a lambda's call site costs more than this
        if (ttlText.isPresent()) {
            String text = ttlText.get();
            if (text.isBlank()) {
                throw new IllegalArgumentException("the text of " + ttlKey + " as written must not be blank, got '"
                        + text + "'");
            }
            this.ttlText = Optional.of(text.strip());
        } else {
            this.ttlText = ttlText;
        }
        this.ttlDefault = ttlDefault;
        this.endsWithProcess = endsWithProcess;
    }

    /**
     * @param prefix the first segment of every key, such as {@code kart}
     * @param ttl how long a lease lives unless renewed; positive
     * @param owner who holds the leases, as {@link HeldLock#owner()} shows it ({@code host:pid}); a
     *     {@code #} in it would end the owner there, since backends add {@code #} and a lease number
     * @return settings renewing held leases every third of the TTL, the TTL's key {@code kart.lock.ttl}
     * @throws IllegalArgumentException when the prefix is blank or has spaces, or the TTL is not positive
     */
    public static LeaseSettings of(String prefix, Duration ttl, String owner) {
        return new LeaseSettings(prefix, ttl, Optional.empty(), owner, TTL_KEY, Optional.empty(), false, false);
    }

    /** @return the first segment of every key: {@code {prefix}:cache:{target}}, {@code {prefix}:run:{uniqueId}} */
    public String prefix() {
        return prefix;
    }

    /** @return how long a lease lives unless renewed */
    public Duration ttl() {
        return ttl;
    }

    /**
     * @return the full config key that set {@link #ttl()}, the one a user changes to change it:
     *     {@code kart.lock.ttl} unless a backend's own key replaced the TTL ({@link #withTtl(Duration, String)}),
     *     as {@code kart.lock.redis.timeout} does for the Redis backend when it is set. Settings built in code
     *     name {@code kart.lock.ttl} too, the key that would set their TTL in a config file.
     */
    public String ttlKey() {
        return ttlKey;
    }

    /**
     * @return the TTL beside the key that set it, for a message that quotes it: as the config wrote it when it was
     *     read from one ({@link #withTtl(Duration, String, String)}), {@code kart.lock.ttl = 60s} for {@code 60s}
     *     rather than the {@code 1m} it equals, so that the user finds what they wrote; else as a config file writes
     *     it, {@code kart.lock.ttl = 3m}, {@code kart.lock.redis.timeout = 1500ms}; a TTL the config left at its
     *     default ({@link #withDefaultTtl}) says so before the setting, which is quoted as its defaults file writes
     *     it: {@code the default kart.lock.ttl = 180s}. The setting itself is always one a config file can take
     *     back as it stands.
     */
    public String ttlSetting() {
        // the marker goes before the setting: after it, "180s (the default)" is no duration when pasted back, and
        // nests parentheses in messages that quote the setting inside some
        return (ttlDefault ? "the default " : "") + ttlKey + " = " + ttlText.orElseGet(() -> DurationText.configValue(ttl));
    }

    /** @return how often a held lease is renewed: the interval set, else a third of the TTL */
    public Duration renewInterval() {
        return renewInterval.orElseGet(() -> ttl.dividedBy(3));
    }

    /**
     * @return whether the renew interval was set ({@link #withRenewInterval}, {@link #withoutRenewal()}), rather than
     *     following the TTL as a third of it: which setting a message about the interval asks to change
     */
    public boolean renewIntervalSet() {
        return renewInterval.isPresent();
    }

    /** @return whether held leases are renewed at all: a renew interval of at least the TTL means never */
    public boolean renews() {
        return renewInterval().compareTo(ttl) < 0;
    }

    /** @return who holds the leases of this process, as lock listings show it */
    public String owner() {
        return owner;
    }

    /**
     * @param value the key prefix
     * @return a copy with it
     */
    public LeaseSettings withPrefix(String value) {
        return new LeaseSettings(value, ttl, renewInterval, owner, ttlKey, ttlText, ttlDefault, endsWithProcess);
    }

    /**
     * @param value the lease TTL; a renew interval that was not set follows it (a third of it)
     * @return a copy with it, its key {@code kart.lock.ttl}, and no text as written: whatever text this lease had,
     *     the copy's TTL is quoted as a config file writes it ({@link #ttlSetting()}); for a TTL read from a config,
     *     use {@link #withTtl(Duration, String, String)}
     * @throws IllegalArgumentException when the TTL is not positive
     */
    public LeaseSettings withTtl(Duration value) {
        return withTtl(value, TTL_KEY);
    }

    /**
     * For a backend whose own config key replaces {@code kart.lock.ttl}, so that messages quoting the TTL
     * name that key ({@link #ttlKey()}).
     *
     * @param value the lease TTL; a renew interval that was not set follows it (a third of it)
     * @param key the full config key that set it, such as {@code kart.lock.redis.timeout}
     * @return a copy with both and no text as written: whatever text this lease had, the copy's TTL is quoted as a
     *     config file writes it ({@link #ttlSetting()}); for a TTL read from a config, use
     *     {@link #withTtl(Duration, String, String)}
     * @throws IllegalArgumentException when the TTL is not positive, or the key is blank or has spaces
     */
    public LeaseSettings withTtl(Duration value, String key) {
        return new LeaseSettings(prefix, value, renewInterval, owner, key, Optional.empty(), false, endsWithProcess);
    }

    /**
     * For a TTL read from a config file, so that messages quote it as the user wrote it ({@link #ttlSetting()}):
     * {@code kart.lock.ttl = 60s}, not the {@code 1m} it equals.
     *
     * @param value the lease TTL; a renew interval that was not set follows it (a third of it)
     * @param key the full config key that set it, such as {@code kart.lock.ttl} or {@code kart.lock.redis.timeout}
     * @param written its value as the config wrote it, such as {@code 60s} or {@code PT1M}; the caller's to keep
     *     in step with {@code value}, and stripped of the spaces around it
     * @return a copy with all three
     * @throws IllegalArgumentException when the TTL is not positive, the key is blank or has spaces, or the text is
     *     blank (the message names the key and the text received)
     * @throws NullPointerException when {@code written} (or {@code key}) is {@code null}
     */
    public LeaseSettings withTtl(Duration value, String key, String written) {
        return new LeaseSettings(prefix, value, renewInterval, owner, key, Optional.of(Objects.requireNonNull(written, "written")),
                false, endsWithProcess);
    }

    /**
     * For the TTL a config left at kart's default, {@code kart.lock.ttl} set by no file, property or flag (nor by a
     * task jar's reference.conf, which the user can find and change): messages quote it as kart's defaults file writes
     * it and say it is the default ({@link #ttlSetting()}: {@code the default kart.lock.ttl = 180s}), so that the
     * user knows to set the key rather than look for it. A TTL set after it ({@code withTtl}) is no default any more.
     *
     * <p>For the runtime, which reads {@code kart.lock} and alone knows where the TTL was set. A backend's
     * {@code lease(...)} keeps the lease it is given or replaces its TTL with {@code withTtl}; it never calls this,
     * which would call its own TTL kart's default of {@code kart.lock.ttl}.
     *
     * @param value the lease TTL; a renew interval that was not set follows it (a third of it)
     * @param written its value as the defaults file writes it, such as {@code 180s}; the caller's to keep in step with
     *     {@code value}, and stripped of the spaces around it
     * @return a copy with both, its key {@code kart.lock.ttl}
     * @throws IllegalArgumentException when the TTL is not positive or the text is blank (the message names
     *     {@code kart.lock.ttl} and the text received)
     * @throws NullPointerException when {@code written} (or {@code value}) is {@code null}
     */
    public LeaseSettings withDefaultTtl(Duration value, String written) {
        return new LeaseSettings(prefix, value, renewInterval, owner, TTL_KEY,
                Optional.of(Objects.requireNonNull(written, "written")), true, endsWithProcess);
    }

    /**
     * @param value how often held leases are renewed; at least the TTL means never
     * @return a copy with it
     */
    public LeaseSettings withRenewInterval(Duration value) {
        return new LeaseSettings(prefix, ttl, Optional.of(value), owner, ttlKey, ttlText, ttlDefault, endsWithProcess);
    }

    /** @return a copy whose leases are never renewed, so they expire one TTL after they were taken */
    public LeaseSettings withoutRenewal() {
        return withRenewInterval(NEVER);
    }

    /**
     * @param value who holds the leases, such as {@code node-2} for a second node in one JVM
     * @return a copy with it
     */
    public LeaseSettings withOwner(String value) {
        return new LeaseSettings(prefix, ttl, renewInterval, value, ttlKey, ttlText, ttlDefault, endsWithProcess);
    }

    /**
     * For a backend whose leases are held in this process alone (the in-memory backend's): they end when it
     * does, so after a second Ctrl-C none is left to expire after its TTL.
     *
     * @return a copy saying so ({@link #endsWithProcess()})
     */
    public LeaseSettings endingWithProcess() {
        return new LeaseSettings(prefix, ttl, renewInterval, owner, ttlKey, ttlText, ttlDefault, true);
    }

    /**
     * @return whether the leases end with this process, as an in-memory backend's do; false for a backend whose
     *     leases another process sees and which outlive this one until their TTL runs out (Redis)
     */
    public boolean endsWithProcess() {
        return endsWithProcess;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LeaseSettings that && prefix.equals(that.prefix) && ttl.equals(that.ttl)
                && renewInterval.equals(that.renewInterval) && owner.equals(that.owner) && ttlKey.equals(that.ttlKey)
                && ttlText.equals(that.ttlText) && ttlDefault == that.ttlDefault && endsWithProcess == that.endsWithProcess;
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, ttl, renewInterval, owner, ttlKey, ttlText, ttlDefault, endsWithProcess);
    }

    @Override
    public String toString() {
        // the key only when a backend's replaced kart.lock.ttl: the common case reads as before; "(default)" so that
        // two leases unequal by that flag alone print unlike
        return "prefix " + prefix + ", ttl " + ttlText.orElseGet(() -> DurationText.configValue(ttl)) + (ttlKey.equals(TTL_KEY) ? ""
                : " (" + ttlKey + ")") + (ttlDefault ? " (default)" : "") + ", renew "
                + (renews() ? "every " + (renewInterval.isPresent() ? DurationText.configValue(renewInterval.get())
                        : DurationText.derivedValue(renewInterval())) : "never")
                + ", owner " + owner + (endsWithProcess ? ", ending with the process" : "");
    }

    private static void requirePositive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
    }
}
