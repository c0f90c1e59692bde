package dev.kart.task;

/** What a {@link RunWithLock} task does when another node holds its run lock. */
public enum CollisionPolicy {
    /**
     * Fail the attempt with a lock-collision error; it is retried after the retry delay while the
     * worker runs other tasks (the Python system's {@code redis_fail_on_collision = true}).
     */
    FAIL,
    /** Block the worker until the lock is free, up to {@code kart.lock.wait-timeout}. */
    WAIT,
    /**
     * Park the task without counting a failure, let the worker run other tasks, and come back as
     * soon as the holder releases; usually the output then exists and the task is skipped.
     */
    DEFER
}
