package dev.kart.core.internal.storage;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Says what stands at a local path that is no file a publish could make or a load could read: a
 * directory, a FIFO, a socket or a device, or a symbolic link to one of these or to nothing. Such a
 * thing is no stored object, so the graph walk takes the output for missing; a publish there is
 * refused ({@link OccupiedPathException}), and the commands that show outputs name it.
 */
public final class PathOccupant {
    private PathOccupant() {
    }

    /**
     * @param path a local path
     * @return what stands there, such as {@code a directory} or {@code a symbolic link to nothing};
     *     empty when nothing does, or a file (or a link to one) does
     * @throws IOException when the file system cannot be asked
     */
    public static Optional<String> at(Path path) throws IOException {
        BasicFileAttributes own;
        try {
            own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            // nothing there, or a file where a directory of the path should be: nothing stands there either
            return Optional.empty();
        }
        if (own.isRegularFile()) {
            return Optional.empty();
        }
        if (!own.isSymbolicLink()) {
            return Optional.of(kind(own));
        }
        BasicFileAttributes led;
        try {
            led = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (FileSystemException e) {
            // nothing at the end of the link, or a loop of links
            return Optional.of("a symbolic link to nothing");
        }
        return led.isRegularFile() ? Optional.empty() : Optional.of("a symbolic link to " + kind(led));
    }

    private static String kind(BasicFileAttributes attributes) {
        return attributes.isDirectory() ? "a directory" : "something other than a file (a FIFO, a socket or a device)";
    }
}
