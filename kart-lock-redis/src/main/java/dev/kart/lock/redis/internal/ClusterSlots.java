package dev.kart.lock.redis.internal;

import java.nio.charset.StandardCharsets;

/**
 * The Redis Cluster slot of a key, as the cluster specification computes it: CRC16 (XMODEM) of the
 * key's hash tag (the text between its first {@code {} and the next {@code }}, when not empty),
 * else of the whole key, modulo 16384. kart-lock-redis holds no client library, whose own copy would
 * do; a test compares this one with {@code CLUSTER KEYSLOT} of a real cluster.
 */
public final class ClusterSlots {
    /** The number of slots of a Redis Cluster. */
    public static final int SLOTS = 16384;

    private ClusterSlots() {
    }

    /**
     * @param key a key
     * @return its slot, 0 to 16383
     */
    public static int of(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                key = key.substring(open + 1, close);
            }
        }
        return crc16(key.getBytes(StandardCharsets.UTF_8)) % SLOTS;
    }

    private static int crc16(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc ^= (b & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xffff;
    }
}
