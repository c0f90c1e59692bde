package dev.kart.core.internal.cache;

import dev.kart.format.Format;
import java.lang.reflect.Type;
import java.nio.file.Path;

/**
 * One cache file: where it is, its cache-lock name, its format and the type it holds.
 *
 * @param path the absolute file path
 * @param lockName the path relative to the workspace, the cache lock's target name
 * @param format reads and writes it
 * @param extension the extension that picked the format
 * @param type the declared type of the value in it
 * @param owner the task it belongs to, for messages
 */
public record CacheTarget(Path path, String lockName, Format format, String extension, Type type, String owner) {
}
