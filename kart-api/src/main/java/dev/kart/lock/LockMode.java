package dev.kart.lock;

/** How a {@link CacheLock} lease shares its key. */
public enum LockMode {
    /** Any number of shared holders at once, none while an exclusive holder exists (loads). */
    SHARED,
    /** One holder and no shared holders (dumps and removes). */
    EXCLUSIVE
}
