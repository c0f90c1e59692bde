package dev.kart.lock.redis;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Lists the locks held under a prefix, as the Jedis binding stores them: SCAN for the lock keys,
 * then, pipelined, each key's type and TTL and its holder ids ({@code token acquired-ms holder}).
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
            scan(redis, keys.cachePattern(), found);
            scan(redis, keys.runPattern(), found);
            List<?> time = (List<?>) redis.eval("return redis.call('TIME')", List.of(), List.of());
            long now = Long.parseLong(text(time.get(0))) * 1000 + Long.parseLong(text(time.get(1))) / 1000;
            List<Response<String>> types = new ArrayList<>(found.size());
            List<Response<Long>> ttls = new ArrayList<>(found.size());
            try (Pipeline kinds = redis.pipelined()) {
                for (String key : found) {
                    types.add(kinds.type(key));
                    ttls.add(kinds.pttl(key));
                }
                kinds.sync();
            }
            List<Response<String>> exclusive = new ArrayList<>(found.size());
            List<Response<Map<String, String>>> shared = new ArrayList<>(found.size());
            try (Pipeline values = redis.pipelined()) {
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
                    add(held, key, LockMode.EXCLUSIVE, exclusive.get(i).get(), now, Math.max(0, ttls.get(i).get()));
                } else if (shared.get(i) != null) {
                    for (Map.Entry<String, String> holder : shared.get(i).get().entrySet()) {
                        long expires = Long.parseLong(holder.getValue());
                        if (expires > now) {
                            add(held, key, LockMode.SHARED, holder.getKey(), now, expires - now);
                        }
                    }
                }
            }
            held.sort(Comparator.comparing(HeldLock::key).thenComparingLong(HeldLock::fencingToken));
            return held;
        });
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static void scan(RedisClient redis, String pattern, List<String> into) {
        ScanParams params = new ScanParams().match(pattern).count(SCAN_COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            into.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    /** Adds the holder named by an id written by acquire.lua: {@code token acquired-ms holder}. */
    private static void add(List<HeldLock> held, String key, LockMode mode, String id, long now, long ttlLeftMillis) {
        String[] parts = id.split(" ", 3);
        if (parts.length < 3) {
            return; // not written by kart
        }
        long token = Long.parseLong(parts[0]);
        long acquired = Long.parseLong(parts[1]);
        held.add(new HeldLock(key, mode, parts[2], token, Duration.ofMillis(Math.max(0, now - acquired)),
                Duration.ofMillis(ttlLeftMillis)));
    }
}
