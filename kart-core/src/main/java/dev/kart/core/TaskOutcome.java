package dev.kart.core;

import dev.kart.core.internal.model.TaskLabel;
import dev.kart.task.Task;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one task in a build. Immutable.
 *
 * @param task the task
 * @param uniqueId its unique id
 * @param state its final state
 * @param attempts how many times {@code run()} was started
 * @param failure for {@link TaskState#FAILED}, the last attempt's error; for
 *     {@link TaskState#UPSTREAM_FAILED}, the failure of the upstream task
 * @param foundCompleteAtRun whether it was complete only when its turn came (another node ran it), or
 *     when it came to publish what its {@code run()} here returned ({@link #discardedAfterRun})
 * @param cacheLoads how many times its outputs were read from the workspace in this build
 * @param lock what the lock layer did for it: run-lock collisions, lock wait, fencing tokens, and
 *     which node ran it
 * @param attemptHistory every attempt that ended in this build, in order: when it ran, how it ended
 *     and its error; empty for a task that did not run here
 * @param taskInfo the task info file holding this build's record of the task, with every attempt's
 *     stack trace: the task's info file, {@code {workspace}/log/{package}/{TaskName}_{id}.json}, or
 *     this node's own record beside it when another node's record stands there; empty when
 *     {@code kart.task-info.enabled} is off, nothing of the task was recorded (it did not run here), or
 *     the workspace is not a local directory (see {@code taskInfoUri})
 * @param taskInfoUri where that record is when the workspace is not a local directory, such as
 *     {@code s3://bucket/prefix/log/{package}/{TaskName}_{id}.json}, an object {@code kart info} reads; empty
 *     when no record was written, as for {@code taskInfo}, and for a local workspace, whose file
 *     {@code taskInfo} gives (a million-task build keeps one outcome per task: no second name of the file)
 */
public record TaskOutcome(Task<?> task, String uniqueId, TaskState state, int attempts,
        Optional<Throwable> failure, boolean foundCompleteAtRun, int cacheLoads, LockActivity lock,
        List<AttemptOutcome> attemptHistory, Optional<Path> taskInfo, Optional<URI> taskInfoUri) {
    /**
     * Checks that no component is null and that one name at most is given for the task info record, and copies the
     * list.
     *
     * @throws IllegalArgumentException when both {@code taskInfo} and {@code taskInfoUri} are present
     */
    public TaskOutcome {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(taskInfo, "taskInfo");
        Objects.requireNonNull(taskInfoUri, "taskInfoUri");
        if (taskInfo.isPresent() && taskInfoUri.isPresent()) {
            throw new IllegalArgumentException("taskInfo " + taskInfo.get() + " and taskInfoUri " + taskInfoUri.get()
                    + ": a local workspace's record is named by its file alone, another's by its URI alone");
        }
        attemptHistory = List.copyOf(attemptHistory);
    }

    /**
     * Whether its {@code run()} succeeded in this build but another node had published its outputs
     * first: publishing once found them there ({@link dev.kart.storage.PublishOutcome#ALREADY_EXISTS},
     * two nodes building a task without its run lock, or a run lease that ran out). Those outputs were
     * kept and this run's value discarded; the state is {@link TaskState#ALREADY_COMPLETE}, and the
     * last attempt of {@link #attemptHistory} ended {@link TaskState#DONE}, which no other way to
     * {@link TaskState#ALREADY_COMPLETE} leaves (a task found complete before or under its run lock
     * ends no attempt).
     *
     * @return whether this node ran the task and its result was discarded
     */
    public boolean discardedAfterRun() {
        return state == TaskState.ALREADY_COMPLETE && !attemptHistory.isEmpty()
                && attemptHistory.get(attemptHistory.size() - 1).outcome() == TaskState.DONE;
    }

    /**
     * Made on each call from the task's parameters, not kept: a build's report holds an outcome per task of
     * its graph, and most are never named.
     *
     * @return its family, parameters (dependencies by type name, long values cut) and unique id, for
     *     messages: {@code pkg.Name(p=v, dep=Dep)[id]}, as {@link TaskRef#label()}
     */
    public String label() {
        return TaskLabel.of(task, uniqueId);
    }

    /** @return the task as listeners name it */
    public TaskRef ref() {
        return new TaskRef(task, uniqueId, label());
    }
}
