package dev.kart.lock.redis.internal;

import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.RunLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The {@code redis} lock backend of either binding: lays out the keys ({@code {prefix}:cache:{target}},
 * {@code {prefix}:run:{uniqueId}}; in a Redis Cluster with the group's hash tag in place of the prefix,
 * see {@link LockKeys}) and hands each lock call to the binding's {@link LockClient}. Leases and held
 * locks carry the SPI's names, {@code {prefix}:run:{uniqueId}}, in either layout. Thread-safe.
 */
public final class RedisLockBackend implements LockBackend {
    private final String description;
    private final RedisFailures failures;
    private final LockKeys keys;
    private final LockClient client;
    private final CacheLock cacheLock = new RedisCacheLock();
    private final RunLock runLock = new RedisRunLock();

    /**
     * @param failures names the binding and where Redis is, for {@link #toString()} and a run lock held through the
     *     other binding
     * @param keys the key layout under the prefix
     * @param client the binding
     */
    public RedisLockBackend(RedisFailures failures, LockKeys keys, LockClient client) {
        this.description = "redis lock backend (" + failures.binding() + ") on " + failures.address() + ", prefix "
                + keys.prefix();
        this.failures = failures;
        this.keys = keys;
        this.client = client;
    }

    @Override
    public CacheLock cacheLock() {
        return cacheLock;
    }

    @Override
    public RunLock runLock() {
        return runLock;
    }

    @Override
    public List<HeldLock> heldLocks() {
        List<HeldLock> held = client.heldLocks();
        if (!keys.clustered()) {
            return held;
        }
        return held.stream().map(this::named).sorted(HolderRecord.ORDER).toList();
    }

    /** Stops renewing and closes what the binding opened; leases still held expire after their TTL. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public List<String> unconfirmedReleases() {
        return client.unconfirmedReleases().stream().map(key -> keys.clustered() ? keys.name(key) : key).toList();
    }

    /** The lock as the SPI names it: in a cluster, without the group's hash tag of its Redis key. */
    private HeldLock named(HeldLock lock) {
        return new HeldLock(keys.name(lock.key()), lock.mode(), lock.holder(), lock.fencingToken(), lock.age(), lock.ttlLeft());
    }

    private Optional<Lease> named(Optional<Lease> lease) {
        return keys.clustered() ? lease.map(granted -> new NamedLease(granted, keys.name(granted.key()))) : lease;
    }

    /**
     * A lease of the cluster layout under the name the lock SPI gives it ({@code {prefix}:run:{uniqueId}});
     * the lease itself, its log lines and its errors keep the Redis key, with its group's tag.
     */
    private record NamedLease(Lease lease, String key) implements Lease {
        @Override
        public LockMode mode() {
            return lease.mode();
        }

        @Override
        public long fencingToken() {
            return lease.fencingToken();
        }

        @Override
        public boolean isHeld() {
            return lease.isHeld();
        }

        @Override
        public Optional<String> lossReason() {
            return lease.lossReason();
        }

        @Override
        public void close() {
            lease.close();
        }

        @Override
        public String toString() {
            return key + " (" + mode() + ", token " + fencingToken() + ")";
        }
    }

    /** @return {@code redis lock backend (BINDING) on ADDRESS, prefix PREFIX}: {@code ... (jedis) on Redis at localhost:6379, prefix kart} */
    @Override
    public String toString() {
        return description;
    }

    private final class RedisCacheLock implements CacheLock {
        @Override
        public Optional<Lease> tryAcquire(String target, LockMode mode) {
            String key = keys.cache(target);
            try {
                return named(client.tryAcquire(LockKind.CACHE, key, mode));
            } catch (LockException e) {
                throw occupiedWhenOfAnotherKind(key, e);
            }
        }

        @Override
        public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException {
            String key = keys.cache(target);
            try {
                return named(client.acquire(LockKind.CACHE, key, mode, timeout));
            } catch (LockException e) {
                throw occupiedWhenOfAnotherKind(key, e);
            }
        }

