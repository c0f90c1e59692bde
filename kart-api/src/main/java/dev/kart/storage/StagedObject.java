package dev.kart.storage;

import java.io.IOException;

/**
 * Content written by {@link WorkspaceStorage#stage} and not yet visible: {@link #publish} it or
 * {@link #discard()} it, exactly once. Not thread-safe.
 */
public interface StagedObject {

    /** @return the relative path it is to be published at */
    String path();

    /** @return its size in bytes */
    long size();

    /**
     * Makes it visible at its path in one atomic step. Afterwards nothing staged is left, whatever
     * the outcome.
     *
     * @param mode whether an object already at the path is kept or replaced
     * @return {@link PublishOutcome#PUBLISHED}, or {@link PublishOutcome#ALREADY_EXISTS} when
     *     {@code mode} is {@link PublishMode#ONCE} and another writer published the path first (its
     *     object is left as it was)
     * @throws IOException when the store fails; nothing was published
     */
    PublishOutcome publish(PublishMode mode) throws IOException;

    /**
     * Removes it without publishing; does nothing after {@link #publish}.
     *
     * @throws IOException when the store cannot be changed; {@link WorkspaceStorage#removeAbandonedStaging} removes it later
     */
    void discard() throws IOException;
}
