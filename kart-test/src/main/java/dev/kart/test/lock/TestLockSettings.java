package dev.kart.test.lock;

import dev.kart.lock.LockSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link LockSettings} built in code, for backend tests: a prefix, a TTL, a renew interval and any
 * backend-specific keys (relative to {@code kart.lock}, such as {@code redis.port}). Immutable.
 */
public final class TestLockSettings implements LockSettings {
    private final String prefix;
    private final Duration ttl;
    private final Duration renewInterval;
    private final String owner;
    private final Map<String, Object> values;

    private TestLockSettings(String prefix, Duration ttl, Duration renewInterval, String owner, Map<String, Object> values) {
        this.prefix = prefix;
        this.ttl = ttl;
        this.renewInterval = renewInterval;
        this.owner = owner;
        this.values = Map.copyOf(values);
    }

    /**
     * @param prefix the key prefix
     * @param ttl the lease TTL
     * @return settings renewing every third of the TTL
     */
    public static TestLockSettings of(String prefix, Duration ttl) {
        return new TestLockSettings(prefix, ttl, ttl.dividedBy(3), "test:" + ProcessHandle.current().pid(), Map.of());
    }

    /**
     * @param interval how often leases are renewed; at least the TTL means never
     * @return a copy with it
     */
    public TestLockSettings withRenewInterval(Duration interval) {
        return new TestLockSettings(prefix, ttl, interval, owner, values);
    }

    /** @return a copy whose leases are never renewed, so they expire after the TTL */
    public TestLockSettings withoutRenewal() {
        return withRenewInterval(Duration.ofDays(1));
    }

    /**
     * @param value the key prefix
     * @return a copy with it
     */
    public TestLockSettings withPrefix(String value) {
        return new TestLockSettings(value, ttl, renewInterval, owner, values);
    }

    /**
     * @param value who holds the leases, as {@link dev.kart.lock.HeldLock#holder()} shows it (such as
     *     {@code node-2}, for a second node in one JVM)
     * @return a copy with it
     */
    public TestLockSettings withOwner(String value) {
        return new TestLockSettings(prefix, ttl, renewInterval, value, values);
    }

    /**
     * @param path a key relative to {@code kart.lock}
     * @param value its value: String, Integer, Boolean, Duration or List of String
     * @return a copy with it
     */
    public TestLockSettings with(String path, Object value) {
        Map<String, Object> copy = new TreeMap<>(values);
        copy.put(path, value);
        return new TestLockSettings(prefix, ttl, renewInterval, owner, copy);
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    @Override
    public Duration renewInterval() {
        return renewInterval;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public boolean has(String path) {
        return values.containsKey(path);
    }

    @Override
    public String getString(String path) {
        return String.valueOf(get(path));
    }

    @Override
    public int getInt(String path) {
        return ((Number) get(path)).intValue();
    }

    @Override
    public boolean getBoolean(String path) {
        return (Boolean) get(path);
    }

    @Override
    public Duration getDuration(String path) {
        return (Duration) get(path);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> getStringList(String path) {
        return (List<String>) get(path);
    }

    private Object get(String path) {
        Object value = values.get(path);
        if (value == null) {
            throw new IllegalArgumentException("kart.lock." + path + " is not set in these test settings");
        }
        return value;
    }
}
