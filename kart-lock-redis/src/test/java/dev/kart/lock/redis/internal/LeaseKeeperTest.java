package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link LeaseKeeper} does before a grant: the fencing counter raised on each primary it meets (and on one server
 * before the first grant, never in the cluster layout), what the raise left it at handed to the caller, and, after a
 * grant whose token is not above that (a raise that went to another server than the grant), the counter raised and
 * the leases held checked again before the next grant. With real servers: JedisFailoverWindowTest and
 * SentinelFailoverBehaviour.
 */
class LeaseKeeperTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final long RAISED = 1_796_000_000_000_000L;

    private final List<String> primariesMet = new CopyOnWriteArrayList<>();
    private final LeaseKeeper keeper = new LeaseKeeper(LeaseSettings.of("p", TTL, "t").withoutRenewal(),
            Duration.ofMillis(100), () -> 0L, "test-keep-alive", primariesMet::add);
    private final AtomicInteger raises = new AtomicInteger();
    private final LongSupplier raise = () -> {
        raises.incrementAndGet();
        return RAISED;
    };

    @AfterEach
    void close() {
        keeper.close();
    }

    @Test
    void aPrimarysCounterIsRaisedWhenItIsFirstMetAndItsRaiseIsHandedToEveryGrant() {
        assertThat(keeper.beforeGrant(Optional.of("10.0.0.5:6379"), false, raise)).isEqualTo(RAISED);
        assertThat(keeper.beforeGrant(Optional.of("10.0.0.5:6379"), false, raise)).isEqualTo(RAISED);

        assertThat(raises).hasValue(1);
        assertThat(primariesMet).containsExactly("10.0.0.5:6379");
    }

    @Test
    void aGrantAboveTheRaiseChangesNothing() {
        long raisedTo = keeper.beforeGrant(Optional.of("10.0.0.5:6379"), false, raise);

        assertThat(keeper.grantedFromUnraisedCounter(raisedTo + 1, raisedTo)).isFalse();
        keeper.beforeGrant(Optional.of("10.0.0.5:6379"), false, raise);
        assertThat(raises).hasValue(1);
    }

    @Test
    void aGrantNotAboveTheRaiseHasTheNextGrantRaiseTheCounterAndCheckTheLeasesHeldAgain() {
        long raisedTo = keeper.beforeGrant(Optional.of("10.0.0.5:6379"), false, raise);
        AtomicInteger checks = new AtomicInteger();
        keeper.observed("p:epoch", "epoch-1");
        keeper.keep("p:run:a", LockMode.EXCLUSIVE, raisedTo + 1, "p:epoch", "epoch-1", keeper.window(0, TTL),
                new LeaseHolder() {
                    @Override
                    public long keepAlive() {
                        checks.incrementAndGet();
                        return TTL.toMillis();
                    }

                    @Override
                    public void release() {
                    }
                }, TTL);

        // the token the counter's raise should have put behind it
        assertThat(keeper.grantedFromUnraisedCounter(raisedTo, raisedTo)).isTrue();
        keeper.beforeGrant(Optional.of("10.0.0.5:6379"), false, raise);

        assertThat(raises).as("raises of the counter").hasValue(2);
        assertThat(checks).as("checks of the lease held").hasValue(1);
        assertThat(primariesMet).as("the primary is the same: told once").containsExactly("10.0.0.5:6379");
        keeper.beforeGrant(Optional.of("10.0.0.5:6379"), false, raise);
        assertThat(raises).hasValue(2);
    }

    @Test
    void oneServersCounterIsRaisedBeforeTheFirstGrantAndAgainAfterAGrantBelowTheRaise() {
        long raisedTo = keeper.beforeGrant(Optional.empty(), false, raise);
        keeper.beforeGrant(Optional.empty(), false, raise);
        assertThat(raises).hasValue(1);

        assertThat(keeper.grantedFromUnraisedCounter(raisedTo - 5, raisedTo)).isTrue();
        assertThat(keeper.beforeGrant(Optional.empty(), false, raise)).isEqualTo(RAISED);
        assertThat(raises).hasValue(2);
    }

    @Test
    void aCounterBothBindingsShareIsNeverRaisedAndNoTokenFromItIsBelowARaise() {
        long raisedTo = keeper.beforeGrant(Optional.empty(), true, raise);

        assertThat(raisedTo).isZero();
        assertThat(raises).hasValue(0);
        assertThat(keeper.grantedFromUnraisedCounter(1, raisedTo)).isFalse();
    }
}
