package dev.kart.lock.inmemory;

import dev.kart.lock.Lease;
import dev.kart.lock.LockMode;

/** A lease in a {@link LockTable}. Its expiry moves forward on each renewal; closing removes it if it is still a holder. */
final class TableLease implements Lease {
    private final LockTable table;
    private final String key;
    private final LockMode mode;
    private final long fencingToken;
    private final String owner;
    private final long acquiredAt;
    private volatile long expiresAt;
    private volatile boolean closed;
    private volatile Runnable renewalCancel;

    TableLease(LockTable table, String key, LockMode mode, long fencingToken, String owner, long acquiredAt, long expiresAt) {
        this.table = table;
        this.key = key;
        this.mode = mode;
        this.fencingToken = fencingToken;
        this.owner = owner;
        this.acquiredAt = acquiredAt;
        this.expiresAt = expiresAt;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public LockMode mode() {
        return mode;
    }

    @Override
    public long fencingToken() {
        return fencingToken;
    }

    @Override
    public boolean isHeld() {
        return !closed && !expiredAt(table.clock().nanoTime());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopRenewal();
        table.release(this);
    }

    /** The holder's name: its backend's owner and, to tell leases of one process apart, the lease's token. */
    String holder() {
        return owner + "#" + fencingToken;
    }

    long acquiredAt() {
        return acquiredAt;
    }

    long expiresAt() {
        return expiresAt;
    }

    boolean expiredAt(long now) {
        return now - expiresAt >= 0;
    }

    void extendTo(long newExpiry) {
        expiresAt = newExpiry;
    }

    /** @param cancel stops the renewal that keeps this lease; run at once if the lease was closed meanwhile */
    void renewedBy(Runnable cancel) {
        renewalCancel = cancel;
        if (closed) {
            cancel.run();
        }
    }

    void stopRenewal() {
        Runnable cancel = renewalCancel;
        if (cancel != null) {
            cancel.run();
        }
    }

    @Override
    public String toString() {
        return key + " (" + mode + ", token " + fencingToken + ", " + holder() + ")";
    }
}
