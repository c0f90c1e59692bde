package dev.kart.lock.inmemory;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.lock.LockBackendContract;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The in-memory backend passes the lock contract unchanged, on both clocks it supports. */
class InMemoryLockBackendContractTest {

    /**
     * The backend users get: the provider's process-wide table on the system clock. Time passes
     * for real, so the TTL is long enough that renewals keep up on a busy machine.
     */
    @Nested
    class SystemClock extends LockBackendContract {
        @Override
        protected LockBackend openBackend(LeaseSettings lease) {
            return new InMemoryLockBackendProvider().open(lease, MapConfigSection.of("kart.lock.in-memory"));
        }

        @Override
        protected Duration shortTtl() {
            return Duration.ofSeconds(1);
        }
    }

    /**
     * A table of the test's own on a {@link ManualTicker}: letting time pass advances the clock,
     * and the renewals of live leases fire on the way, so expiry and renewal are both exercised in
     * simulated time without sleeping.
     */
    @Nested
    class ManualClock extends LockBackendContract {
        private final ManualTicker clock = new ManualTicker();
        private InMemoryLockBackend first;

        @Override
        protected LockBackend openBackend(LeaseSettings lease) {
            if (first == null) {
                first = InMemoryLockBackend.isolated(lease, clock);
                return first;
            }
            return first.sharingTableWith(lease);
        }

        @Override
        protected void letTimePass(Duration duration) {
            clock.advance(duration);
        }
    }
}
