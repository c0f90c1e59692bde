package dev.kart.core.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who holds a lock, as the end of a collision's or a timed-out wait's error says it. */
class HolderTextTest {
    private static final String KEY = "kart:cache:pkg/Task_ab12.json";

    @Test
    void aRunLockHolderIsNamedWithTheLeaseItHasLeft() {
        HeldLock holder = new HeldLock("kart:run:ab12", LockMode.EXCLUSIVE, "build-1:4170#3.k2", 17, Duration.ofSeconds(2),
                Duration.ofMillis(28_400));

        assertThat(HolderText.ofRunLock(() -> Optional.of(holder)))
                .isEqualTo(": held by build-1:4170, lease expires in 28.4s unless renewed");
        assertThat(HolderText.ofRunLock(Optional::empty)).as("released since").isEmpty();
    }

    /** Redisson's lock granted, kart's record of its holder not written yet: the backend's raw name is no process. */
    @Test
    void aRunLockHolderTheBackendCannotTellIsNotNamed() {
        HeldLock holder = new HeldLock("kart:run:ab12", LockMode.EXCLUSIVE,
                "redisson holder f0676921-4afb-44c2-9e4e-9a0b6104ede0:281474976710661 (no kart record)", 0, Duration.ZERO,
                Duration.ofMillis(28_400));

        assertThat(HolderText.ofRunLock(() -> Optional.of(holder)))
                .isEqualTo(": held by another node (not known which yet), lease expires in 28.4s unless renewed");
    }

    @Test
    void anExclusiveCacheLockHolderIsNamedWithItsMode() {
        assertThat(HolderText.ofCacheLock(() -> List.of(held(LockMode.EXCLUSIVE, "build-2:4170#1.a", 28_400))))
                .isEqualTo(": held by build-2:4170 (exclusive), lease expires in 28.4s unless renewed");
        assertThat(HolderText.ofCacheLock(List::of)).as("released since").isEmpty();
    }

    /** The lock is free once the last shared lease ends: the longest is what is said; a process is named once. */
    @Test
    void sharedHoldersAreNamedOnceEachWithTheLongestLeaseLeft() {
        List<HeldLock> readers = List.of(held(LockMode.SHARED, "build-2:4170#1.a", 12_000),
                held(LockMode.SHARED, "build-3:88#4.b", 28_400), held(LockMode.SHARED, "build-2:4170#2.c", 3_000));

        assertThat(HolderText.ofCacheLock(() -> readers))
                .isEqualTo(": held by build-2:4170, build-3:88 (shared), leases expire in up to 28.4s unless renewed");
    }

    /** A backend that cannot say who holds the lock leaves the holder out; the failure is told all the same. */
    @Test
    void aLookupTheBackendFailsLeavesTheHolderOut() {
        LockException unreachable = new LockException("Redis lock backend (jedis): looking up the holders of " + KEY
                + " failed: connection reset");

        assertThat(HolderText.ofCacheLock(() -> {
            throw unreachable;
        })).isEmpty();
        assertThat(HolderText.ofRunLock(() -> {
            throw unreachable;
        })).isEmpty();
    }

    /** A backend's bug is not taken for "the backend cannot say": it surfaces. */
    @Test
    void aBackendsProgrammingErrorIsNotHidden() {
        assertThatThrownBy(() -> HolderText.ofCacheLock(() -> {
            throw new NullPointerException("holder");
        })).isInstanceOf(NullPointerException.class);
    }

    private static HeldLock held(LockMode mode, String holder, long ttlLeftMillis) {
        return new HeldLock(KEY, mode, holder, 1, Duration.ZERO, Duration.ofMillis(ttlLeftMillis));
    }
}
