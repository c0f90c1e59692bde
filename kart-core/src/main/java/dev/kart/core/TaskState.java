package dev.kart.core;

/** Where a task stands in a build. The last five are final. */
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
    /**
     * Its outputs existed already: when the graph was built, or when its turn came (another node ran
     * it), or, after its {@code run()} here, when it came to publish them (another node published
     * them first; they were kept, and this run's value discarded: {@link TaskOutcome#discardedAfterRun}).
     */
    ALREADY_COMPLETE,
    /** Failed on every attempt. */
    FAILED,
    /** Not run because a task it depends on failed. */
    UPSTREAM_FAILED,
    /**
     * Stopped while it ran, or while it waited to retry after a failed attempt, because the build was
     * interrupted (Ctrl-C or SIGTERM on {@code kart run}, an interrupt of the building thread,
     * {@link Kart#close()}); its leases were released and nothing of its attempts was published.
     * Tasks the interrupted build had not started, or had parked, keep the state they had.
     */
    INTERRUPTED;

    /** @return whether the task will not change state again in this build */
    public boolean isFinal() {
        return ordinal() >= DONE.ordinal();
    }
}
