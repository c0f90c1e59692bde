package dev.kart.lock;

import dev.kart.KartException;

/**
 * Another node holds the run lock of a task whose collision policy is {@code fail}, or a
 * {@code wait} exceeded {@code kart.lock.wait-timeout}. The task is retried while its retry count
 * ({@code kart.retry.count} or its own {@code retry-count}) leaves attempts; the message says whether
 * one is left.
 */
public class LockCollisionException extends KartException {
    private static final long serialVersionUID = 1L;

    /** @param message which task and key, and what policy applied */
    public LockCollisionException(String message) {
        super(message);
    }
}
