package dev.kart.test.support.lock;

/**
 * Another process of the application under test, holding one cache lease, as
 * {@link LockBackendContract#startHolder} starts it: by default a backend of its own in the test's
 * JVM ({@code InProcessLeaseHolder}), or a real JVM ({@link LeaseHolderJvm}) for backends that
 * several JVMs share. It holds its lease from the moment it is returned until it is released or
 * killed.
 */
public interface LeaseHolderProcess extends AutoCloseable {
    /** @return the fencing token of the lease it holds */
    long fencingToken();

    /**
     * Closes its lease, as a holder that finished reading or writing does, and ends.
     *
     * @return whether its lease was still held ({@code Lease.isHeld()}) right before it was closed
     * @throws AssertionError when it does not end within its guard, or ended without saying
     * @throws InterruptedException when interrupted while waiting for it
     */
    boolean release() throws InterruptedException;

    /**
     * Ends it as a machine that dies ends it: its lease is neither released nor renewed any more, so
     * it stays in the backend until its TTL runs out.
     *
     * @throws InterruptedException when interrupted while waiting for it to end
     */
    void kill() throws InterruptedException;

    /** Ends it if it still runs, as {@link #kill()} does; never throws. */
    @Override
    void close();
}
