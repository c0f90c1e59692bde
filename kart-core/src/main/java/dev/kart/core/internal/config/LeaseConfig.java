package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import dev.kart.config.KartConfigException;
import dev.kart.internal.text.DurationText;
import dev.kart.lock.LeaseSettings;
import java.time.Duration;

/** Reads {@code kart.lock.prefix}, {@code ttl} and {@code renew-interval} into the {@link LeaseSettings} every backend gets. */
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
        LeaseSettings lease = LeaseSettings.of(prefix, ttl, owner);
        if (!config.hasPath(SECTION + ".renew-interval")) {
            return lease;
        }
        Duration renewInterval = Settings.positiveDuration(config, SECTION + ".renew-interval", false);
        if (renewInterval.compareTo(ttl) >= 0) {
            // as HOCON writes it (10m), as every message quotes a configured value, not as Duration prints itself (PT10M)
            throw ConfigValueError.of(config, SECTION + ".renew-interval", "is " + DurationText.configValue(renewInterval)
                    + ", expected less than kart.lock.ttl = " + DurationText.configValue(ttl)
                    + " so leases are renewed before they expire");
        }
        return lease.withRenewInterval(renewInterval);
    }
}
