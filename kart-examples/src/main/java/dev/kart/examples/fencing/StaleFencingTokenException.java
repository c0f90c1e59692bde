package dev.kart.examples.fencing;

import java.util.Optional;

/**
 * A {@link FencedStore} refused a write because the resource holds a write of a newer holder of the
 * lock: the writer's lease was lost (it paused or was cut off longer than the TTL) and another node
 * took over. The writer must stop; a retry takes a new lease, with a newer token.
 */
public final class StaleFencingTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient FencedWrite refused;
    private final transient Optional<Long> storedFencingToken;

    /**
     * @param refused the write the store refused
     * @param storedFencingToken the fencing token the resource holds, read right after the refusal;
     *     empty when its row was deleted in between
     */
    public StaleFencingTokenException(FencedWrite refused, Optional<Long> storedFencingToken) {
        super(message(refused, storedFencingToken));
        this.refused = refused;
        this.storedFencingToken = storedFencingToken;
    }

    /** @return the write the store refused, with the writer's fencing token */
    public FencedWrite refused() {
        return refused;
    }

    /** @return the fencing token the resource holds, greater than the refused one; empty if its row is gone */
    public Optional<Long> storedFencingToken() {
        return storedFencingToken;
    }

    private static String message(FencedWrite refused, Optional<Long> stored) {
        String holds = stored.map(token -> "it holds the write of fencing token " + token + ", from a newer holder of the lock")
                .orElse("a newer holder of the lock wrote it (its row has been deleted since)");
        return FencedStore.TABLE + " refused the write to '" + refused.resource() + "' with fencing token "
                + refused.fencingToken() + ": " + holds + ". This writer's lease was lost (it paused or was cut off"
                + " longer than the TTL) and another node took over; this writer must not write any more";
    }
}
