package dev.kart.lock.redis.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The holder record both bindings keep for each lease, {@code token acquired-ms holder} (written by
 * acquire.lua as the lease's id: every lock of the Jedis binding, the cache locks of the Redisson
 * binding; by the Redisson binding's record script into its holder records for its run locks), and
 * how a listing turns it into a {@link HeldLock}.
 *
 * @param fencingToken the lease's fencing token
 * @param acquiredMillis when it was granted, on the Redis server's clock (ms since the epoch)
 * @param holder who holds it: the owner and the lease's number, such as {@code host:1234#17.k3f9x2} (the
 *     holder id of kart's lock protocol, see {@link HolderIds}) or {@code host:1234#281474976710673} (a
 *     Redisson run lock's lease number)
 */
public record HolderRecord(long fencingToken, long acquiredMillis, String holder) {
    /** The order of {@code LockBackend.heldLocks()}: by key, then by fencing token. */
    public static final Comparator<HeldLock> ORDER = Comparator.comparing(HeldLock::key)
            .thenComparingLong(HeldLock::fencingToken);

    /**
     * @param record a record as kart writes it
     * @return its parts; empty when it is not one of kart's (missing, or written by something else)
     */
    public static Optional<HolderRecord> parse(String record) {
        if (record == null) {
            return Optional.empty();
        }
        String[] parts = record.split(" ", 3);
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HolderRecord(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * @param id a lease's id, {@code token acquired-ms holder}
     * @return its parts when acquire.lua gave it its fencing token; empty for an id of token 0, granted
     *     by a kart that takes the token afterwards and writes a holder record of it, and for one that is
     *     not kart's
     */
    public static Optional<HolderRecord> parseFenced(String id) {
        return parse(id).filter(record -> record.fencingToken() != 0);
    }

    /**
     * @param time the reply of Redis's {@code TIME}: seconds and microseconds, as text or bytes
     * @return the server's clock in milliseconds since the epoch
     */
    public static long serverMillis(List<?> time) {
        return Long.parseLong(text(time.get(0))) * 1000 + Long.parseLong(text(time.get(1))) / 1000;
    }

    /**
     * @param key the lock key
     * @param mode how it is held
     * @param nowMillis the server's clock
     * @param ttlLeftMillis how long Redis keeps it
     * @return the listing's entry for this holder
     */
    public HeldLock toHeldLock(String key, LockMode mode, long nowMillis, long ttlLeftMillis) {
        return new HeldLock(key, mode, holder, fencingToken, Duration.ofMillis(Math.max(0, nowMillis - acquiredMillis)),
                Duration.ofMillis(Math.max(0, ttlLeftMillis)));
    }

    /**
     * One holder as {@code LockBackend.heldLocks()} and {@code RunLock.holder()} list it, named by its kart record when
     * it has one. One without: a holder of Redisson's run lock that has just been granted it and not yet written its
     * record, or that died or was cut off from Redis before it wrote one or after it was deleted (or whose record this
     * Redis user may not read); or a cache lock's holder granted without its token whose record is missing.
     *
     * @param key the lock key
     * @param mode how it is held
     * @param holder the holder's field in Redisson's lock hash, or its id in kart's lock protocol
     * @param record its kart record, when there is one
     * @param nowMillis the server's clock
     * @param ttlLeftMillis how long it holds the key unless renewed, in ms
     * @return the entry; without a record, {@code holder} names it, its fencing token is 0 (none, so
     *     {@link HeldLock#holderKnown()} is false) and its age zero, which is not known either
     */
    public static HeldLock listed(String key, LockMode mode, String holder, Optional<HolderRecord> record, long nowMillis,
            long ttlLeftMillis) {
        return record.map(known -> known.toHeldLock(key, mode, nowMillis, ttlLeftMillis))
                .orElseGet(() -> new HeldLock(key, mode, "holder " + holder + " (no kart record)", 0, Duration.ZERO,
                        Duration.ofMillis(Math.max(0, ttlLeftMillis))));
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
