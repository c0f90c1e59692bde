package dev.kart.lock.redis.internal;

import java.util.concurrent.CompletionStage;

/**
 * The release notifications of one backend, as its client library receives them (Redis pub/sub).
 * They only speed waiters up: every waiter also asks Redis again at least every fallback poll, so a
 * lost notification costs latency, never correctness.
 */
public interface ReleaseNotifications {
    /** Told what happened to a key's notifications. Called on the client library's thread: must return quickly. */
    interface Listener {
        /** A release of the key was published: it may be free now. */
        void released();

        /**
         * The key's notifications stopped (the subscriber connection broke, was given up before it came up, or
         * closed), so a release may have gone unheard: the key must be asked about again. Says nothing about the key
         * itself, which a stalled Redis may still hold for a live holder.
         */
        void notificationsLost();
    }

    /**
     * Starts telling {@code listener} about releases of {@code key}.
     *
     * @param key a lock key
     * @param listener the listener
     * @return a stage completed once notifications for the key flow, or once it is clear they will
     *     not (the fallback poll then does the work); never completed exceptionally
     */
    CompletionStage<Void> listen(String key, Listener listener);

    /**
     * Stops telling {@code listener} about {@code key}.
     *
     * @param key the lock key
     * @param listener the listener
     */
    void unlisten(String key, Listener listener);
}
