package dev.kart.lock.redis.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reply of holder.lua ({@link LockScripts#HOLDER}): one key as Redis keeps it, with the server's
 * clock. Immutable.
 *
 * @param nowMillis the server's clock when the key was read, in ms since the epoch
 * @param ttlMillis how long Redis keeps the key, in ms; negative when it has no expiry, is missing or is of another kind
 *     than string and hash
 * @param value the value of a string key (an exclusive holder's id in kart's lock protocol)
 * @param fields the fields and values of a hash key, in Redis's order; empty for any other key
 * @param kind the key's kind as Redis's TYPE names it: {@code string}, {@code hash}, {@code none} when it is missing,
 *     or another ({@code list}, {@code set}...), which no kart lock is
 */
public record HolderReply(long nowMillis, long ttlMillis, Optional<String> value, Map<String, String> fields, String kind) {
    /** A Redisson lock hash's field: the client's id (a UUID), a colon, the holder's thread id or kart's lease number. */
    private static final Pattern REDISSON_HOLDER = Pattern.compile("\\S+:\\d+");
    /** A Redisson lock hash's value: how many times its holder took it. */
    private static final Pattern HOLD_COUNT = Pattern.compile("[1-9]\\d*");
    /** A shared holder's value in kart's lock protocol: its expiry, in server ms. */
    private static final Pattern EXPIRY = Pattern.compile("\\d+");

    /** Copies the map. */
    public HolderReply {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * @param reply what holder.lua returned: {@code {now, kind, ms, ...}}, or {@code {now, kind}} for a missing key or
     *     one of another kind than string and hash; integers as Long, strings as String or bytes
     * @return its parts
     * @throws IllegalArgumentException when it is not holder.lua's reply
     */
    public static HolderReply parse(List<?> reply) {
        if (reply.size() < 2) {
            throw new IllegalArgumentException("holder.lua replied " + reply + ", expected {now, kind, ...}");
        }
        long now = number(reply.get(0));
        String kind = text(reply.get(1));
        if (kind.equals("string") && reply.size() == 4) {
            return new HolderReply(now, number(reply.get(2)), Optional.of(text(reply.get(3))), Map.of(), kind);
        }
        if (kind.equals("hash") && reply.size() >= 3 && reply.size() % 2 == 1) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 3; i < reply.size(); i += 2) {
                fields.put(text(reply.get(i)), text(reply.get(i + 1)));
            }
            return new HolderReply(now, number(reply.get(2)), Optional.empty(), fields, kind);
        }
        if (reply.size() == 2 && !kind.equals("string") && !kind.equals("hash")) {
            // missing, or of a kind no lock is: no holder, and no TTL of a holder's
            return new HolderReply(now, -2, Optional.empty(), Map.of(), kind);
        }
        throw new IllegalArgumentException("holder.lua replied " + reply + ", expected a string, a hash or another key's kind");
    }

    /**
     * @param kind which kind of lock the key is
     * @return whether the key is Redisson's run lock, taken by a node on the Redisson binding: a hash on a run key whose
     *     every field is a Redisson lock holder ({@code <client id>:<lease number>}) valued with its hold count; on a
     *     cache key a hash is kart's shared holders, and a hash of another shape is another application's key
     */
    public boolean isRedissonLock(LockKind kind) {
        if (kind != LockKind.RUN || value.isPresent() || fields.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!REDISSON_HOLDER.matcher(field.getKey()).matches() || !HOLD_COUNT.matcher(field.getValue()).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a run key holds that no binding writes there: another application's value, which each binding's acquire
     * refuses (acquire.lua; the Redisson binding after its lock's refusal), in the words of those refusals.
     *
     * @return {@code holds a list} (a set, ...), {@code holds a string without expiry}, {@code holds a string that is no
     *     kart holder id}, {@code holds a hash without expiry} or {@code is a hash of no lock holders}; empty when the
     *     key is missing or holds a lock: the Jedis binding's (a holder id that expires), Redisson's (a hash of its
     *     shape that expires), or kart's shared holders
     */
    public Optional<String> anotherApplicationsRunKeyValue() {
        return switch (kind) {
            case "none" -> Optional.empty();
            case "string" -> {
                if (ttlMillis < 0) {
                    yield Optional.of("holds a string without expiry");
                }
                yield HolderRecord.parse(value.orElseThrow()).isPresent() ? Optional.empty()
                        : Optional.of("holds a string that is no kart holder id");
            }
            case "hash" -> {
                if (!isRedissonLock(LockKind.RUN) && !isKartSharedHolders()) {
                    yield Optional.of("is a hash of no lock holders");
                }
                yield ttlMillis < 0 ? Optional.of("holds a hash without expiry") : Optional.empty();
            }
            default -> Optional.of("holds a " + kind);
        };
    }

    /** @return whether every field is a shared holder of kart's lock protocol: its id, valued with its expiry */
    private boolean isKartSharedHolders() {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (HolderRecord.parse(field.getKey()).isEmpty() || !EXPIRY.matcher(field.getValue()).matches()) {
                return false;
            }
        }
        return !fields.isEmpty();
    }

    /**
     * @return {@link #holdings()} whose ids are kart's ({@code token acquired-ms holder}): another application's value
     *     is left out, as {@link #holders(String)} leaves it out
     */
    public List<Holding> kartHoldings() {
        List<Holding> kart = new ArrayList<>();
        for (Holding holding : holdings()) {
            if (HolderRecord.parse(holding.id()).isPresent()) {
                kart.add(holding);
            }
        }
        return kart;
    }

    /**
     * One holder of a key as kart's lock protocol writes it.
     *
     * @param id the holder's id, {@code token acquired-ms holder} (see {@link HolderRecord})
     * @param mode exclusive for a string key's value, shared for a hash key's field
     * @param ttlLeftMillis how long it holds the key unless renewed, in ms: the key's TTL for an exclusive
     *     holder, a shared holder's own expiry less the server's clock
     */
    public record Holding(String id, LockMode mode, long ttlLeftMillis) {
    }

    /**
     * @return the key's holders in kart's lock protocol, in Redis's order: a string key's value, the
     *     exclusive holder; or a hash key's fields, the shared holders, each valued with its own expiry
     *     in server ms, those whose expiry passed left out (the next acquire or release of the key drops
     *     them); empty when the key is missing, or never expires (kart's holds always do: another application's
     *     value)
     */
    public List<Holding> holdings() {
        if (ttlMillis < 0) {
            // kart's holds always expire (and a missing key holds none): another application's value
            return List.of();
        }
        if (value.isPresent()) {
            return List.of(new Holding(value.get(), LockMode.EXCLUSIVE, ttlMillis));
        }
        List<Holding> shared = new ArrayList<>(fields.size());
        for (Map.Entry<String, String> field : fields.entrySet()) {
            long expires = expiry(field.getValue());
            if (expires > nowMillis) {
                shared.add(new Holding(field.getKey(), LockMode.SHARED, expires - nowMillis));
            }
        }
        return shared;
    }

    /**
     * @param key the lock key read
     * @return its holders in kart's lock protocol ({@link #holdings()}) as {@code LockBackend.heldLocks()}
     *     lists them, in {@link HolderRecord#ORDER}; a holder whose id is not one of kart's is left out
     */
    public List<HeldLock> holders(String key) {
        List<HeldLock> held = new ArrayList<>();
        for (Holding holding : holdings()) {
            HolderRecord.parse(holding.id()).ifPresent(record -> held.add(record.toHeldLock(key, holding.mode(), nowMillis,
                    holding.ttlLeftMillis())));
        }
        held.sort(HolderRecord.ORDER);
        return held;
    }

    /** @return a shared holder's expiry in server ms; 0, passed, when the value is not one of kart's */
    private static long expiry(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long number(Object reply) {
        return reply instanceof Number number ? number.longValue() : Long.parseLong(text(reply));
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
