package dev.kart.storage;

/** How a {@link StagedObject#publish} ended; both are normal outcomes. */
public enum PublishOutcome {
    /** The staged content is now the object at the path. */
    PUBLISHED,
    /** {@link PublishMode#ONCE} found the path taken: another writer published it first, and its object was kept. */
    ALREADY_EXISTS
}
