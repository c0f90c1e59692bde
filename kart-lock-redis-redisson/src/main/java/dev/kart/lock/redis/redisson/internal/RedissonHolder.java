package dev.kart.lock.redis.redisson.internal;

/**
 * Where one holder of a run lock (Redisson's lock) lives in Redis: the lock hash (the key) and the
 * holder's field in it, {@code {client id}:{lease number}}.
 *
 * @param key the lock key
 * @param leaseNumber the "thread id" Redisson holds it under
 * @param clientId the Redisson client's id
 */
record RedissonHolder(String key, long leaseNumber, String clientId) {

    /** @return the holder's field in the lock hash */
    String field() {
        return clientId + ":" + leaseNumber;
    }

    /** @return this holder's field in kart's holder records: the lock key, a space, the field */
    String recordField() {
        return key + " " + field();
    }
}
