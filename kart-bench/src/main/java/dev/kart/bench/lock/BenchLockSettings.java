package dev.kart.bench.lock;

import com.typesafe.config.ConfigFactory;
import dev.kart.core.config.ConfigLockSettings;
import dev.kart.lock.LockSettings;

/** Lock settings for backends the benchmarks open themselves: kart's defaults from reference.conf. */
public final class BenchLockSettings {
    private BenchLockSettings() {
    }

    /**
     * @param owner who holds the leases, as lock listings show it (e.g. a node's name)
     * @return the {@code kart.lock} defaults (prefix {@code kart}, TTL 180 s, renewal every 60 s)
     */
    public static LockSettings defaults(String owner) {
        return new ConfigLockSettings(ConfigFactory.defaultReference(BenchLockSettings.class.getClassLoader()), owner);
    }
}
