package dev.kart.core.internal.cache;

import java.time.Instant;

/**
 * A cache file published under the cache lock, as task info records it.
 *
 * @param path the file, relative to the workspace
 * @param fencingToken the fencing token of the cache lease the file was renamed into place under
 * @param at when it was published
 */
public record Publication(String path, long fencingToken, Instant at) {
}
