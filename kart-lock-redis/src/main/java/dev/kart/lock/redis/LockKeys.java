package dev.kart.lock.redis;

/**
 * The key layout under one prefix: {@code {prefix}:cache:{target}} and {@code {prefix}:run:{uniqueId}}
 * for locks, and one fencing counter for all of them. Immutable.
 */
final class LockKeys {
    private static final String CACHE = ":cache:";
    private static final String RUN = ":run:";

    private final String prefix;

    LockKeys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** @param target a cache file's path relative to the workspace */
    String cache(String target) {
        return prefix + CACHE + requireName(target, "cache target");
    }

    /** @param uniqueId a task's unique id */
    String run(String uniqueId) {
        return prefix + RUN + requireName(uniqueId, "unique id");
    }

    /**
     * @return the Jedis binding's fencing counter, {@code {prefix}:fence}: one for every key of the
     *     prefix, so tokens grow strictly across the holders of each key and no two leases share one
     */
    String fence() {
        return prefix + ":fence";
    }

    /**
     * @return the Jedis binding's data epoch, {@code {prefix}:epoch}: a key without expiry whose value
     *     changes when Redis lost its data (see {@link RedisEpoch})
     */
    String epoch() {
        return prefix + ":epoch";
    }

    /** @return the Redisson binding's data epoch, {@code {{prefix}}:epoch}, hash-tagged like its fencing counter */
    String redissonEpoch() {
        return "{" + prefix + "}:epoch";
    }

    /**
     * @return the Redisson binding's fencing counter, {@code {{prefix}}:fence}, hash-tagged like
     *     {@link #redissonRecords()} so one script may touch both in Redis Cluster
     */
    String redissonFence() {
        return "{" + prefix + "}:fence";
    }

    /** @return the Redisson binding's holder records, a hash with one field per lease held */
    String redissonRecords() {
        return "{" + prefix + "}:holders";
    }

    /** @return a SCAN pattern matching the cache lock keys, the prefix's glob characters escaped */
    String cachePattern() {
        return escapeGlob(prefix) + CACHE + "*";
    }

    /** @return a SCAN pattern matching the run lock keys, the prefix's glob characters escaped */
    String runPattern() {
        return escapeGlob(prefix) + RUN + "*";
    }

    /** @return a channel under the prefix that nothing publishes to, which keeps a subscriber connection open */
    String idleChannel() {
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
