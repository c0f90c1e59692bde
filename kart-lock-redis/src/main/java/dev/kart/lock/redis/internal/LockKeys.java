package dev.kart.lock.redis.internal;

/**
 * The key layout under one prefix: {@code {prefix}:cache:{target}} and {@code {prefix}:run:{uniqueId}}
 * for locks; and per binding one fencing counter for all of them, a data epoch, and (Redisson) the
 * holder records. docs/redis.md shows the same table for operators. Immutable.
 */
public final class LockKeys {
    private static final String CACHE = ":cache:";
    private static final String RUN = ":run:";

    private final String prefix;

    /** @param prefix the first segment of every key ({@code kart.lock.prefix}) */
    public LockKeys(String prefix) {
        this.prefix = prefix;
    }

    /** @return the prefix */
    public String prefix() {
        return prefix;
    }

    /**
     * @param target a cache file's path relative to the workspace
     * @return its cache lock's key
     * @throws IllegalArgumentException when it is empty
     */
    public String cache(String target) {
        return prefix + CACHE + requireName(target, "cache target");
    }

    /**
     * @param uniqueId a task's unique id
     * @return its run lock's key
     * @throws IllegalArgumentException when it is empty
     */
    public String run(String uniqueId) {
        return prefix + RUN + requireName(uniqueId, "unique id");
    }

    /**
     * @return the Jedis binding's fencing counter, {@code {prefix}:fence}: one for every key of the
     *     prefix, so tokens grow strictly across the holders of each key and no two leases share one
     */
    public String fence() {
        return prefix + ":fence";
    }

    /**
     * @return the Jedis binding's data epoch, {@code {prefix}:epoch}: a key without expiry whose value
     *     changes when Redis lost its data (see {@link RedisEpoch})
     */
    public String epoch() {
        return prefix + ":epoch";
    }

    /**
     * @return the Redisson binding's data epoch, {@code {{prefix}}:epoch}, hash-tagged like its fencing
     *     counter
     */
    public String redissonEpoch() {
        return "{" + prefix + "}:epoch";
    }

    /**
     * @return the Redisson binding's fencing counter, {@code {{prefix}}:fence}, hash-tagged like
     *     {@link #redissonRecords()} so one script may touch both in Redis Cluster
     */
    public String redissonFence() {
        return "{" + prefix + "}:fence";
    }

    /** @return the Redisson binding's holder records, a hash with one field per lease held */
    public String redissonRecords() {
        return "{" + prefix + "}:holders";
    }

    /** @return a SCAN pattern matching the cache lock keys, the prefix's glob characters escaped */
    public String cachePattern() {
        return escapeGlob(prefix) + CACHE + "*";
    }

    /** @return a SCAN pattern matching the run lock keys, the prefix's glob characters escaped */
    public String runPattern() {
        return escapeGlob(prefix) + RUN + "*";
    }

    /**
     * @return a channel under the prefix that nothing publishes to, which keeps the Jedis binding's
     *     subscriber connection open
     */
    public String idleChannel() {
        return prefix + ":subscriber";
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a lock key needs a non-empty " + what);
        }
        return name;
    }

    private static String escapeGlob(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
