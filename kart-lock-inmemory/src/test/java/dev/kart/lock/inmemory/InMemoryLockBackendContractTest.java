package dev.kart.lock.inmemory;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.lock.LockBackendContract;
import java.time.Duration;

/**
 * The backend users get passes the lock contract unchanged: the provider's process-wide table on
 * the system clock. Time passes for real, so the TTL is long enough that renewals keep up on a busy
 * machine. (kart-test runs the contract on its hand-moved clock, in {@code ManualClockTest}.)
 */
class InMemoryLockBackendContractTest extends LockBackendContract {
    @Override
    protected LockBackend openBackend(LeaseSettings lease) {
        return new InMemoryLockBackendProvider().open(lease, MapConfigSection.of("kart.lock.in-memory"));
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofSeconds(1);
    }
}
