package dev.kart.test.lock;

import dev.kart.lock.LockBackend;
import dev.kart.lock.LockSettings;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.InMemoryLockBackendProvider;
import dev.kart.lock.inmemory.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * The in-memory backend passes the lock contract unchanged, on both clocks it supports. (The tests
 * live here because kart-lock-inmemory cannot depend on kart-test, which depends on it.)
 */
class InMemoryLockBackendContractTest {

    /**
     * The backend users get: the provider's process-wide table on the system clock. Time passes
     * for real, so the TTL is long enough that renewals keep up on a busy machine.
     */
    @Nested
    class SystemClock extends LockBackendContract {
        @Override
        protected LockBackend openBackend(LockSettings settings) {
            return new InMemoryLockBackendProvider().open(settings);
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
        protected LockBackend openBackend(LockSettings settings) {
            if (first == null) {
                first = InMemoryLockBackend.isolated(settings, clock);
                return first;
            }
            return first.sharingTableWith(settings);
        }

        @Override
        protected void letTimePass(Duration duration) {
            clock.advance(duration);
        }
    }
}
