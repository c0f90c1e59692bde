package dev.kart.lock.redis.internal;

/**
 * What a binding's own read of a lock key found there when it is no lock of kart's nor of the Redisson
 * client's ({@link HolderReply#anotherApplicationsRunKeyValue()}), worded as acquire.lua words the same
 * refusal ({@code WRONGTYPE key K holds a list, not a kart lock}), so that both bindings tell it alike.
 * The cause of the {@link dev.kart.lock.LockKeyOccupiedException} that {@link RedisFailures#keyOccupied}
 * makes; known by its type, where acquire.lua's refusals, which reach the client as Redis error replies, are
 * known by their words.
 */
final class NotAKartLockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param key the lock key
     * @param what what it is or holds, in acquire.lua's words: {@code holds a list}
     */
    NotAKartLockException(String key, String what) {
        super("WRONGTYPE key " + key + " " + what + ", not a kart lock", null, false, false);
    }
}
