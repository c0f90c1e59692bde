package dev.kart.lock.inmemory;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.lock.LockBackendContract;

/**
 * The backend users get passes the lock contract unchanged: the provider's process-wide table on
 * the system clock, so time passes for real (kart-test runs the contract on its hand-moved clock, in
 * {@code ManualClockTest}).
 */
class InMemoryLockBackendContractTest extends LockBackendContract {
    @Override
    protected LockBackend openBackend(LeaseSettings lease) {
        return new InMemoryLockBackendProvider().open(lease, MapConfigSection.of("kart.lock.in-memory"));
    }
}
