package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.internal.HolderRecord;
import dev.kart.lock.redis.internal.HolderReply;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.LockKind;
import dev.kart.lock.redis.internal.LockScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;

/**
 * Lists the locks held under a prefix, as the Redisson binding stores them: run locks are Redisson's
 * lock hashes (one field per holder, the hash's TTL); cache locks are kart's lock protocol (a string
 * holding the exclusive holder's id, or a hash of shared holders' ids, each valued with its own
 * expiry); and kart's holder records give each holder its fencing token, acquisition time and name.
 * A snapshot, not atomic. Records of holders that died without releasing are deleted here once older
 * than the TTL (a cache lock's id is its own record: {@code token acquired-ms holder}). Client errors leave as they are; the caller names them.
 */
final class RedissonHeldLocks {
    private static final int SCAN_COUNT = 500;

    private final RedissonClient redisson;
    private final LockKeys keys;
    private final Duration ttl;

    /**
     * @param redisson the client
     * @param keys the key layout
     * @param ttl the lease TTL: records older than it, of holders gone from every lock, are deleted
     */
    RedissonHeldLocks(RedissonClient redisson, LockKeys keys, Duration ttl) {
        this.redisson = redisson;
        this.keys = keys;
        this.ttl = ttl;
    }

    /** @return the locks held, in {@link HolderRecord#ORDER} */
    List<HeldLock> held() {
        List<String> found = new ArrayList<>();
        redisson.getKeys().getKeys(KeysScanOptions.defaults().pattern(keys.cachePattern()).chunkSize(SCAN_COUNT)).forEach(found::add);
        redisson.getKeys().getKeys(KeysScanOptions.defaults().pattern(keys.runPattern()).chunkSize(SCAN_COUNT)).forEach(found::add);
        List<?> time = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, "return redis.call('TIME')",
                RScript.ReturnType.MULTI);
        long now = HolderRecord.serverMillis(time);
        // one hash of holder records, or one per group in a cluster
        Map<String, String> records = new HashMap<>();
        Map<String, String> homes = new HashMap<>();
        for (String recordsKey : keys.redissonRecords()) {
            Map<String, String> read = redisson.<String, String>getMap(recordsKey, StringCodec.INSTANCE).readAllMap();
            records.putAll(read);
            read.keySet().forEach(field -> homes.put(field, recordsKey));
        }

        List<RFuture<List<Object>>> replies = found.isEmpty() ? List.of() : read(found);

        List<HeldLock> held = new ArrayList<>();
        Set<String> live = new HashSet<>();
        for (int i = 0; i < found.size(); i++) {
            String key = found.get(i);
            HolderReply reply = HolderReply.parse(replies.get(i).toCompletableFuture().join());
            if (reply.isRedissonLock(keys.isRun(key) ? LockKind.RUN : LockKind.CACHE)) {
                // Redisson's lock: a field per holder, all bounded by the hash's TTL
                for (String field : reply.fields().keySet()) {
                    add(held, live, records, key, field, Optional.empty(), LockMode.EXCLUSIVE, reply.nowMillis(), reply.ttlMillis());
                }
            } else {
                // kart's lock protocol: a cache lock's holders; on a run key, the run lock of a node on the Jedis binding
                for (HolderReply.Holding holding : reply.kartHoldings()) {
                    add(held, live, records, key, holding.id(), HolderRecord.parseFenced(holding.id()), holding.mode(),
                            reply.nowMillis(), holding.ttlLeftMillis());
                }
            }
        }
        forgetDead(records, homes, live, now);
        held.sort(HolderRecord.ORDER);
        return held;
    }

    /**
     * Reads each key in one step (holder.lua), so a key released and taken again in the other mode meanwhile is read
     * whole; the script loaded first (on every primary of a cluster), as a batch is not sent again with its source on
     * NOSCRIPT, and once more should a server forget it meanwhile (a failover, SCRIPT FLUSH).
     */
    private List<RFuture<List<Object>>> read(List<String> found) {
        for (int attempt = 1; ; attempt++) {
            String holderScript = redisson.getScript(StringCodec.INSTANCE).scriptLoad(LockScripts.HOLDER.source());
            RBatch reads = redisson.createBatch();
            List<RFuture<List<Object>>> replies = new ArrayList<>(found.size());
            for (String key : found) {
                replies.add(reads.getScript(StringCodec.INSTANCE).evalShaAsync(key, RScript.Mode.READ_WRITE, holderScript,
                        RScript.ReturnType.MULTI, List.of(key)));
            }
            try {
                reads.execute();
                return replies;
            } catch (RuntimeException e) {
                if (attempt > 1 || !noScript(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean noScript(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RedisNoScriptException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lists one holder, named by its record; a cache lock's holder granted with its token is named by its
     * id alone; else by its field, when the record is missing.
     */
    private static void add(List<HeldLock> held, Set<String> live, Map<String, String> records, String key, String holder,
            Optional<HolderRecord> fenced, LockMode mode, long now, long ttlLeft) {
        if (ttlLeft < 0) {
            return; // gone between the scan and the reads
        }
        String recordField = key + " " + holder;
        live.add(recordField);
        held.add(HolderRecord.listed(key, mode, holder, HolderRecord.parse(records.get(recordField)).or(() -> fenced), now,
                ttlLeft));
    }

    /** Deletes records of holders gone from every lock, once older than a TTL (younger ones may not be granted yet). */
    private void forgetDead(Map<String, String> records, Map<String, String> homes, Set<String> live, long now) {
        long ttlMillis = ttl.toMillis();
        Map<String, List<String>> dead = records.entrySet().stream()
                .filter(record -> !live.contains(record.getKey()))
                .filter(record -> HolderRecord.parse(record.getValue()).map(parsed -> now - parsed.acquiredMillis() > ttlMillis)
                        .orElse(true))
                .map(Map.Entry::getKey)
                .collect(Collectors.groupingBy(homes::get));
        dead.forEach((recordsKey, fields) -> redisson.<String, String>getMap(recordsKey, StringCodec.INSTANCE)
                .fastRemove(fields.toArray(String[]::new)));
    }
}
