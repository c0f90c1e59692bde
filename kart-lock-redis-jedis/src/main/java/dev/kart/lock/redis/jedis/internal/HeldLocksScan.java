package dev.kart.lock.redis.jedis.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.internal.HolderRecord;
import dev.kart.lock.redis.internal.HolderReply;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.LockKind;
import dev.kart.lock.redis.internal.LockScripts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads who holds locks, as the Jedis binding stores them: one key's holders, or every lock held under a prefix
 * (SCAN for the lock keys, in a Redis Cluster on every node; then, pipelined, in a cluster to each key's primary,
 * each key's type and TTL and its holder ids, {@code token acquired-ms holder}). A run key that is a hash is Redisson's
 * lock, taken by a node on the Redisson binding (which the acquire of this binding refuses to take over): it is listed
 * with the holder the Redisson binding's record names, so {@code kart info} and {@code kart locks} do not call it free.
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
            // Redisson's run locks, held by nodes on the other binding: their fields, then their holder records
            List<String> redissonKeys = new ArrayList<>();
            List<String> redissonFields = new ArrayList<>();
            List<Long> redissonTtls = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                String key = found.get(i);
                if (shared.get(i) != null && keys.isRun(key)) {
                    for (String field : shared.get(i).get().keySet()) {
                        redissonKeys.add(key);
                        redissonFields.add(field);
                        redissonTtls.add(ttls.get(i).get());
                    }
                } else if (exclusive.get(i) != null && exclusive.get(i).get() != null) {
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
            List<Response<String>> records = new ArrayList<>(redissonKeys.size());
            if (!redissonKeys.isEmpty()) {
                try (AbstractPipeline recorded = redis.pipelined()) {
                    for (int i = 0; i < redissonKeys.size(); i++) {
                        records.add(recorded.hget(keys.redissonRecords(redissonKeys.get(i)),
                                redissonKeys.get(i) + " " + redissonFields.get(i)));
                    }
                    recorded.sync();
                }
            }
            for (int i = 0; i < redissonKeys.size(); i++) {
                if (redissonTtls.get(i) >= 0) {
                    held.add(HolderRecord.listed(redissonKeys.get(i), LockMode.EXCLUSIVE, redissonFields.get(i),
                            record(records.get(i)), now, redissonTtls.get(i)));
                }
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
     */
    List<HeldLock> holders(LockKind kind, String key) {
        HolderReply reply = HolderReply.parse((List<?>) connections.eval(LockScripts.HOLDER, "looking up the holders of",
                List.of(key), List.of()));
        if (kind != LockKind.RUN || reply.value().isPresent() || reply.fields().isEmpty()) {
            return reply.holders(key);
        }
        if (reply.ttlMillis() < 0) {
            return List.of();
        }
        String field = reply.fields().keySet().iterator().next();
        Optional<HolderRecord> record = connections.call("looking up the holder record of", key, redis -> {
            try {
                return HolderRecord.parse(redis.hget(keys.redissonRecords(key), key + " " + field));
            } catch (JedisAccessControlException e) {
                return Optional.empty();
            }
        });
        return List.of(HolderRecord.listed(key, LockMode.EXCLUSIVE, field, record, reply.nowMillis(), reply.ttlMillis()));
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
