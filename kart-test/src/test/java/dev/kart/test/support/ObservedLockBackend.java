package dev.kart.test.support;

import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.RunLock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real lock backend with a window on its run lock: it passes every call through unchanged and
 * reports the moments a test needs to wait for, so the test can act at the right step of a
 * collision instead of sleeping and hoping.
 */
public final class ObservedLockBackend implements LockBackend, RunLock {
    /** What the runtime did with the run lock. */
    public enum Event {
        /** {@code tryAcquire} returned empty: a collision. */
        COLLIDED,
        /** {@code acquire} was called: the wait policy starts waiting. */
        WAIT_STARTED,
        /** {@code whenFree} was called: the defer policy parks the task. */
        PARKED,
        /**
         * The run lock a parked task waits for was freed, and the runtime's reaction to that (queueing
         * the task again) has run.
         */
        WOKEN
    }

    private final LockBackend delegate;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

    /** @param delegate the backend that does the work */
    public ObservedLockBackend(LockBackend delegate) {
        this.delegate = delegate;
    }

    /**
     * Waits for the next event of the given kind, discarding others.
     *
     * @param expected the event
     * @param guard how long to wait before failing as hung
     * @throws InterruptedException when interrupted
     */
    public void await(Event expected, Duration guard) throws InterruptedException {
        long deadline = System.nanoTime() + guard.toNanos();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("the runtime did not reach " + expected + " within " + guard);
            }
            if (event == expected) {
                return;
            }
        }
    }

    @Override
    public CacheLock cacheLock() {
        return delegate.cacheLock();
    }

    @Override
    public RunLock runLock() {
        return this;
    }

    @Override
    public List<HeldLock> heldLocks() {
        return delegate.heldLocks();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public Optional<Lease> tryAcquire(String uniqueId) {
        Optional<Lease> lease = delegate.runLock().tryAcquire(uniqueId);
        if (lease.isEmpty()) {
            events.add(Event.COLLIDED);
        }
        return lease;
    }

    @Override
    public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
        events.add(Event.WAIT_STARTED);
        return delegate.runLock().acquire(uniqueId, timeout);
    }

    @Override
    public CompletionStage<Void> whenFree(String uniqueId) {
        events.add(Event.PARKED);
        // the runtime's callbacks on the relay run inside relay.complete(), so WOKEN comes after them
        CompletableFuture<Void> relay = new CompletableFuture<>();
        delegate.runLock().whenFree(uniqueId).whenComplete((ignored, error) -> {
            if (error != null) {
                relay.completeExceptionally(error);
            } else {
                relay.complete(null);
            }
            events.add(Event.WOKEN);
        });
        return relay;
    }
}
