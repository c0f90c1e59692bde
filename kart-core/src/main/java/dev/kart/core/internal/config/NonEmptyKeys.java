package dev.kart.core.internal.config;

import java.util.Optional;

/**
 * The keys of kart's own that refuse the empty text, each with what it takes as its error words it: one wording for
 * the error and for the command line's advice about {@code -D KEY=''}, which must not send the user to {@code -D
 * KEY=""} only for that key to refuse the empty text in turn.
 */
public final class NonEmptyKeys {
    /** What {@code kart.lock.prefix} takes: lock keys begin with it. */
    static final String LOCK_PREFIX = "a non-empty name without spaces";
    /** What {@code kart.workspace} takes: the empty path would be the working directory, unsaid. */
    static final String WORKSPACE = "a directory (or a path where kart may create one; . for the working directory)";
    /** What {@code kart.task-order.seed} takes. */
    static final String TASK_ORDER_SEED = "a name such as the node's host name, or null for this node's identity"
            + " (host:pid)";

    private NonEmptyKeys() {
    }

    /**
     * @param key a full config key as a {@code -D} names it, such as {@code kart.lock.prefix}
     * @return what the key takes, as its error says after "expected", such as {@code a non-empty name without
     *     spaces}, when it refuses the empty text; empty for any other key, whose empty text is read or refused as any
     *     other value of its type
     */
    public static Optional<String> expected(String key) {
        return switch (key) {
            case "kart.lock.prefix" -> Optional.of(LOCK_PREFIX);
            case "kart.workspace" -> Optional.of(WORKSPACE);
            case "kart.task-order.seed" -> Optional.of(TASK_ORDER_SEED);
            default -> Optional.empty();
        };
    }
}
