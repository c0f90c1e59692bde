package dev.kart.lock.redis.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes one waiting acquire when a release notification for its key arrives, or when notifications were lost: either
 * way its next try asks Redis. Thread-safe.
 */
public final class Wakeup implements ReleaseNotifications.Listener {
    private final Semaphore signals = new Semaphore(0);

    @Override
    public void released() {
        signals.release();
    }

    @Override
    public void notificationsLost() {
        signals.release();
    }

    /**
     * Waits for a notification that came since the last wait, or for the time to pass.
     *
     * @param nanos the longest wait
     * @throws InterruptedException when interrupted
     */
    public void await(long nanos) throws InterruptedException {
        signals.tryAcquire(nanos, TimeUnit.NANOSECONDS);
        signals.drainPermits();
    }
}
