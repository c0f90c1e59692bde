package dev.kart.lock.redis.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reply of holder.lua ({@link LockScripts#HOLDER}): one key as Redis keeps it, with the server's
 * clock. Immutable.
 *
 * @param nowMillis the server's clock when the key was read, in ms since the epoch
 * @param ttlMillis how long Redis keeps the key, in ms; negative when it has no expiry or is missing
 * @param value the value of a string key (an exclusive holder's id in kart's lock protocol)
 * @param fields the fields and values of a hash key, in Redis's order; empty for any other key
 */
public record HolderReply(long nowMillis, long ttlMillis, Optional<String> value, Map<String, String> fields) {
    /** Copies the map. */
    public HolderReply {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * @param reply what holder.lua returned: {@code {now, kind, ms, ...}}, integers as Long, strings as
     *     String or bytes
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
            return new HolderReply(now, number(reply.get(2)), Optional.of(text(reply.get(3))), Map.of());
        }
        if (kind.equals("hash") && reply.size() >= 3 && reply.size() % 2 == 1) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 3; i < reply.size(); i += 2) {
                fields.put(text(reply.get(i)), text(reply.get(i + 1)));
            }
            return new HolderReply(now, number(reply.get(2)), Optional.empty(), fields);
        }
        if (kind.equals("none")) {
            return new HolderReply(now, -2, Optional.empty(), Map.of());
        }
        throw new IllegalArgumentException("holder.lua replied " + reply + ", expected a string, hash or missing key");
    }

    /**
     * @param key the lock key read
     * @return its exclusive holder in kart's lock protocol (a string key valued with the holder's id,
     *     {@code token acquired-ms holder}); empty when the key is missing, another kind, or not valued
     *     by kart
     */
    public Optional<HeldLock> exclusiveHolder(String key) {
        return value.flatMap(HolderRecord::parse).map(record -> record.toHeldLock(key, LockMode.EXCLUSIVE, nowMillis,
                ttlMillis));
    }

    private static long number(Object reply) {
        return reply instanceof Number number ? number.longValue() : Long.parseLong(text(reply));
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
