package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.internal.HolderRecord;
import dev.kart.lock.redis.internal.LockKeys;
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
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
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

        RBatch kinds = redisson.createBatch();
        List<RFuture<RType>> types = new ArrayList<>();
        List<RFuture<Long>> ttls = new ArrayList<>();
        for (String key : found) {
            types.add(kinds.getKeys().getTypeAsync(key));
            ttls.add(kinds.getBucket(key, StringCodec.INSTANCE).remainTimeToLiveAsync());
        }
        if (!found.isEmpty()) {
            kinds.execute();
        }
        RBatch values = redisson.createBatch();
        List<RFuture<String>> exclusive = new ArrayList<>();
        List<RFuture<Map<String, String>>> hashes = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            RType type = types.get(i).toCompletableFuture().join();
            exclusive.add(type == RType.OBJECT ? values.<String>getBucket(found.get(i), StringCodec.INSTANCE).getAsync() : null);
            hashes.add(type == RType.MAP ? values.<String, String>getMap(found.get(i), StringCodec.INSTANCE).readAllMapAsync() : null);
        }
        if (!found.isEmpty()) {
            values.execute();
        }

        List<HeldLock> held = new ArrayList<>();
        Set<String> live = new HashSet<>();
        for (int i = 0; i < found.size(); i++) {
            String key = found.get(i);
            long keyTtl = ttls.get(i).toCompletableFuture().join();
            if (keys.isRun(key) && hashes.get(i) != null) {
                // Redisson's lock: a field per holder, all bounded by the hash's TTL
                for (String field : hashes.get(i).toCompletableFuture().join().keySet()) {
                    add(held, live, records, key, field, Optional.empty(), LockMode.EXCLUSIVE, now, keyTtl);
                }
            } else if (exclusive.get(i) != null) {
                // a cache lock's exclusive holder; on a run key, the run lock of a node on the Jedis binding
                String id = exclusive.get(i).toCompletableFuture().join();
                if (id != null) {
                    add(held, live, records, key, id, HolderRecord.parseFenced(id), LockMode.EXCLUSIVE, now, keyTtl);
                }
            } else if (hashes.get(i) != null) {
                for (Map.Entry<String, String> holder : hashes.get(i).toCompletableFuture().join().entrySet()) {
                    long expires = expiry(holder.getValue());
                    if (expires > now) {
                        // a shared holder whose own expiry passed is left out; the next acquire or release drops it
                        add(held, live, records, key, holder.getKey(), HolderRecord.parseFenced(holder.getKey()), LockMode.SHARED, now,
                                expires - now);
                    }
                }
            }
        }
        forgetDead(records, homes, live, now);
        held.sort(HolderRecord.ORDER);
        return held;
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

    /** @return a shared holder's expiry in server milliseconds; 0 when the value is not one of kart's */
    private static long expiry(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
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
