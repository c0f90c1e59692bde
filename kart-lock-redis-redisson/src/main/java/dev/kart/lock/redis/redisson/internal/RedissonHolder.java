package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.LockMode;
import org.redisson.RedissonObject;

/**
 * Where one Redisson holder lives in Redis: the lock hash (the key), the holder's field in it
 * ({@code {client id}:{lease number}}, with {@code :write} for a write lock), and the key whose TTL
 * bounds it (the hash, or a reader's own {@code rwlock_timeout} key, in the same Cluster slot).
 *
 * @param key the lock key
 * @param mode shared or exclusive
 * @param run whether it is a run lock (Redisson's lock) rather than a cache lock (its read-write lock)
 * @param leaseNumber the "thread id" Redisson holds it under
 * @param clientId the Redisson client's id
 */
record RedissonHolder(String key, LockMode mode, boolean run, long leaseNumber, String clientId) {

    /** @return the holder's field in the lock hash */
    String field() {
        String name = clientId + ":" + leaseNumber;
        return !run && mode == LockMode.EXCLUSIVE ? name + ":write" : name;
    }

    /** @return the key whose TTL is this holder's: a reader's own timeout key, else the lock hash */
    String boundKey() {
        return !run && mode == LockMode.SHARED ? readerTimeoutKey(key, clientId + ":" + leaseNumber) : key;
    }

    /** @return the mode Redisson's hash must be in for this holder, or '' for a plain lock */
    String requiredMode() {
        return run ? "" : mode == LockMode.EXCLUSIVE ? "write" : "read";
    }

    /** @return this holder's field in kart's holder records: the lock key, a space, the field */
    String recordField() {
        return key + " " + field();
    }

    /** The key Redisson 3.52's read lock expires one hold of a reader by (its first and only hold here). */
    static String readerTimeoutKey(String key, String readerField) {
        return RedissonObject.suffixName(key, readerField) + ":rwlock_timeout:1";
    }
}
