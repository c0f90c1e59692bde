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
     * @return the lease settings
     * @throws KartConfigException when the prefix, TTL or renew interval is invalid, naming the key
     */
    public static LeaseSettings read(Config config, String owner) {
        String prefix = Settings.read(config, SECTION + ".prefix", () -> config.getString(SECTION + ".prefix"));
        if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw ConfigValueError.of(config, SECTION + ".prefix", "is '" + prefix
                    + "', expected a non-empty name without spaces");
        }
        Duration ttl = Settings.positiveDuration(config, SECTION + ".ttl", false);
        LeaseSettings computed = LeaseSettings.of(prefix, ttl, owner);
        // messages quote the TTL as the user wrote it: 60s stays 60s, not the 1m it equals
        LeaseSettings lease = Settings.written(config, SECTION + ".ttl")
                .map(text -> computed.withTtl(ttl, SECTION + ".ttl", text)).orElse(computed);
        if (!config.hasPath(SECTION + ".renew-interval")) {
            return lease;
        }
        Duration renewInterval = Settings.positiveDuration(config, SECTION + ".renew-interval", false);
        if (renewInterval.compareTo(ttl) >= 0) {
            // as the user wrote both (60s, not the 1m it equals), else as HOCON writes it (10m), never as Duration
            // prints itself (PT10M)
            String written = Settings.written(config, SECTION + ".renew-interval")
                    .orElseGet(() -> DurationText.configValue(renewInterval));
            throw ConfigValueError.of(config, SECTION + ".renew-interval", "is " + written + ", expected less than "
                    + lease.ttlSetting() + " so leases are renewed before they expire");
        }
        return lease.withRenewInterval(renewInterval);
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
