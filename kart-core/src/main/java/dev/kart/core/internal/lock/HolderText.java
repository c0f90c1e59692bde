package dev.kart.core.internal.lock;

import dev.kart.internal.text.DurationText;
import dev.kart.lock.HeldLock;
import dev.kart.lock.LockException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Words who holds a lock that a task or a load could not take, for the end of its error, as
 * {@code kart locks} shows the owners: a run lock collision's {@code : held by build-1:4170, lease expires
 * in 28.4s unless renewed}, a cache lock wait's {@code : held by build-2:4170 (exclusive), lease expires
 * in ...}. The holders are looked up after the failure, so the text is empty when they released since,
 * or when the backend cannot say ({@link LockException}): the failure is told all the same.
 */
public final class HolderText {
    private HolderText() {
    }

    /**
     * @param holder looks up the run lock's holder ({@code RunLock.holder})
     * @return {@code : held by OWNER, lease expires in D unless renewed}, with {@code another node (not known which
     *     yet)} for OWNER when the backend cannot tell the holder (fencing token 0); empty when nobody holds it, or
     *     the lookup threw a {@link LockException}
     */
    public static String ofRunLock(Supplier<Optional<HeldLock>> holder) {
        try {
            // a run lock is always exclusive: its mode would add nothing
            // the backend's name for a holder it cannot tell yet means nothing to a user
            return holder.get().map(held -> ": held by " + (held.holderKnown() ? held.owner()
                    : "another node (not known which yet)") + ", lease expires in "
                    + DurationText.of(nonNegative(held.ttlLeft())) + " unless renewed").orElse("");
        } catch (LockException e) {
            return "";
        }
    }

    /**
     * @param holders looks up the cache lock's holders ({@code CacheLock.holders})
     * @return {@code : held by OWNER (exclusive), lease expires in D unless renewed}, or of several shared
     *     holders {@code : held by OWNER, OWNER (shared), leases expire in up to D unless renewed} (the
     *     longest lease left: the lock is free at the latest then); empty when nobody holds it, or the
     *     lookup threw a {@link LockException}
     */
    public static String ofCacheLock(Supplier<List<HeldLock>> holders) {
        List<HeldLock> held;
        try {
            held = holders.get();
        } catch (LockException e) {
            return "";
        }
        if (held.isEmpty()) {
            return "";
        }
        Duration longest = Duration.ZERO;
        // one process may hold several shared leases of a key: it is named once
        Set<String> owners = new LinkedHashSet<>();
        for (HeldLock holder : held) {
            owners.add(holder.owner());
            longest = holder.ttlLeft().compareTo(longest) > 0 ? holder.ttlLeft() : longest;
        }
        return ": held by " + String.join(", ", owners) + " (" + held.get(0).mode().name().toLowerCase(Locale.ROOT) + ")"
                + (held.size() == 1 ? ", lease expires in " : ", leases expire in up to ") + DurationText.of(longest)
                + " unless renewed";
    }

    private static Duration nonNegative(Duration ttlLeft) {
        return ttlLeft.isNegative() ? Duration.ZERO : ttlLeft;
    }
}
