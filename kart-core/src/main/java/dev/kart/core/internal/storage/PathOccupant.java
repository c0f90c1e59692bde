package dev.kart.core.internal.storage;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Says what stands at a local path that is no file a publish could make or a load could read: a
 * directory, a FIFO, a socket or a device, or a symbolic link to one of these, to nothing or in a loop. Such a
 * thing is no stored object, so the graph walk takes the output for missing; a publish there is
 * refused ({@link OccupiedPathException}), and the commands that show outputs name it.
 */
public final class PathOccupant {
    /** How a symbolic link that comes back to itself, directly or through others, is named. */
    public static final String LOOP = "a loop of symbolic links";
    /** How the start of the name of a symbolic link that leads to nothing reads. */
    public static final String DANGLING = "a symbolic link to nothing";

    private PathOccupant() {
    }

    /**
     * @param path a local path where a file is to be published
     * @return what stands there or in the way, as a clause: {@code a directory stands there}, {@code a
     *     symbolic link to nothing stands there}, or {@code a file stands at /w/dev, where a directory
     *     belongs} for one of the path's directories; empty when nothing does, or a file (or a link to
     *     one) stands there
     * @throws IOException when the file system cannot be asked
     */
    public static Optional<String> at(Path path) throws IOException {
        Optional<String> kind = kindAt(path);
        if (kind.isPresent()) {
            return Optional.of(kind.get() + " stands there");
        }
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS) || path.getParent() == null ? Optional.empty()
                : ofDirectory(path.getParent());
    }

    /**
     * @param path a local path where a file is to be published
     * @return what stands at the path itself that is no file, such as {@code a directory} or {@code a
     *     symbolic link to nothing}; empty when nothing does, or a file (or a link to one) does
     * @throws IOException when the file system cannot be asked
     */
    public static Optional<String> kindAt(Path path) throws IOException {
        BasicFileAttributes own;
        try {
            own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            // nothing there, or something that is no directory where one of its directories belongs
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
            return Optional.of(unfollowable(path));
        }
        return led.isRegularFile() ? Optional.empty() : Optional.of("a symbolic link to " + kind(led));
    }

    /**
     * @param directory a local path where a directory is to be
     * @return what stands at it, or at the first of its parents, that is no directory (nor a link to
     *     one), such as {@code a file stands at /w/dev, where a directory belongs}; empty when the
     *     path's directories exist or can be made
     * @throws IOException when the file system cannot be asked
     */
    public static Optional<String> ofDirectory(Path directory) throws IOException {
        for (Path at = directory; at != null; at = at.getParent()) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(at, BasicFileAttributes.class);
            } catch (FileSystemException e) {
                // nothing there (or a dangling link: its own check says so below), so look further up
                if (Files.isSymbolicLink(at)) {
                    return Optional.of(unfollowable(at) + " stands at " + at + ", where a directory belongs");
                }
                continue;
            }
            if (attributes.isDirectory()) {
                return Optional.empty();
            }
            return Optional.of((attributes.isRegularFile() ? "a file" : kind(attributes)) + " stands at " + at
                    + ", where a directory belongs");
        }
        return Optional.empty();
    }

    /**
     * @param path a local path where a file is to be published
     * @return whether a rename onto the path is refused whatever it replaces: a directory stands there,
     *     or something that is no directory stands where one of its directories belongs. A rename
     *     replaces anything else there (a symbolic link, never what it leads to; a FIFO; a device).
     * @throws IOException when the file system cannot be asked
     */
    public static boolean refusesRename(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        return !Files.exists(path, LinkOption.NOFOLLOW_LINKS) && path.getParent() != null
                && ofDirectory(path.getParent()).isPresent();
    }

    /**
     * @param link a symbolic link the file system would not follow
     * @return {@code a loop of symbolic links} when following it link by link comes back to one passed
     *     before; else {@code a symbolic link to nothing (/mnt/share does not exist)}, naming where the
     *     links lead (an unmounted share, say), or {@code (... cannot be reached)} when something other
     *     than its absence stops the way there (a directory that cannot be searched, a loop further up)
     */
    private static String unfollowable(Path link) {
        Set<Path> passed = new HashSet<>();
        Path at = link.toAbsolutePath().normalize();
        try {
            while (Files.isSymbolicLink(at)) {
                if (!passed.add(at)) {
                    return LOOP;
                }
                at = target(at);
            }
        } catch (IOException e) {
            // a link that cannot be read leads nowhere either
            return DANGLING;
        }
        return DANGLING + " (" + at + (Files.notExists(at, LinkOption.NOFOLLOW_LINKS) ? " does not exist)"
                : " cannot be reached)");
    }

    /**
     * Where a link leads: a relative target is relative to the link's directory as the file system has
     * it, links in that directory's own path followed, so that {@code ..} goes where the kernel goes.
     */
    private static Path target(Path link) throws IOException {
        Path target = Files.readSymbolicLink(link);
        // the root is never a link, so a link has a parent
        Path directory = link.getParent();
        try {
            directory = directory.toRealPath();
        } catch (IOException e) {
            // a directory the path cannot reach: the path as written is all there is to name
        }
        return directory.resolve(target).normalize();
    }

    private static String kind(BasicFileAttributes attributes) {
        return attributes.isDirectory() ? "a directory" : "something other than a file (a FIFO, a socket or a device)";
    }
}
