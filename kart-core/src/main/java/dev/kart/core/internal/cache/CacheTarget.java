package dev.kart.core.internal.cache;

import dev.kart.format.Format;
import java.lang.reflect.Type;

/**
 * One cache file: where it is, its format and the type it holds.
 *
 * @param path its relative path in the workspace ({@code /}-separated): the object the storage
 *     holds, and the cache lock's target name
 * @param display where it is, for messages: the absolute file of a local workspace, else its URI
 * @param format reads and writes it
 * @param extension the extension that picked the format
 * @param type the declared type of the value in it
 * @param owner the task it belongs to, for messages
 */
public record CacheTarget(String path, String display, Format format, String extension, Type type, String owner) {
    /** @return the cache lock's target name: its relative path */
    public String lockName() {
        return path;
    }
}