        /**
         * {@link LockClient#BATCH_LIMIT} keys a round trip; those the binding could not settle in its round trip, each by
         * {@link #tryAcquire}, as it names its key in errors. When Redis does not answer in time (a stall), no lease is
         * kept and every target is left to the caller's {@link #acquire}, which tries again until its timeout: what was
         * sent unanswered is the binding's to clean up.
         */
        @Override
        public List<Optional<Lease>> tryAcquireAll(List<String> targets, LockMode mode) {
            List<Optional<Lease>> leases = new ArrayList<>(targets.size());
            try {
                for (int from = 0; from < targets.size(); from += LockClient.BATCH_LIMIT) {
                    List<String> batch = targets.subList(from, Math.min(targets.size(), from + LockClient.BATCH_LIMIT));
                    List<String> cacheKeys = new ArrayList<>(batch.size());
                    for (String target : batch) {
                        cacheKeys.add(keys.cache(target));
                    }
                    leases.addAll(client.tryAcquireAll(LockKind.CACHE, cacheKeys, mode));
                }
                for (int i = 0; i < leases.size(); i++) {
                    Optional<Lease> settled = leases.get(i);
                    leases.set(i, settled == null ? tryAcquire(targets.get(i), mode) : named(settled));
                }
            } catch (RuntimeException | Error e) {
                releaseAll(leases.stream().filter(lease -> lease != null && lease.isPresent()).map(Optional::get).toList());
                if (e instanceof LockException unanswered && RedisFailures.unanswered(unanswered)) {
                    return Collections.nCopies(targets.size(), Optional.empty());
                }
                throw e;
            }
            return leases;
        }

        /** {@link LockClient#BATCH_LIMIT} leases a round trip. */
        @Override
        public void releaseAll(List<? extends Lease> leases) {
            List<Lease> clients = new ArrayList<>(leases.size());
            for (Lease lease : leases) {
                clients.add(lease instanceof NamedLease named ? named.lease() : lease);
            }
            for (int from = 0; from < clients.size(); from += LockClient.BATCH_LIMIT) {
                client.releaseAll(clients.subList(from, Math.min(clients.size(), from + LockClient.BATCH_LIMIT)));
            }
        }

        /**
         * A cache key that acquire.lua refused as a hash of no kart lock holders holds another application's value: both
         * bindings keep kart's cache locks there (acquire.lua), unlike a run key, where such a hash may be the Redisson
         * binding's run lock. acquire.lua refuses every other stranger's value on any key in words
         * {@link RedisFailures#anotherApplicationsValue} knows; this one it cannot tell, not knowing the key's kind.
         */
        private LockException occupiedWhenOfAnotherKind(String key, LockException failure) {
            if (!RedisFailures.refusedAsHashOfNoHolders(failure) || RedisFailures.anotherApplicationsValue(failure)) {
                return failure;
            }
            LockException occupied = failures.keyOccupied("acquiring", key, "is a hash of no kart lock holders");
            occupied.addSuppressed(failure);
            return occupied;
        }

        @Override
        public List<HeldLock> holders(String target) {
            return client.holders(LockKind.CACHE, keys.cache(target)).stream().map(RedisLockBackend.this::named).toList();
        }
    }

    private final class RedisRunLock implements RunLock {
        @Override
        public Optional<Lease> tryAcquire(String uniqueId) {
            String key = keys.run(uniqueId);
            try {
                return named(client.tryAcquire(LockKind.RUN, key, LockMode.EXCLUSIVE));
            } catch (LockException e) {
                throw namingHolder(key, e);
            }
        }

        @Override
        public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
            String key = keys.run(uniqueId);
            try {
                return named(client.acquire(LockKind.RUN, key, LockMode.EXCLUSIVE, timeout));
            } catch (LockException e) {
                throw namingHolder(key, e);
            }
        }

        @Override
        public CompletionStage<Void> whenFree(String uniqueId) {
            return client.whenFree(keys.run(uniqueId));
        }

        @Override
        public Optional<HeldLock> holder(String uniqueId) {
            // one holder at most: a run lock is exclusive
            return client.holders(LockKind.RUN, keys.run(uniqueId)).stream().findFirst().map(RedisLockBackend.this::named);
        }

        /**
         * A run lock refused as a key of the other kind: when this binding reads it as the other binding's lock and its
         * record names the holder, the error names it; when the look-up finds another application's value, the error
         * says so; else (a holder without a record yet, Redis not answering the look-up) the refusal as it was.
         */
        private LockException namingHolder(String key, LockException failure) {
            if (!RedisFailures.wrongKind(failure) || RedisFailures.anotherApplicationsValue(failure)) {
                return failure;
            }
            try {
                return client.holders(LockKind.RUN, key).stream().filter(HeldLock::holderKnown).findFirst()
                        .map(holder -> failures.heldThroughOtherClient(key, holder, failure)).orElse(failure);
            } catch (LockException unread) {
                if (RedisFailures.anotherApplicationsValue(unread)) {
                    // the look-up tells what the refusal could not: no lock of the other binding's is there
                    return failures.failed("acquiring", key, unread.getCause());
                }
                failure.addSuppressed(unread);
                return failure;
            }
        }
    }
}
