package dev.kart.cli;

import dev.kart.config.KartConfigException;
import dev.kart.internal.text.DurationText;
import dev.kart.lock.HeldLock;
import dev.kart.lock.LockException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A task's run lock as a lock backend that nodes share says it is when {@code kart info} asks: held (by whom,
 * with which fencing token and TTL left), free, or unknown when the backend could not be reached or found another
 * application's value at the lock's key. A snapshot:
 * the holder may release or renew right after.
 *
 * @param holder who holds it; empty when it is free or unknown
 * @param unknown why the backend could not say, its error's first line; empty when it answered
 */
record RunLockNow(Optional<HeldLock> holder, Optional<String> unknown) {

    /**
     * @param lookUp looks up the run lock's holder ({@code RunLock.holder}), opening the backend if need be
     * @return what it said; unknown when it threw a {@link LockException} (Redis down, or another application's value
     *     at the lock's key, say) or a
     *     {@link KartConfigException} (a setting only opening the backend checks, such as a Redisson YAML file that is
     *     none), which {@code kart info} does not stop for: the task info it reads is in the workspace
     */
    static RunLockNow lookUp(Supplier<Optional<HeldLock>> lookUp) {
        try {
            return new RunLockNow(lookUp.get(), Optional.empty());
        } catch (LockException | KartConfigException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new RunLockNow(Optional.empty(), Optional.of(message.lines().findFirst().orElse("")));
        }
    }

    /** @return whether a holder was seen */
    boolean held() {
        return holder.isPresent();
    }

    /**
     * @return {@code held now by HOLDER, fencing token T, TTL left D: a run in progress, or a killed one whose
     *     lease expires then} ({@code held now by another node (not known which: no kart record), TTL left D: ...}
     *     for a holder the backend cannot name, fencing token 0), {@code free now}, or {@code unknown: ERROR}
     */
    String text() {
        if (unknown.isPresent()) {
            return "unknown: " + unknown.get();
        }
        return holder.map(held -> "held now by " + holderText(held)
                + ", TTL left " + DurationText.of(held.ttlLeft().isNegative() ? Duration.ZERO : held.ttlLeft())
                // a killed holder renews nothing: its lease runs out, and the lock is free then
                + ": a run in progress, or a killed one whose lease expires then").orElse("free now");
    }

    private static String holderText(HeldLock held) {
        // the backend's name for a holder it cannot tell (Redisson's raw lock field) names no process, and its token
        // 0 is no token; no "yet", unlike kart run's first look at a wait: the holder may have died without a record
        return held.holderKnown() ? held.holder() + ", fencing token " + held.fencingToken()
                : "another node (not known which: no kart record)";
    }
}
