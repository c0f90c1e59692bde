package dev.kart.test.support.lock;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;

/**
 * Opens the backend under test inside a worker JVM started by {@link LeaseHolderJvm}. An
 * implementation is a public class with a public no-argument constructor on the test's class path;
 * it reads where its server is from the system properties the test hands the worker.
 */
public interface WorkerBackendOpener {
    /**
     * @param lease prefix, TTL, renew interval and owner of the worker's leases
     * @return an open backend; the worker closes it before it ends
     */
    LockBackend open(LeaseSettings lease);
}
