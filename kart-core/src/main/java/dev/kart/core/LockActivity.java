package dev.kart.core;

import dev.kart.task.CollisionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the lock layer did for one task in one build, as its {@link TaskOutcome} and its task info
 * file record it. Immutable.
 *
 * @param runLock whether {@code run()} takes the run lock ({@link dev.kart.task.RunWithLock},
 *     {@code lock-run = true} in the task's config section, or {@code kart.lock.run-all = true};
 *     gokart's {@code should_lock_run})
 * @param policy what the task does when another node holds its run lock ({@code kart.lock.on-collision})
 * @param collisions how many times its run lock was found held by another node
 * @param lockWait how long it waited, blocked or parked, for its run lock
 * @param runLeaseTokens the fencing tokens of the run leases it took, in order
 * @param publishTokens the fencing tokens of the exclusive cache leases under which its outputs were
 *     published, in order
 * @param ranBy the node ({@code host:pid}) whose {@code run()} made its outputs, when known: this
 *     process for a task that ran here; for a task another node ran while this one waited for the
 *     run lock or for a retry, the node its task info file names (the file is only ever the record
 *     of the node that published); empty for a task that was complete before the build, or when
 *     task info is off
 */
public record LockActivity(boolean runLock, CollisionPolicy policy, int collisions, Duration lockWait,
        List<Long> runLeaseTokens, List<Long> publishTokens, Optional<String> ranBy) {
    /** Copies the lists and checks that nothing is null. */
    public LockActivity {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(lockWait, "lockWait");
        runLeaseTokens = List.copyOf(runLeaseTokens);
        publishTokens = List.copyOf(publishTokens);
        Objects.requireNonNull(ranBy, "ranBy");
    }
}
