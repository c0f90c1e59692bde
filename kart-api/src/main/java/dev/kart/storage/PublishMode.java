package dev.kart.storage;

/** What {@link StagedObject#publish} does when an object is already at the path. */
public enum PublishMode {
    /**
     * Create the object only if the path is free, else keep the existing one and report
     * {@link PublishOutcome#ALREADY_EXISTS}: for cache files, which once published change only by a
     * rerun.
     */
    ONCE,
    /** Replace the existing object in one atomic step: for reruns and task info. */
    REPLACE
}
