package dev.kart.task;

/**
 * The run lease a task's {@code run()} works under, as the task sees it: read-only, so a task can
 * check it and hand its fencing token to the stores it writes, but never release it. The runtime
 * takes it before {@code run()} starts and releases it after the attempt; when it is lost while
 * {@code run()} works (renewal failed, the lock server lost its data, the TTL ran out), the runtime
 * interrupts the thread running {@code run()} at once.
 *
 * <p>Fencing: the token grows strictly across every holder of the task's run lock, in every
 * process. A store that remembers the highest token it accepted and refuses writes with a lower
 * one keeps a paused holder (a long GC pause, a frozen VM) from overwriting the work of the node
 * that took over. docs/locks.md shows one with PostgreSQL. Thread-safe.
 */
public interface RunLease {
    /** @return the lock key, such as {@code kart:run:pkg.Task_ab12...} */
    String key();

    /** @return the fencing token given to this lease; greater than that of every earlier holder of the key */
    long fencingToken();

    /**
     * Whether the lease is still held: answered locally, without a round trip to the lock server.
     *
     * @return {@code false} once it was lost or released, and from then on
     */
    boolean isHeld();
}
