package dev.kart.core.internal.storage;

import dev.kart.lock.LeaseLostException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file so that readers see either nothing or all of it: the content goes to a temporary
 * file in the target's directory ({@code .{name}.{random}.kart-tmp}), which then takes the final
 * name in one atomic step. In durable mode the file and then the directory are fsync'ed, so the
 * publish survives a machine crash. On any failure the temporary file is removed.
 *
 * <p>Two ways to take the final name ({@link Mode}): {@link Mode#KEEP_EXISTING}, for cache files,
 * hard-links the temporary file to the final name, which the file system refuses when the name
 * exists, so a file published meanwhile by another holder is never replaced; {@link Mode#REPLACE}
 * renames over it, for reruns and task info. Where the file system has no hard links,
 * {@code KEEP_EXISTING} falls back to a rename after an existence check, which is only as safe as
 * the exclusive cache lock the caller holds (said once at debug level).
 *
 * <p>Writing and publishing can be separate steps ({@link #stage}, then {@link #publish(Staged,
 * PublishCheck, Mode)}), so that a task's outputs are written while it runs and published together
 * once it succeeded.
 *
 * <p>The engine of {@link LocalFileStorage}: the runtime reaches files through that storage only.
 */
public final class AtomicPublisher {
    /** Suffix of temporary files that are published by renaming; left-overs are safe to delete. */
    public static final String TEMP_SUFFIX = ".kart-tmp";

    private static final Logger LOG = LoggerFactory.getLogger(AtomicPublisher.class);

    private final boolean durable;
    private final AtomicBoolean toldNoHardLinks = new AtomicBoolean();
    private final AtomicBoolean hardLinks = new AtomicBoolean(true);
    private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();
    /** Directories a file was created in by {@link #checkWritable}: asked once each. */
    private final Set<Path> writableDirectories = ConcurrentHashMap.newKeySet();

    /** @param durable whether to fsync file and directory */
    public AtomicPublisher(boolean durable) {
        this.durable = durable;
    }

    /** @return whether every {@link Mode#KEEP_EXISTING} publish so far took the name by a hard link */
    boolean hardLinksWorked() {
        return hardLinks.get();
    }

    /**
     * The file a temporary file of this publisher was to become, for tools that clean up after a
     * crash: {@code .{name}.{random}.kart-tmp} belongs to {@code {name}} in the same directory.
     *
     * @param temp a path
     * @return the published path it belongs to, or empty when {@code temp} is not named like a
     *     temporary file of this publisher
     */
    public static Optional<Path> publishedPathOf(Path temp) {
        Path fileName = temp.getFileName();
        String name = fileName == null ? "" : fileName.toString();
        if (!name.startsWith(".") || !name.endsWith(TEMP_SUFFIX)) {
            return Optional.empty();
        }
        String inner = name.substring(1, name.length() - TEMP_SUFFIX.length());
        int random = inner.lastIndexOf('.');
        if (random <= 0 || !inner.substring(random + 1).matches("[0-9a-f]{1,16}")) {
            return Optional.empty();
        }
        return Optional.of(temp.resolveSibling(inner.substring(0, random)));
    }

    /** Writes content to a stream; the publisher owns and closes it. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out where to write
         * @throws IOException when writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Checks, right before the final name is taken, that the file may still be published. */
    @FunctionalInterface
    public interface PublishCheck {
        /** @throws LeaseLostException when a lease guarding the file is no longer held: nothing is published */
        void check();

        /** A check that always passes, for files no lease guards (task info). */
        PublishCheck NONE = () -> {
        };
    }

    /** What to do when the final name exists at publish time. */
    public enum Mode {
        /**
         * Keep the existing file and discard the new one: the final name is taken by a hard link,
         * which fails when it exists. For cache files: once published, a file is replaced only
         * by a rerun or removed under the exclusive cache lock.
         */
        KEEP_EXISTING,
        /** Replace the existing file in one atomic rename: for reruns and task info. */
        REPLACE
    }

    /** How a publish ended. */
    public enum Outcome {
        /** The new file is at the final path. */
        PUBLISHED,
        /**
         * The final path existed already ({@link Mode#KEEP_EXISTING} only): it was left as it was,
         * and the new file was discarded. Another holder published it meanwhile.
         */
        KEPT_EXISTING
    }

    /**
     * A file written to its temporary name and not yet published. Publish it with
     * {@link AtomicPublisher#publish(Staged, PublishCheck, Mode)}, or {@link #discard()} it; either
     * removes the temporary file.
     */
    public static final class Staged {
        private final Path target;
        private final Path temp;
        private final boolean sync;
        private final long size;

        private Staged(Path target, Path temp, boolean sync, long size) {
            this.target = target;
            this.temp = temp;
            this.sync = sync;
            this.size = size;
        }

        /** @return the bytes written to it: counted while writing, so that no stat of the file is needed */
        public long size() {
            return size;
        }

        /** @return the final path it is to be published at */
        public Path target() {
            return target;
        }

        /** @return its temporary file, {@code .{name}.{random}.kart-tmp} beside the target */
        public Path temp() {
            return temp;
        }

        /**
         * Deletes the temporary file, if it is still there; a no-op once published.
         *
         * @throws IOException when it exists and cannot be deleted
         */
        public void discard() throws IOException {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes the content to a temporary file beside {@code target} (fsync'ed in durable mode),
     * without publishing it.
     *
     * @param target the final path
     * @param content writes the file's content
     * @return the staged file
     * @throws IOException when writing or syncing fails; no temporary file is left
     */
    public Staged stage(Path target, Content content) throws IOException {
        return stage(target, content, durable);
    }

    /**
     * As {@link #stage(Path, Content)}, with the file's fsync chosen by the caller.
     *
     * @param target the final path
     * @param content writes the file's content
     * @param sync whether to fsync the file (and, once published, its directory)
     * @return the staged file
     * @throws IOException when writing or syncing fails; no temporary file is left
     */
    Staged stage(Path target, Content content, boolean sync) throws IOException {
        Path directory = target.getParent();
        ensureDirectory(directory);
        Path temp = directory.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
        boolean written = false;
        try {
            long size;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                CountingStream counted = new CountingStream(Channels.newOutputStream(channel));
                // not closed: closing it would close the channel before the force below
                OutputStream out = new BufferedOutputStream(counted, 16 * 1024);
                content.writeTo(out);
                out.flush();
                if (sync) {
                    channel.force(true);
                }
                size = counted.count;
            }
            written = true;
            return new Staged(target, temp, sync, size);
        } finally {
            if (!written) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Writes and publishes in one go: {@link #stage}, then {@link #publish(Staged, PublishCheck, Mode)}.
     *
     * @param target the final path
     * @param content writes the file's content
     * @param beforePublish run right before the final name is taken; when it throws, the temporary
     *     file is removed and nothing is published
     * @param mode what to do when {@code target} exists
     * @return whether the file was published or an existing one kept
     * @throws IOException when writing, syncing or publishing fails
     * @throws LeaseLostException when {@code beforePublish} says a guarding lease was lost
     */
    public Outcome publish(Path target, Content content, PublishCheck beforePublish, Mode mode) throws IOException {
        return publish(stage(target, content), beforePublish, mode);
    }

    /**
     * Publishes a staged file at its target. Whatever happens, its temporary file is gone afterwards
     * (or, after a failure to delete it, left for {@code kart clean}).
     *
     * @param staged a file from {@link #stage}, not published yet
     * @param beforePublish run right before the final name is taken; when it throws, the temporary
     *     file is removed and nothing is published
     * @param mode what to do when the target exists
     * @return {@link Outcome#PUBLISHED}, or {@link Outcome#KEPT_EXISTING} when the target existed in
     *     {@link Mode#KEEP_EXISTING}
     * @throws IOException when publishing or syncing fails; nothing was published unless only the
     *     directory sync failed. A directory, a FIFO or a device at the target (or a symbolic link to
     *     one, or to nothing) fails {@link Mode#KEEP_EXISTING} with an {@link OccupiedPathException}
     *     naming it, and is left as it was; {@link Mode#REPLACE} fails so on a directory, which a
     *     rename cannot replace, and replaces anything else (a link, never what it leads to)
     * @throws LeaseLostException when {@code beforePublish} says a guarding lease was lost
     */
    public Outcome publish(Staged staged, PublishCheck beforePublish, Mode mode) throws IOException {
        Path target = staged.target;
        Path temp = staged.temp;
        Outcome outcome;
        try {
            beforePublish.check();
            outcome = mode == Mode.REPLACE ? replace(temp, target) : linkUnlessExists(temp, target);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException deleteFailed) {
                e.addSuppressed(deleteFailed);
            }
            throw e;
        }
        if (mode == Mode.KEEP_EXISTING) {
            // A rename took the temporary name away with it; a hard link (or a kept existing file)
            // left it, and it goes now.
            removeLeftTemp(temp, target);
        }
        if (staged.sync && outcome == Outcome.PUBLISHED) {
            syncDirectory(target.getParent());
        }
        return outcome;
    }

    /**
     * Removes the temporary name of a file published by a hard link, or discarded because the target
     * existed. {@link java.io.File#delete()} is one {@code unlink(2)}, where {@link Files#delete}
     * first reads the file's attributes (an {@code lstat(2)} per publish, a tenth of the system calls
     * of a trivial task's cold run). A temporary name left beside the published file is harmless and
     * {@code kart clean} removes it, so a failure here must not fail the task.
     */
    private static void removeLeftTemp(Path temp, Path target) {
        if (temp.getFileSystem() == FileSystems.getDefault()
                && (temp.toFile().delete() || !Files.exists(temp, LinkOption.NOFOLLOW_LINKS))) {
            return;
        }
        // another file system (a zip, a test's), or a delete that failed: say why, if it fails again
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("could not delete the temporary file {} of {} ({}); it is harmless, and kart clean removes it",
                    temp, target, e.toString());
        }
    }

    /** Counts what goes through it, so that a staged file's size needs no {@code stat(2)}. */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
    }

    private static Outcome replace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileSystemException e) {
            refuseAllButAFileAt(target);
            throw e;
        }
        return Outcome.PUBLISHED;
    }

    /**
     * What stands at a final path that refused the file must be a file (or a symbolic link to one) to be
     * kept: a directory, a FIFO or a device, or a link to one or to nothing, is no published output. The
     * graph walk took it for a missing output, and keeping it would fail every load of it. Asked only
     * after the final name was refused, so a publish pays nothing for it.
     *
     * @throws OccupiedPathException naming the path when what stands there is not a file; nothing
     *     is thrown when nothing stands there any more (removed since it refused the name)
     */
    private static void refuseAllButAFileAt(Path target) throws IOException {
        Optional<String> occupant = PathOccupant.kindAt(target);
        if (occupant.isPresent()) {
            throw new OccupiedPathException(target.toString(), occupant.get() + " stands there", occupant.get()
                    + " stands where this file is to be published (expected a file or nothing): remove it, then run"
                    + " the task again");
        }
    }

    /**
     * Takes the final name by a hard link, which fails atomically when the name exists: unlike a
     * rename, it cannot replace a file another holder published between our lease check and now.
     * The temporary name is removed by the caller.
     */
    private Outcome linkUnlessExists(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return Outcome.PUBLISHED;
        } catch (FileAlreadyExistsException e) {
            refuseAllButAFileAt(target);
            return Outcome.KEPT_EXISTING;
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // Some file systems (FAT, some network and FUSE mounts) have no hard links; a rename
            // after an existence check still never replaces a file that was there before the check.
            hardLinks.set(false);
            if (toldNoHardLinks.compareAndSet(false, true)) {
                LOG.debug("cannot hard-link {} to {} ({}); publishing by rename after an existence check instead, "
                        + "which relies on the exclusive cache lock alone to keep an existing file", temp, target,
                        e.toString());
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                refuseAllButAFileAt(target);
                return Outcome.KEPT_EXISTING;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return Outcome.PUBLISHED;
        }
    }

    /**
     * Creates {@code directory} and an empty temporary file in it, which it deletes at once, the first time it
     * is asked of a directory: what staging a file there will do first. A thing standing where one of its
     * directories belongs is left for the publish to report ({@link OccupiedPathException}); so is a full
     * disk, where an empty file can usually still be made. The directory stays, as a publish would leave it.
     *
     * @param directory the directory a file will be staged in
     * @throws IOException when the directory or the file cannot be created (a read-only file system, a
     *     directory this process may not write to)
     */
    void checkWritable(Path directory) throws IOException {
        if (writableDirectories.contains(directory)) {
            return;
        }
        try {
            ensureDirectory(directory);
        } catch (OccupiedPathException e) {
            return;
        }
        Path probe = directory.resolve(".kart-write-probe." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + TEMP_SUFFIX);
        Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        // named like a staging file: kart clean may have removed it already
        Files.deleteIfExists(probe);
        writableDirectories.add(directory);
    }

    /**
     * Creates a directory and its parents once; later calls for the same directory cost a set lookup.
     *
     * @param directory a directory
     * @throws IOException when it cannot be created (a read-only or full file system, a file in the way)
     */
    void ensureDirectory(Path directory) throws IOException {
        if (knownDirectories.contains(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            // something that is no directory stands where one of the path's directories belongs
            Optional<String> occupant = PathOccupant.ofDirectory(directory);
            if (occupant.isPresent()) {
                throw new OccupiedPathException(e.getFile(), occupant.get(), occupant.get()
                        + ": remove it, then run the task again");
            }
            throw e;
        }
        knownDirectories.add(directory);
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
