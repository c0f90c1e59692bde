package dev.kart.core.internal.cache;

import java.time.Instant;

/**
 * A cache file published under the cache lock, as task info records it.
 *
 * @param path the file, relative to the workspace
 * @param fencingToken the cache lease's fencing token
 * @param leaseHeld whether the lease was held when the file was renamed into place (always true:
 *     a publish without it does not happen; recorded so that it can be checked)
 * @param at when it was published
 */
public record Publication(String path, long fencingToken, boolean leaseHeld, Instant at) {
}
