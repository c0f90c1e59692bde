package dev.kart.core.internal.storage;

import dev.kart.storage.ContentWriter;
import dev.kart.storage.PublishMode;
import dev.kart.storage.PublishOutcome;
import dev.kart.storage.StagedObject;
import dev.kart.storage.StoredObject;
import dev.kart.storage.WorkspaceStorage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A workspace in a local (or mounted) directory, scheme {@code file}: kart's behaviour before the
 * storage SPI, behind it. A staged object is a temporary file beside its target,
 * {@code .{name}.{random}.kart-tmp}, fsync'ed in durable mode; {@link PublishMode#ONCE} takes the
 * final name by a hard link, which the file system refuses when the name exists, and
 * {@link PublishMode#REPLACE} by an atomic rename (see {@link AtomicPublisher}). Directories are
 * created on first write. Thread-safe.
 */
public final class LocalFileStorage implements WorkspaceStorage {
    private final Path root;
    private final URI location;
    private final AtomicPublisher publisher;
    private volatile Boolean linksProbed;

    /**
     * @param root the workspace directory; created on first write
     * @param durable whether to fsync each published file and its directory ({@code kart.durable})
     */
    public LocalFileStorage(Path root, boolean durable) {
        this.root = root.toAbsolutePath().normalize();
        String uri = this.root.toUri().toString();
        this.location = URI.create(uri.endsWith("/") ? uri : uri + "/");
        this.publisher = new AtomicPublisher(durable);
    }

    /** @return the workspace directory, absolute */
    public Path root() {
        return root;
    }

    /**
     * @param path a relative path
     * @return the file it names: for messages and for local tools, never for the runtime's own access
     * @throws IllegalArgumentException when {@code path} is not a relative path as {@link WorkspaceStorage} defines it
     */
    public Path file(String path) {
        return root.resolve(checked(path, false));
    }

    @Override
    public URI location() {
        return location;
    }

    @Override
    public Optional<StoredObject> stat(String path) throws IOException {
        BasicFileAttributes attributes = fileAttributes(path);
        return attributes == null ? Optional.empty()
                : Optional.of(new StoredObject(path, attributes.size(), attributes.lastModifiedTime().toInstant()));
    }

    /**
     * {@link #stat}'s answer without the object it describes: a warm build asks this of every
     * output in its graph and needs nothing else.
     *
     * @param path a relative path
     * @return whether a regular file is there, or a symbolic link to one
     * @throws IOException when the file system cannot be asked
     */
    public boolean exists(String path) throws IOException {
        return fileAttributes(path) != null;
    }

    /**
     * @param path a relative path
     * @return what stands there that is no file, or in the way of its directories, as a clause such as
     *     {@code a directory stands there} ({@link PathOccupant#at});
     *     empty when nothing does, or a file does
     * @throws IOException when the file system cannot be asked
     */
    public Optional<String> occupant(String path) throws IOException {
        return PathOccupant.at(file(path));
    }

    /**
     * @param path a relative path
     * @return whether a publish that replaces what stands there (a rerun's) is refused: a directory
     *     stands there, or something in the way of its directories ({@link PathOccupant#refusesRename})
     * @throws IOException when the file system cannot be asked
     */
    public boolean refusesReplace(String path) throws IOException {
        return PathOccupant.refusesRename(file(path));
    }

    /**
     * @return the attributes of the file at {@code path} (or of the file a symbolic link there leads to),
     *     or null when there is none: nothing, a directory, a link to nothing, a FIFO or a device, none of
     *     which a publish makes or a load can read as a stored object
     */
    private BasicFileAttributes fileAttributes(String path) throws IOException {
        Path file = file(path);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return null;
        } catch (java.nio.file.FileSystemException e) {
            // a file where a directory of the path should be (ENOTDIR, which the JDK reports as a plain
            // FileSystemException): no object there either, as Files.exists said before; the write that
            // follows fails naming it
            if (underAFile(file)) {
                return null;
            }
            throw e;
        }
        return attributes.isRegularFile() ? attributes : null;
    }

    private static boolean underAFile(Path file) {
        for (Path directory = file.getParent(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        String directory = checked(prefix, true);
        Path start = directory.isEmpty() ? root : root.resolve(directory);
        List<StoredObject> objects = new ArrayList<>();
        if (!Files.isDirectory(start)) {
            return objects;
        }
        walk(start, (file, attributes) -> {
            if (AtomicPublisher.publishedPathOf(file).isEmpty()) {
                objects.add(stored(file, attributes));
            }
        });
        objects.sort(Comparator.comparing(StoredObject::path));
        return objects;
    }

    @Override
    public InputStream read(String path) throws IOException {
        return new EndOnce(Files.newInputStream(file(path)));
    }

    /**
     * Answers end of file from memory once the file said so: a published file never grows (it is
     * replaced whole, by a rename that leaves an open descriptor on the old one), while a reader
     * such as Jackson asks again after the end, twice more for a small JSON value: two
     * {@code read(2)} calls of the four of loading a cache file.
     */
    private static final class EndOnce extends FilterInputStream {
        /** Larger than most cache files of single values and small records. */
        private static final int FIRST_BUFFER = 256;
        /** As {@code InputStream.readNBytes}: a larger read would take a temporary direct buffer as large. */
        private static final int MOST_PER_READ = 8192;
        /** The longest array some JVMs allow. */
        private static final int LARGEST_ARRAY = Integer.MAX_VALUE - 8;

        private boolean ended;

        EndOnce(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            int b = in.read();
            ended = b < 0;
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            int read = in.read(bytes, offset, length);
            ended = read < 0;
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            return ended ? 0 : in.skip(n);
        }

        @Override
        public int available() throws IOException {
            return ended ? 0 : in.available();
        }

        /**
         * Reads the rest into an array that starts small and doubles, each read at most
         * {@link #MOST_PER_READ} bytes: {@code InputStream}'s own allocates and zeroes a buffer of
         * 8 KB before its first read, which for a cache file of a few bytes was a tenth of loading it.
         *
         * @throws OutOfMemoryError when the rest is longer than an array can be
         */
        @Override
        public byte[] readAllBytes() throws IOException {
            byte[] bytes = new byte[FIRST_BUFFER];
            int filled = 0;
            for (int read; (read = read(bytes, filled, Math.min(MOST_PER_READ, bytes.length - filled))) >= 0; ) {
                filled += read;
                if (filled == bytes.length) {
                    if (bytes.length == LARGEST_ARRAY) {
                        if (read() < 0) {
                            return bytes;
                        }
                        throw new OutOfMemoryError("a file is longer than " + LARGEST_ARRAY + " bytes, the most one array holds");
                    }
                    bytes = Arrays.copyOf(bytes, (int) Math.min(LARGEST_ARRAY, 2L * bytes.length));
                }
            }
            return filled == bytes.length ? bytes : Arrays.copyOf(bytes, filled);
        }
    }

    @Override
    public StagedObject stage(String path, ContentWriter content) throws IOException {
        return new Staged(path, publisher.stage(file(path), content::writeTo));
    }

    @Override
    public StagedObject stageRecord(String path, ContentWriter content) throws IOException {
        return new Staged(path, publisher.stage(file(path), content::writeTo, false));
    }

    /**
     * Creates the record's file at its final name ({@code O_CREAT|O_EXCL}) and writes it there: three
     * system calls and one change of the directory, against five and three for a temporary file, a
     * hard link and an unlink. A cold trivial task writes one output and one record, so this is about
     * a third of its file work. Not fsync'ed, as {@link #stageRecord} is not.
     */
    @Override
    public PublishOutcome createRecord(String path, byte[] content) throws IOException {
        Path file = file(path);
        publisher.ensureDirectory(file.getParent());
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            return PublishOutcome.ALREADY_EXISTS;
        }
        try (channel) {
            ByteBuffer remaining = ByteBuffer.wrap(content);
            while (remaining.hasRemaining()) {
                channel.write(remaining);
            }
        } catch (IOException | RuntimeException e) {
            // a full disk, say: a record cut short is dropped rather than left for readers to skip
            try {
                Files.deleteIfExists(file);
            } catch (IOException deleteFailed) {
                e.addSuppressed(deleteFailed);
            }
            throw e;
        }
        return PublishOutcome.PUBLISHED;
    }

    @Override
    public boolean delete(String path) throws IOException {
        return Files.deleteIfExists(file(path));
    }

    @Override
    public List<String> removeAbandonedStaging(Instant startedBefore) throws IOException {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        walk(root, (file, attributes) -> {
            // a temporary file is written from its creation until it is published; one last
            // modified before the instant was started before it
            if (AtomicPublisher.publishedPathOf(file).isPresent()
                    && attributes.lastModifiedTime().toInstant().isBefore(startedBefore) && Files.deleteIfExists(file)) {
                removed.add(relative(file) + " (" + attributes.size() + " bytes)");
            }
        });
        return removed;
    }

    @Override
    public List<String> listAbandonedStaging(Instant startedBefore) throws IOException {
        List<String> abandoned = new ArrayList<>();
        for (StoredObject temp : listStaging()) {
            // the same test and words as removeAbandonedStaging, without the delete
            if (temp.lastModified().isBefore(startedBefore)) {
                abandoned.add(temp.path() + " (" + temp.size() + " bytes)");
            }
        }
        return abandoned;
    }

    /**
     * The temporary files of staging under way or abandoned, for {@code kart clean}'s report; the SPI's
     * {@link #removeAbandonedStaging} removes them by age alone.
     *
     * @return each temporary file by relative path ({@code pkg/.Task_ab12.json.{random}.kart-tmp}), with
     *     its size and last write, sorted by path
     * @throws IOException when the workspace cannot be walked
     */
    public List<StoredObject> listStaging() throws IOException {
        List<StoredObject> staging = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return staging;
        }
        walk(root, (file, attributes) -> {
            if (AtomicPublisher.publishedPathOf(file).isPresent()) {
                staging.add(stored(file, attributes));
            }
        });
        staging.sort(Comparator.comparing(StoredObject::path));
        return staging;
    }

    /**
     * What {@link #sweepListing} finds.
     *
     * @param published the published objects, as {@link #list} lists them, sorted by path
     * @param staging the temporary files, as {@link #listStaging} lists them, sorted by path
     */
    public record SweepListing(List<StoredObject> published, List<StoredObject> staging) {
        /** Copies the lists. */
        public SweepListing {
            published = List.copyOf(published);
            staging = List.copyOf(staging);
        }
    }

    /**
     * The published objects and the temporary files of the whole workspace but one top-level directory,
     * for {@code kart clean}: what {@code list("")} and {@link #listStaging} give outside that directory,
     * from one walk that does not enter it. The command never touches task info, and a workspace that many
     * builds ran in holds a task info file per task and node there: walking it twice cost a cached
     * {@code kart clean} more than its graph.
     *
     * @param skipped a directory directly under the workspace whose files are not listed, such as {@code log}
     * @return the objects and temporary files outside it
     * @throws IOException when the workspace cannot be walked
     */
    public SweepListing sweepListing(String skipped) throws IOException {
        List<StoredObject> published = new ArrayList<>();
        List<StoredObject> staging = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return new SweepListing(published, staging);
        }
        Path skippedDirectory = root.resolve(checked(skipped, false));
        walk(root, Optional.of(skippedDirectory), (file, attributes) ->
                (AtomicPublisher.publishedPathOf(file).isPresent() ? staging : published).add(stored(file, attributes)));
        Comparator<StoredObject> byPath = Comparator.comparing(StoredObject::path);
        published.sort(byPath);
        staging.sort(byPath);
        return new SweepListing(published, staging);
    }

    /**
     * The published objects directly in one directory whose names start with a prefix: what {@code
     * list(directory)} gives of them, without reading the attributes of the directory's other files or
     * entering its subdirectories (for the records of one task among a package's task info files).
     *
     * @param directory a relative directory path ({@code log/pkg/}), or empty for the workspace's top
     * @param namePrefix how the files' names start, such as {@code Task_ab12.node-}
     * @return the files, sorted by path
     * @throws IOException when the directory cannot be read
     */
    @Override
    public List<StoredObject> listNamed(String directory, String namePrefix) throws IOException {
        return listNamed(directory, name -> name.startsWith(namePrefix));
    }

    /**
     * The published objects directly in one directory whose names match: what {@code list(directory)} gives of
     * them, reading the attributes of those files only (for the records of single nodes among a package's task info
     * files).
     *
     * @param directory a relative directory path ({@code log/pkg/}), or empty for the workspace's top
     * @param name tells of a file's name whether it is wanted
     * @return the files, sorted by path
     * @throws IOException when the directory cannot be read
     */
    public List<StoredObject> listNamed(String directory, Predicate<String> name) throws IOException {
        String checkedDirectory = checked(directory, true);
        Path start = checkedDirectory.isEmpty() ? root : root.resolve(checkedDirectory);
        List<StoredObject> objects = new ArrayList<>();
        // as list(), whose walk does not follow a directory that is a symbolic link
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return objects;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(start)) {
            for (Path file : entries) {
                if (!name.test(file.getFileName().toString())
                        || AtomicPublisher.publishedPathOf(file).isPresent()) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    // as the walk of list() sees it: a symbolic link is no regular file there
                    attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    // removed since the directory was read
                    continue;
                }
                if (attributes.isRegularFile()) {
                    objects.add(stored(file, attributes));
                }
            }
        }
        objects.sort(Comparator.comparing(StoredObject::path));
        return objects;
    }

    /**
     * @param path a relative path
     * @return the relative path a temporary file at {@code path} was to be published at; empty when
     *     it is not named like one ({@code .{name}.{random}.kart-tmp})
     */
    public static Optional<String> publishedPathOf(String path) {
        int slash = path.lastIndexOf('/');
        return AtomicPublisher.publishedPathOf(Path.of(path.substring(slash + 1)))
                .map(name -> path.substring(0, slash + 1) + name);
    }

    /**
     * Deletes one temporary file, for {@code kart clean} (which holds the target's cache lock).
     *
     * @param path the temporary file's relative path
     * @return whether it was deleted
     * @throws IllegalArgumentException when it is not named like a temporary file
     * @throws IOException when it cannot be deleted
     */
    public boolean deleteStaging(String path) throws IOException {
        if (publishedPathOf(path).isEmpty()) {
            throw new IllegalArgumentException(path + " is not named like a temporary file of kart (.{name}.{random}"
                    + AtomicPublisher.TEMP_SUFFIX + ")");
        }
        return Files.deleteIfExists(file(path));
    }

    /** Creates the path's directory and a temporary file in it, once per directory ({@link AtomicPublisher#checkWritable}). */
    @Override
    public void checkWritable(String path) throws IOException {
        publisher.checkWritable(file(path).getParent());
    }

    @Override
    public boolean publishesOnceAtomically() {
        if (!publisher.hardLinksWorked()) {
            return false;
        }
        Boolean probed = linksProbed;
        if (probed == null) {
            probed = probeHardLinks();
            linksProbed = probed;
        }
        return probed;
    }

    /** Nothing to release: files are opened and closed per call. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return root.toString();
    }

    /** Links a temporary file in the workspace directory to a second name: whether this file system has hard links. */
    private boolean probeHardLinks() {
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path probe = root.resolve(".kart-link-probe." + random + AtomicPublisher.TEMP_SUFFIX);
        Path link = root.resolve(".kart-link-probe-link." + random + AtomicPublisher.TEMP_SUFFIX);
        try {
            publisher.ensureDirectory(root);
            Files.createFile(probe);
            Files.createLink(link, probe);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } finally {
            try {
                Files.deleteIfExists(link);
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                // named like a temporary file: kart clean removes it
            }
        }
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** Checks a relative path of the SPI: {@code /}-separated, no leading {@code /}, no empty, {@code .} or {@code ..} segment. */
    private static String checked(String path, boolean prefix) {
        String p = prefix && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.isEmpty()) {
            if (prefix) {
                return p;
            }
            throw new IllegalArgumentException("an empty path names no object of the workspace");
        }
        if (p.startsWith("/") || p.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("'" + path + "' is not a relative path with / separators");
        }
        // segment by segment without splitting: every stat, read and publish of a build checks its path
        int start = 0;
        while (start <= p.length()) {
            int end = p.indexOf('/', start);
            if (end < 0) {
                end = p.length();
            }
            if (isEmptyOrDots(p, start, end)) {
                throw new IllegalArgumentException("'" + path + "' has an empty, . or .. segment; expected a relative"
                        + " path inside the workspace");
            }
            start = end + 1;
        }
        return p;
    }

    /** @return whether {@code p.substring(start, end)} is empty, {@code .} or {@code ..} */
    private static boolean isEmptyOrDots(String p, int start, int end) {
        int length = end - start;
        return length == 0 || (length <= 2 && p.charAt(start) == '.' && (length == 1 || p.charAt(start + 1) == '.'));
    }

    /** @return a walked file as the listings give it: its relative path, size and last write */
    private StoredObject stored(Path file, BasicFileAttributes attributes) {
        return new StoredObject(relative(file), attributes.size(), attributes.lastModifiedTime().toInstant());
    }

    private interface FileVisit {
        void visit(Path file, BasicFileAttributes attributes) throws IOException;
    }

    private static void walk(Path start, FileVisit visit) throws IOException {
        walk(start, Optional.empty(), visit);
    }

    /**
     * @param skipped a directory under {@code start} whose files are not visited, and which is not entered: the
     *     walk opens it before asking whether to enter it, so one it cannot read is skipped all the same
     */
    private static void walk(Path start, Optional<Path> skipped, FileVisit visit) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                return skipped.isPresent() && directory.equals(skipped.get()) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    visit.visit(file, attributes);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException error) throws IOException {
                return skipped.isPresent() && file.equals(skipped.get()) ? FileVisitResult.CONTINUE : skipGone(error);
            }
        });
    }

    private static FileVisitResult skipGone(IOException error) throws IOException {
        // a file published and then removed, or a temporary file gone, while walking
        if (error instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
        }
        throw error;
    }

    private final class Staged implements StagedObject {
        private final String path;
        private final AtomicPublisher.Staged file;

        Staged(String path, AtomicPublisher.Staged file) {
            this.path = path;
            this.file = file;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public long size() {
            return file.size();
        }

        @Override
        public PublishOutcome publish(PublishMode mode) throws IOException {
            AtomicPublisher.Outcome outcome = publisher.publish(file, AtomicPublisher.PublishCheck.NONE, mode == PublishMode.REPLACE
                    ? AtomicPublisher.Mode.REPLACE : AtomicPublisher.Mode.KEEP_EXISTING);
            return outcome == AtomicPublisher.Outcome.PUBLISHED ? PublishOutcome.PUBLISHED : PublishOutcome.ALREADY_EXISTS;
        }

        @Override
        public void discard() throws IOException {
            file.discard();
        }

        @Override
        public String toString() {
            return file.temp().toString();
        }
    }
}
