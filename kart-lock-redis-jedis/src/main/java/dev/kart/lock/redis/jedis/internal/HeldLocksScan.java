package dev.kart.lock.redis.jedis.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.internal.HolderRecord;
import dev.kart.lock.redis.internal.LockKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Lists the locks held under a prefix, as the Jedis binding stores them: SCAN for the lock keys (in a
 * Redis Cluster, on every node), then, pipelined (in a cluster, to each key's primary), each key's type
 * and TTL and its holder ids ({@code token acquired-ms holder}).
 * A snapshot, not atomic: a key released during the scan may be missing or left out.
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
            long now = HolderRecord.serverMillis((List<?>) redis.eval("return redis.call('TIME')", List.of(), List.of()));
            List<Response<String>> types = new ArrayList<>(found.size());
            List<Response<Long>> ttls = new ArrayList<>(found.size());
            try (AbstractPipeline kinds = redis.pipelined()) {
                for (String key : found) {
                    types.add(kinds.type(key));
                    ttls.add(kinds.pttl(key));
                }
                kinds.sync();
            }
            List<Response<String>> exclusive = new ArrayList<>(found.size());
            List<Response<Map<String, String>>> shared = new ArrayList<>(found.size());
            try (AbstractPipeline values = redis.pipelined()) {
                for (int i = 0; i < found.size(); i++) {
                    String type = types.get(i).get();
                    exclusive.add(type.equals("string") ? values.get(found.get(i)) : null);
                    shared.add(type.equals("hash") ? values.hgetAll(found.get(i)) : null);
                }
                values.sync();
            }
            List<HeldLock> held = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                String key = found.get(i);
                if (exclusive.get(i) != null && exclusive.get(i).get() != null) {
                    long ttlLeft = ttls.get(i).get();
                    HolderRecord.parse(exclusive.get(i).get())
                            .ifPresent(record -> held.add(record.toHeldLock(key, LockMode.EXCLUSIVE, now, ttlLeft)));
                } else if (shared.get(i) != null) {
                    for (Map.Entry<String, String> holder : shared.get(i).get().entrySet()) {
                        long expires = Long.parseLong(holder.getValue());
                        if (expires > now) {
                            HolderRecord.parse(holder.getKey())
                                    .ifPresent(record -> held.add(record.toHeldLock(key, LockMode.SHARED, now, expires - now)));
                        }
                    }
                }
            }
            held.sort(HolderRecord.ORDER);
            return held;
        });
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
