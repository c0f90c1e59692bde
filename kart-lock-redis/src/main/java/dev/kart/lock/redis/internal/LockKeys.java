package dev.kart.lock.redis.internal;

import dev.kart.config.KartConfigException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The key layout under one prefix, in one of two forms; docs/redis.md shows both for operators.
 * Immutable.
 *
 * <ul>
 *   <li><b>One server</b> ({@link #LockKeys(String)}): {@code {prefix}:cache:{target}} and
 *       {@code {prefix}:run:{uniqueId}} for locks; one fencing counter and one data epoch for all of
 *       them ({@code {prefix}:fence}, {@code {prefix}:epoch} for Jedis; {@code {{prefix}}:fence},
 *       {@code {{prefix}}:epoch} and {@code {{prefix}}:holders} for Redisson).</li>
 *   <li><b>Redis Cluster</b> ({@link #cluster(String, int)}): every lock key belongs to one of a fixed
 *       number of groups, chosen by a stable hash of its target or unique id, and carries the group's
 *       hash tag: {@code {kart/g07}:run:{uniqueId}}. Each group has its own fencing counter, data epoch
 *       and (Redisson) holder records under the same tag, {@code {kart/g07}:fence}, so every script
 *       touches keys of one slot. The groups' tags are chosen so that their slots spread evenly over the
 *       16384 slots: group i's slot lies in the i-th of {@code groups} equal slot ranges, so a cluster
 *       whose primaries own contiguous ranges (as {@code redis-cli --cluster create} gives them) has
 *       kart's keys on every primary while it has no more primaries than groups. A key always maps to
 *       the same group, so tokens still grow strictly across the holders of each key, and a primary
 *       that lost its data changes the epochs of exactly its own groups.</li>
 * </ul>
 */
public final class LockKeys {
    private static final String CACHE = ":cache:";
    private static final String RUN = ":run:";
    /** The most groups a cluster layout may have: each needs a tag of its own within its slot range. */
    public static final int MAX_GROUPS = 1024;

    private final String prefix;
    /** The groups' hash tags, without braces; empty for the one-server layout. */
    private final List<String> tags;
    /** The one-server layout's counter and epoch keys, built once: every acquire names them. */
    private final String fence;
    private final String epoch;

    /**
     * The one-server layout.
     *
     * @param prefix the first segment of every key ({@code kart.lock.prefix})
     */
    public LockKeys(String prefix) {
        this(prefix, List.of());
    }

    private LockKeys(String prefix, List<String> tags) {
        this.prefix = prefix;
        this.tags = tags;
        this.fence = prefix + ":fence";
        this.epoch = prefix + ":epoch";
    }

    /**
     * The Redis Cluster layout.
     *
     * @param prefix the first part of every key's hash tag ({@code kart.lock.prefix})
     * @param groups how many groups ({@code kart.lock.redis.cluster.groups}), 1 to {@link #MAX_GROUPS}
     * @return the layout
     * @throws KartConfigException naming {@code kart.lock.prefix} when it holds a brace, which would end
     *     the hash tag
     * @throws IllegalArgumentException when {@code groups} is out of range
     */
    public static LockKeys cluster(String prefix, int groups) {
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new KartConfigException("config key 'kart.lock.prefix' is '" + prefix + "', expected a prefix without"
                    + " '{' or '}' for Redis Cluster: kart puts it in the keys' hash tags");
        }
        if (groups < 1 || groups > MAX_GROUPS) {
            throw new IllegalArgumentException("groups is " + groups + ", expected 1 to " + MAX_GROUPS);
        }
        List<String> tags = new ArrayList<>(groups);
        int width = Math.max(2, String.valueOf(groups - 1).length());
        for (int group = 0; group < groups; group++) {
            // ASCII digits whatever the JVM's locale: every node must name the same keys
            String digits = String.valueOf(group);
            String name = prefix + "/g" + "0".repeat(width - digits.length()) + digits;
            int low = group * ClusterSlots.SLOTS / groups;
            int high = (group + 1) * ClusterSlots.SLOTS / groups;
            String tag = name;
            // a few dozen tries on average: each lands in the range with a chance of 1/groups
            for (int n = 1; !inRange(ClusterSlots.of(tag), low, high); n++) {
                tag = name + "." + n;
            }
            tags.add(tag);
        }
        return new LockKeys(prefix, Collections.unmodifiableList(tags));
    }

    private static boolean inRange(int slot, int low, int high) {
        return slot >= low && slot < high;
    }

    /** @return the prefix */
    public String prefix() {
        return prefix;
    }

    /** @return whether this is the Redis Cluster layout */
    public boolean clustered() {
        return !tags.isEmpty();
    }

    /**
     * @return the groups' hash tags with their braces ({@code {kart/g07}}), in group order; empty for the
     *     one-server layout
     */
    public List<String> groupTags() {
        return tags.stream().map(tag -> "{" + tag + "}").toList();
    }

    /**
     * @param target a cache file's path relative to the workspace
     * @return its cache lock's key
     * @throws IllegalArgumentException when it is empty
     */
    public String cache(String target) {
        return head(requireName(target, "cache target")) + CACHE + target;
    }

    /**
     * @param uniqueId a task's unique id
     * @return its run lock's key
     * @throws IllegalArgumentException when it is empty
     */
    public String run(String uniqueId) {
        return head(requireName(uniqueId, "unique id")) + RUN + uniqueId;
    }

    /**
     * @param lockKey a lock key of this layout
     * @return the Jedis binding's fencing counter for it: the prefix and {@code :fence} ({@code kart:fence}, no
     *     hash tag), one for every key of the prefix; in a cluster its group's, {@code {kart/g07}:fence}. A key
     *     always has the same counter, so tokens grow strictly across the holders of each key
     */
    public String fence(String lockKey) {
        return clustered() ? groupOf(lockKey) + ":fence" : fence;
    }

    /**
     * @param lockKey a lock key of this layout
     * @return the Jedis binding's data epoch for it, the prefix and {@code :epoch} ({@code kart:epoch}), a key
     *     without expiry whose value changes when Redis lost its data (see {@link RedisEpoch}); in a cluster its
     *     group's
     */
    public String epoch(String lockKey) {
        return clustered() ? groupOf(lockKey) + ":epoch" : epoch;
    }

    /**
     * @param lockKey a lock key of this layout
     * @return the Redisson binding's data epoch for it, {@code {kart}:epoch} for prefix kart, hash-tagged like
     *     its fencing counter; in a cluster its group's, the same key as {@link #epoch(String)}
     */
    public String redissonEpoch(String lockKey) {
        return clustered() ? epoch(lockKey) : "{" + prefix + "}:epoch";
    }

    /**
     * @param lockKey a lock key of this layout
     * @return the Redisson binding's fencing counter for it, {@code {kart}:fence} for prefix kart, hash-tagged like
     *     {@link #redissonRecords(String)} so one script may touch both in Redis Cluster; in a cluster its
     *     group's
     */
    public String redissonFence(String lockKey) {
        return clustered() ? fence(lockKey) : "{" + prefix + "}:fence";
    }

    /**
     * @param lockKey a lock key of this layout
     * @return the Redisson binding's holder records for it, a hash with one field per lease held:
     *     {@code {kart}:holders} for prefix kart, in a cluster its group's
     */
    public String redissonRecords(String lockKey) {
        return clustered() ? groupOf(lockKey) + ":holders" : "{" + prefix + "}:holders";
    }

    /** @return every holder-records hash of the Redisson binding: one, or one per group in a cluster */
    public List<String> redissonRecords() {
        return clustered() ? groupTags().stream().map(tag -> tag + ":holders").toList() : List.of("{" + prefix + "}:holders");
    }

    /**
     * The name of a lock as kart's lock SPI names it ({@code Lease.key()}, {@code HeldLock.key()},
     * {@code kart locks}): {@code {prefix}:cache:{target}} or {@code {prefix}:run:{uniqueId}}, whatever
     * the layout. On one server it is the Redis key; in a cluster the Redis key has the group's tag in
     * place of the prefix.
     *
     * @param redisKey a lock key of this layout, as stored in Redis
     * @return its name in the lock SPI
     */
    public String name(String redisKey) {
        if (!clustered() || !redisKey.startsWith("{" + prefix + "/")) {
            return redisKey;
        }
        int close = redisKey.indexOf('}');
        return close < 0 ? redisKey : prefix + redisKey.substring(close + 1);
    }

    /**
     * @param key a key found by {@link #runPattern()} or {@link #cachePattern()}
     * @return whether it is a run lock's key
     */
    public boolean isRun(String key) {
        if (!clustered()) {
            return key.startsWith(prefix + RUN);
        }
        int close = key.indexOf('}');
        return key.startsWith("{" + prefix + "/") && close > 0 && key.startsWith(RUN, close + 1);
    }

    /** @return a SCAN pattern matching the cache lock keys, the prefix's glob characters escaped */
    public String cachePattern() {
        return patternHead() + CACHE + "*";
    }

    /** @return a SCAN pattern matching the run lock keys, the prefix's glob characters escaped */
    public String runPattern() {
        return patternHead() + RUN + "*";
    }

    /**
     * @return a channel under the prefix that nothing publishes to, which keeps the Jedis binding's
     *     subscriber connection open
     */
    public String idleChannel() {
        return prefix + ":subscriber";
    }

    /** The part of a lock key before {@code :cache:} or {@code :run:}: the prefix, or its group's tag. */
    private String head(String name) {
        if (!clustered()) {
            return prefix;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return "{" + tags.get((int) (crc.getValue() % tags.size())) + "}";
    }

    /** The hash tag, with braces, that starts a lock key of the cluster layout. */
    private String groupOf(String lockKey) {
        int close = lockKey.indexOf('}');
        if (!lockKey.startsWith("{") || close < 0) {
            throw new IllegalArgumentException(lockKey + " is not a lock key of the Redis Cluster layout");
        }
        return lockKey.substring(0, close + 1);
    }

    private String patternHead() {
        return clustered() ? "{" + escapeGlob(prefix) + "/g*}" : escapeGlob(prefix);
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
