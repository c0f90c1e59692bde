package dev.kart.lock.redis.jedis.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.internal.HolderRecord;
import dev.kart.lock.redis.internal.HolderReply;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.LockKind;
import dev.kart.lock.redis.internal.LockScripts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads who holds locks, as the Jedis binding stores them: one key's holders, or every lock held under a prefix
 * (SCAN for the lock keys, in a Redis Cluster on every node; then, pipelined, in a cluster to each key's primary,
 * each key read in one step by holder.lua: its kind, TTL and holder ids, {@code token acquired-ms holder}). A run key
 * that is a hash is Redisson's lock, taken by a node on the Redisson binding (which the acquire of this binding refuses
 * to take over): it is listed with the holder the Redisson binding's record names, so {@code kart info} and
 * {@code kart locks} do not call it free. A snapshot, not atomic: a key released during the scan may be missing or left
 * out; a key under the prefix that is no kart lock is left out.
 */
final class HeldLocksScan {
    private static final int SCAN_COUNT = 500;

    private final JedisConnections connections;
    private final LockKeys keys;

    HeldLocksScan(JedisConnections connections, LockKeys keys) {
        this.connections = connections;
        this.keys = keys;
    }

    List<HeldLock> held() {
        return connections.call("listing locks under", keys.prefix() + ":*", redis -> {
            List<String> found = new ArrayList<>();
            if (keys.clustered()) {
                // every node, primaries and replicas, each with its own cursor; a replica's copies are dropped
                Set<String> unique = new LinkedHashSet<>();
                redis.scanIteration(SCAN_COUNT, keys.cachePattern()).collect(unique);
                redis.scanIteration(SCAN_COUNT, keys.runPattern()).collect(unique);
                found.addAll(unique);
            } else {
                scan(redis, keys.cachePattern(), found);
                scan(redis, keys.runPattern(), found);
            }
            // each key read in one step, so a key released and taken again in the other mode meanwhile is read whole
            List<Response<Object>> replies = new ArrayList<>(found.size());
            try (AbstractPipeline reads = redis.pipelined()) {
                for (String key : found) {
                    replies.add(reads.evalsha(LockScripts.HOLDER.sha1(), List.of(key), List.of()));
                }
                reads.sync();
            }
            sendSourceWhereUnknown(redis, found, replies);
            List<HeldLock> held = new ArrayList<>();
            List<RedissonHold> redissonHolds = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                String key = found.get(i);
                HolderReply reply = HolderReply.parse((List<?>) replies.get(i).get());
                if (reply.isRedissonLock(keys.isRun(key) ? LockKind.RUN : LockKind.CACHE)) {
                    if (reply.ttlMillis() >= 0) {
                        reply.fields().keySet().forEach(field -> redissonHolds.add(new RedissonHold(key, field, reply)));
                    }
                } else {
                    held.addAll(reply.holders(key));
                }
            }
            List<Response<String>> records = new ArrayList<>(redissonHolds.size());
            if (!redissonHolds.isEmpty()) {
                try (AbstractPipeline recorded = redis.pipelined()) {
                    for (RedissonHold hold : redissonHolds) {
                        records.add(recorded.hget(keys.redissonRecords(hold.key()), hold.key() + " " + hold.field()));
                    }
                    recorded.sync();
                }
            }
            for (int i = 0; i < redissonHolds.size(); i++) {
                held.add(redissonHolds.get(i).listed(record(records.get(i))));
            }
            held.sort(HolderRecord.ORDER);
            return held;
        });
    }

    /**
     * Reads one lock key's holders in one step (holder.lua), as {@code RunLock.holder()} and {@code CacheLock.holders()}
     * ask: a string key or a hash of shared holders in kart's lock protocol; a hash on a run key is Redisson's lock,
     * held by a node on the Redisson binding, whose holder record names it.
     *
     * @param kind which kind of lock the key is
     * @param key the lock key
     * @return its holders, in {@link HolderRecord#ORDER}; empty when no one holds it
     * @throws LockException when Redis cannot be asked, or a run key holds another application's value
     *     ({@link HolderReply#anotherApplicationsRunKeyValue()})
     */
    List<HeldLock> holders(LockKind kind, String key) {
        HolderReply reply = HolderReply.parse((List<?>) connections.eval(LockScripts.HOLDER, "looking up the holders of",
                List.of(key), List.of()));
        if (kind == LockKind.RUN) {
            // not free: its acquire is refused, or waits for a TTL of no node's; nor held by a node
            reply.anotherApplicationsRunKeyValue().ifPresent(what -> {
                throw connections.failures().keyOccupied("looking up the holder of", key, what);
            });
        }
        if (!reply.isRedissonLock(kind)) {
            return reply.holders(key);
        }
        if (reply.ttlMillis() < 0) {
            return List.of();
        }
        RedissonHold hold = new RedissonHold(key, reply.fields().keySet().iterator().next(), reply);
        Optional<HolderRecord> record = connections.call("looking up the holder record of", key, redis -> {
            try {
                return HolderRecord.parse(redis.hget(keys.redissonRecords(key), key + " " + hold.field()));
            } catch (JedisAccessControlException e) {
                return Optional.empty();
            }
        });
        return List.of(hold.listed(record));
    }

    /** One holder of a Redisson run lock: its field, which its holder record is filed under, and the key as read. */
    private record RedissonHold(String key, String field, HolderReply reply) {
        HeldLock listed(Optional<HolderRecord> record) {
            return HolderRecord.listed(key, LockMode.EXCLUSIVE, field, record, reply.nowMillis(), reply.ttlMillis());
        }
    }

    /**
     * @return the record a Redisson run lock's holder wrote, when the reply has one; empty when Redis refused to read
     *     it, as it does for a user of the Jedis binding's ACL rule, which grants no key outside {@code kart:*}: the
     *     lock is listed all the same, with its holder not known
     */
    private static Optional<HolderRecord> record(Response<String> reply) {
        try {
            return HolderRecord.parse(reply.get());
        } catch (JedisAccessControlException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads again, sending holder.lua's source, the keys whose server did not know the script (its first use there, a
     * restart or SCRIPT FLUSH; in a cluster, each primary has its own cache).
     */
    private static void sendSourceWhereUnknown(UnifiedJedis redis, List<String> found, List<Response<Object>> replies) {
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            try {
                replies.get(i).get();
            } catch (JedisNoScriptException e) {
                unknown.add(i);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        try (AbstractPipeline again = redis.pipelined()) {
            for (int i : unknown) {
                replies.set(i, again.eval(LockScripts.HOLDER.source(), List.of(found.get(i)), List.of()));
            }
            again.sync();
        }
    }

    private static void scan(UnifiedJedis redis, String pattern, List<String> into) {
        ScanParams params = new ScanParams().match(pattern).count(SCAN_COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            into.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
}
