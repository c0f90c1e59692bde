package dev.kart.lock.redis.redisson.internal;

import dev.kart.config.KartConfigException;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.RedisClientBinding;
import dev.kart.lock.redis.internal.RedisFailures;
import dev.kart.lock.redis.internal.RedisLockBackend;
import dev.kart.lock.redis.internal.SentinelAnswers;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * The Redisson binding, found by kart-lock-redis's provider with {@link java.util.ServiceLoader}; also
 * what {@code RedissonLocks} opens. Public only for the service loader.
 */
public final class RedissonBinding implements RedisClientBinding {
    /** The binding's name in messages and in {@code kart.lock.redis.client}. */
    static final String NAME = "redisson";

    @Override
    public RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }

    @Override
    public LockBackend open(RedisLockSettings settings) {
        RedisFailures failures = RedisFailures.ownClient(NAME, settings);
        RedissonClient client;
        try {
            client = Redisson.create(RedissonConfigs.of(settings, failures));
        } catch (KartConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failures.cannotStart(e, askSentinels(settings, failures, e));
        }
        return backend(settings, client, true, failures);
    }

    /**
     * Redisson keeps the primary the sentinels named to itself: they are asked again, over a probe of the failure's
     * own, when their answer changes how the failure is worded.
     */
    private static SentinelAnswers askSentinels(RedisLockSettings settings, RedisFailures failures, Throwable cause) {
        if (!failures.sentinelsCanTell(cause)) {
            return SentinelAnswers.notAsked();
        }
        try (RedissonSentinelProbe probe = new RedissonSentinelProbe(settings)) {
            return probe.askInTurn(settings.sentinel().orElseThrow().nodes());
        } catch (RuntimeException e) {
            // the client library's failure is what the user is told; asking could not add to it
            cause.addSuppressed(e);
            return SentinelAnswers.notAsked();
        }
    }

    /**
     * @param client the application's client, left running when the backend closes
     * @param settings the backend's settings; where Redis is comes from the client
     * @return the open backend
     * @throws KartConfigException when the client's watchdog does not renew as the
     *     lease settings need
     * @throws LockException when Redis does not answer through the client
     */
    public static LockBackend open(RedissonClient client, RedisLockSettings settings) {
        RedissonConfigs.requireLeaseWatchdog(client.getConfig(), settings);
        return backend(settings, client, false, RedisFailures.givenClient(NAME, "Redis of the application's RedissonClient",
                settings));
    }

    private static LockBackend backend(RedisLockSettings settings, RedissonClient client, boolean own, RedisFailures failures) {
        // a cluster (kart's cluster keys, a YAML file's or the application's clusterServersConfig) needs every
        // script's keys in one slot; one server keeps the layout it always had
        LockKeys keys = settings.cluster() || client.getConfig().isClusterConfig()
                ? LockKeys.cluster(settings.lease().prefix(), settings.clusterGroups()) : new LockKeys(settings.lease().prefix());
        RedissonLockClient locks = new RedissonLockClient(settings, keys, client, own, failures);
        try {
            locks.checkReachable(own ? cause -> askSentinels(settings, failures, cause) : cause -> SentinelAnswers.notAsked());
        } catch (LockException | KartConfigException e) {
            locks.close();
            throw e;
        }
        return new RedisLockBackend(failures, keys, locks);
    }
}
