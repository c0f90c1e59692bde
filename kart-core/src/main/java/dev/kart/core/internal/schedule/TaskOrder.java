package dev.kart.core.internal.schedule;

import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.NodeIdentity;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The order in which this node starts tasks that are ready at the same time ({@code kart.task-order}).
 * In the {@code spread} mode each task gets a place from its unique id and this node's seed (its
 * {@link NodeIdentity}: {@code host:pid}, and the runtime's number after the first runtime of a JVM;
 * unless {@code kart.task-order.seed} names one): a shuffle of its own per node, the same whenever
 * the seed is the same. Nodes that take ready tasks in one shared order all reach for the same task
 * first and collide on its run lock, and with {@code on-collision = wait} they go on colliding, task
 * after task; in orders of their own they start apart and rarely meet. In the {@code graph} mode
 * every task has the same place, so tasks start in the order they became ready. Immutable.
 */
final class TaskOrder {
    private static final HexFormat HEX = HexFormat.of();

    private final boolean spread;
    private final long seed;

    @Inject
    TaskOrder(KartSettings settings, NodeIdentity node) {
        this(settings.spreadTaskOrder(), settings.taskOrderSeed().orElseGet(node::toString));
    }

    private TaskOrder(boolean spread, String seed) {
        this.spread = spread;
        this.seed = hash(seed);
    }

    /**
     * @param node a task of this build (its unique id: 32 hex digits)
     * @return its place among tasks that became ready together: lower starts first; equal (always,
     *     in the {@code graph} mode) leaves them in the order they became ready
     */
    long place(TaskNode node) {
        if (!spread) {
            return 0;
        }
        // unique ids are SHA-256 bits already: 64 of them are as good as all 128
        long id = HEX.fromHexDigitsToLong(node.uniqueId(), 0, 16);
        return mix(id ^ seed);
    }

    /**
     * MurmurHash3's 64-bit finalizer: a bijection in which every input bit flips each output bit
     * with probability about one half, so that orders of ids under two seeds are unrelated (a bare
     * XOR with the seed would only swap blocks of the same order).
     */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The first 64 bits of SHA-256: the same on every JVM, and well mixed even for seeds differing in one digit. */
    private static long hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
