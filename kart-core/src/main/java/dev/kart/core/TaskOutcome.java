package dev.kart.core;

import dev.kart.task.Task;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one task in a build. Immutable.
 *
 * @param task the task
 * @param uniqueId its unique id
 * @param label its family, parameters and id
 * @param state its final state
 * @param attempts how many times {@code run()} was started
 * @param failure for {@link TaskState#FAILED}, the last attempt's error; for
 *     {@link TaskState#UPSTREAM_FAILED}, the failure of the upstream task
 * @param foundCompleteAtRun whether it was complete only when its turn came (another node ran it)
 * @param cacheLoads how many times its outputs were read from the workspace in this build
 * @param lock what the lock layer did for it: run-lock collisions, lock wait, fencing tokens, and
 *     which node ran it
 */
public record TaskOutcome(Task<?> task, String uniqueId, String label, TaskState state, int attempts,
        Optional<Throwable> failure, boolean foundCompleteAtRun, int cacheLoads, LockActivity lock) {
    /** Checks that no component is null. */
    public TaskOutcome {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(lock, "lock");
    }

    /** @return the task as listeners name it */
    public TaskRef ref() {
        return new TaskRef(task, uniqueId, label);
    }
}
