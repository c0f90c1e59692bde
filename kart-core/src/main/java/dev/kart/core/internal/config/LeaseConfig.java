package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import dev.kart.config.KartConfigException;
import dev.kart.internal.text.DurationText;
import dev.kart.lock.LeaseSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads {@code kart.lock.prefix}, {@code ttl} and {@code renew-interval} into the {@link LeaseSettings} every backend
 * gets, and, once the chosen backend derived its own lease from them, words the warning for a {@code kart.lock.ttl}
 * that a backend's key replaced ({@link #ttlReplacedWarning}; the caller logs it).
 */
public final class LeaseConfig {
    private static final String SECTION = "kart.lock";

    private LeaseConfig() {
    }

    /**
     * @param config the loaded configuration
     * @param owner this process, as lock listings show it
     * @return the lease settings; a renew interval is not checked against the TTL here, see
     *     {@link #requireRenewalBeforeExpiry}
     * @throws KartConfigException when the prefix, TTL or renew interval is invalid, naming the key
     */
    public static LeaseSettings read(Config config, String owner) {
        String prefix = Settings.read(config, SECTION + ".prefix", () -> config.getString(SECTION + ".prefix"));
        if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw ConfigValueError.of(config, SECTION + ".prefix", "is " + ConfigValueError.quoted(prefix) + ", expected "
                    + KeyExpectations.LOCK_PREFIX);
        }
        String ttlKey = SECTION + ".ttl";
        Duration ttl = Settings.positiveDuration(config, ttlKey, false);
        LeaseSettings lease = LeaseSettings.of(prefix, ttl, owner);
        // messages quote the TTL as it was written: 60s stays 60s, not the 1m it equals, whoever set it, a task jar's
        // reference.conf too; and kart's own default as reference.conf and the docs write it, saying it is the default.
        // Plain code, no Optional chain of lambdas: every start reads this, and linking their call sites costs more
        Optional<String> written = Settings.written(config, ttlKey, Settings.SetIn.NOT_KARTS_DEFAULTS);
        if (written.isPresent()) {
            lease = lease.withTtl(ttl, ttlKey, written.get());
        } else {
            Optional<String> byDefault = Settings.written(config, ttlKey, Settings.SetIn.KARTS_DEFAULTS);
            if (byDefault.isPresent()) {
                lease = lease.withDefaultTtl(ttl, byDefault.get());
            }
        }
        if (!config.hasPath(SECTION + ".renew-interval")) {
            return lease;
        }
        // checked against the TTL once the backend's lease is known (requireRenewalBeforeExpiry): its own key may
        // replace kart.lock.ttl
        return lease.withRenewInterval(Settings.positiveDuration(config, SECTION + ".renew-interval", false));
    }

    /**
     * Refuses a {@code kart.lock.renew-interval} that is not less than the TTL of the lease the backend hands out,
     * whose leases would then never be renewed and be lost one TTL after they were taken. Checked against the lease
     * the backend derived ({@link dev.kart.lock.LockBackendProvider#lease}), not against {@code kart.lock.ttl}: a
     * backend's own key, such as {@code kart.lock.redis.timeout}, may replace that TTL.
     *
     * @param config the loaded configuration
     * @param read the lease {@link #read} from it, whose renew interval is the one the config set, if any
     * @param used the lease the backend hands out, its {@link LeaseSettings#ttlKey()} the key that set its TTL
     * @throws KartConfigException when the config sets a renew interval of at least that TTL: names
     *     {@code kart.lock.renew-interval}, where it was set, its value as written and the TTL's key and value, and
     *     says when that key wins over {@code kart.lock.ttl}
     */
    public static void requireRenewalBeforeExpiry(Config config, LeaseSettings read, LeaseSettings used) {
        // read sets a renew interval exactly when the config has one: it is not read again
        if (!read.renewIntervalSet() || used.renews()) {
            return;
        }
        Duration renewInterval = read.renewInterval();
        if (!used.renewInterval().equals(renewInterval)) {
            // the backend's own choice (withoutRenewal, say), not the user's setting
            return;
        }
        String path = SECTION + ".renew-interval";
        // as the user wrote it (60s, not the 1m it equals), else as HOCON writes it (10m), never as Duration prints
        // itself (PT10M)
        String written = Settings.written(config, path, Settings.SetIn.NO_REFERENCE_CONF)
                .orElseGet(() -> DurationText.configValue(renewInterval));
        String ttlKey = SECTION + ".ttl";
        throw ConfigValueError.of(config, path, "is " + written + ", expected less than " + used.ttlSetting()
                + (used.ttlKey().equals(ttlKey) ? "" : " (which wins over " + ttlKey + ")")
                + " so leases are renewed before they expire");
    }

    /**
     * The warning for a backend's own key that replaced the TTL of a {@code kart.lock.ttl} that was set too, to
     * another TTL, as {@code kart.lock.redis.timeout} (the Python system's {@code redis_timeout}) does for Redis: one
     * of the two settings would else be ignored unsaid. Quiet when only one of them is set (a reference.conf's default is no
     * setting), or both say the same TTL ({@code 60s} and {@code 1m}).
     *
     * @param config the loaded configuration
     * @param read the lease {@link #read} from it
     * @param used the lease the chosen backend hands out, its {@link LeaseSettings#ttlKey()} the key that won
     * @return the warning, naming both keys with their values as written and where they were set, and which wins,
     *     for the caller to log; empty when there is nothing to warn about
     */
    public static Optional<String> ttlReplacedWarning(Config config, LeaseSettings read, LeaseSettings used) {
        String ttlKey = SECTION + ".ttl";
        if (used.ttlKey().equals(ttlKey) || used.ttl().equals(read.ttl()) || !config.hasPath(ttlKey)
                || ConfigOrigins.isDefault(config.getValue(ttlKey).origin())) {
            return Optional.empty();
        }
        return Optional.of(used.ttlSetting() + " (" + where(config, used.ttlKey()) + ") and " + read.ttlSetting() + " ("
                + where(config, ttlKey) + ") are both set, to different lease TTLs: " + used.ttlKey()
                + " wins and " + ttlKey + " is ignored; set only one of them");
    }

    private static String where(Config config, String path) {
        return config.hasPath(path) ? ConfigOrigins.origin(config.getValue(path), path) : "not set";
    }
}
