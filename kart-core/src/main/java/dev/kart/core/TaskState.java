package dev.kart.core;

/** Where a task stands in a build. The last four are final. */
public enum TaskState {
    /** Waiting for its dependencies. */
    PENDING,
    /** On a worker. */
    RUNNING,
    /** Failed an attempt; will be retried after its retry delay. */
    RETRY_WAIT,
    /** Deferred: another node holds its run lock; it comes back when that node releases. */
    PARKED,
    /** Ran successfully in this build. */
    DONE,
    /** Its outputs existed already: when the graph was built, or when its turn came (another node ran it). */
    ALREADY_COMPLETE,
    /** Failed on every attempt. */
    FAILED,
    /** Not run because a task it depends on failed. */
    UPSTREAM_FAILED;

    /** @return whether the task will not change state again in this build */
    public boolean isFinal() {
        return ordinal() >= DONE.ordinal();
    }
}
