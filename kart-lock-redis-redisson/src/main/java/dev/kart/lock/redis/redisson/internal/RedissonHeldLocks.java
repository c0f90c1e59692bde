package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.internal.HolderRecord;
import dev.kart.lock.redis.internal.LockKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

/**
 * Lists the locks held under a prefix, as the Redisson binding stores them: Redisson's lock hashes
 * ({@code mode} plus one field per holder), the TTL of each holder (the hash's, or a reader's own
 * timeout key's), and kart's holder records (token, acquisition time, holder name). A snapshot, not
 * atomic. Records of holders that died without releasing are deleted here once older than the TTL.
 * Client errors leave as they are; the caller names them.
 */
final class RedissonHeldLocks {
    private static final int SCAN_COUNT = 500;
    private static final String MODE_FIELD = "mode";

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
        RMap<String, String> recordMap = redisson.getMap(keys.redissonRecords(), StringCodec.INSTANCE);
        Map<String, String> records = recordMap.readAllMap();

        RBatch batch = redisson.createBatch();
        List<RFuture<Map<String, String>>> locks = new ArrayList<>();
        List<RFuture<Long>> ttls = new ArrayList<>();
        for (String key : found) {
            locks.add(batch.<String, String>getMap(key, StringCodec.INSTANCE).readAllMapAsync());
            ttls.add(batch.getBucket(key, StringCodec.INSTANCE).remainTimeToLiveAsync());
        }
        if (!found.isEmpty()) {
            batch.execute();
        }

        RBatch readers = redisson.createBatch();
        List<Entry> entries = new ArrayList<>();
        Set<String> live = new HashSet<>();
        for (int i = 0; i < found.size(); i++) {
            String key = found.get(i);
            boolean run = key.startsWith(keys.prefix() + ":run:");
            for (String field : locks.get(i).toCompletableFuture().join().keySet()) {
                if (field.equals(MODE_FIELD)) {
                    continue;
                }
                boolean shared = !run && !field.endsWith(":write");
                RFuture<Long> readerTtl = shared
                        ? readers.getBucket(RedissonHolder.readerTimeoutKey(key, field), StringCodec.INSTANCE).remainTimeToLiveAsync()
                        : null;
                String recordField = key + " " + field;
                live.add(recordField);
                entries.add(new Entry(key, field, shared ? LockMode.SHARED : LockMode.EXCLUSIVE, records.get(recordField),
                        ttls.get(i).toCompletableFuture().join(), readerTtl));
            }
        }
        if (entries.stream().anyMatch(entry -> entry.readerTtl() != null)) {
            readers.execute();
        }
        forgetDead(recordMap, records, live, now);

        List<HeldLock> held = new ArrayList<>();
        for (Entry entry : entries) {
            long ttlLeft = entry.readerTtl() == null ? entry.ttl() : entry.readerTtl().toCompletableFuture().join();
            if (ttlLeft >= 0) {
                // a reader whose own hold expired is left out; Redisson drops it at the next unlock
                held.add(entry.toHeldLock(now, ttlLeft));
            }
        }
        held.sort(HolderRecord.ORDER);
        return held;
    }

    /** Deletes records of holders gone from every lock hash, once older than a TTL (younger ones may not be granted yet). */
    private void forgetDead(RMap<String, String> recordMap, Map<String, String> records, Set<String> live, long now) {
        long ttlMillis = ttl.toMillis();
        String[] dead = records.entrySet().stream()
                .filter(record -> !live.contains(record.getKey()))
                .filter(record -> HolderRecord.parse(record.getValue()).map(parsed -> now - parsed.acquiredMillis() > ttlMillis)
                        .orElse(true))
                .map(Map.Entry::getKey).toArray(String[]::new);
        if (dead.length > 0) {
            recordMap.fastRemove(dead);
        }
    }

    /** One holder field of one lock hash, with what is known of it. */
    private record Entry(String key, String field, LockMode mode, String record, long ttl, RFuture<Long> readerTtl) {
        HeldLock toHeldLock(long now, long ttlLeft) {
            return HolderRecord.parse(record).map(parsed -> parsed.toHeldLock(key, mode, now, ttlLeft))
                    .orElseGet(() -> new HeldLock(key, mode, "redisson holder " + field + " (no kart record)", 0, Duration.ZERO,
                            Duration.ofMillis(ttlLeft)));
        }
    }
}
