package dev.kart.bench.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Fresh directories under {@code java.io.tmpdir} for workspaces and baselines, so that every figure of
 * a scenario is taken on the same file system, and their removal afterwards. Scenarios delete what
 * they made at their end, through a {@link Batch}, rather than between measurements: deleting tens of
 * thousands of files makes the file system slow for a while after (journal commits, discards), and
 * that would fall on the next measurement.
 */
public final class TempDirectories {
    private TempDirectories() {
    }

    /**
     * @param purpose a word for the directory name
     * @return a new, empty directory
     */
    public static Path create(String purpose) {
        try {
            return Files.createTempDirectory("kart-bench-" + purpose + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory under " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /**
     * @param directory a directory to delete with everything in it; nothing happens when it is missing
     */
    public static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
                    if (error != null) {
                        throw error;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    /**
     * @param directory an existing directory
     * @return the type of its file system, such as {@code ext4} or {@code tmpfs}
     */
    public static String fileSystemType(Path directory) {
        try {
            return Files.getFileStore(directory).type();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * @param purpose a word for the batch's directory name
     * @return a batch of directories under one new parent, deleted together when it is closed
     */
    public static Batch batch(String purpose) {
        return new Batch(create(purpose));
    }

    /**
     * Directories made during a scenario, all under one parent, and deleted together at its end.
     * Keeping them under one parent also keeps them close on disk: on ext4 a new directory's inodes
     * come from a block group chosen near its parent, and how costly a file creation is varies a
     * lot from one group to another (see docs/benchmarks.md), so a baseline and the build it is
     * compared with should share their neighbourhood. Not thread-safe.
     */
    public static final class Batch implements AutoCloseable {
        private final Path parent;
        private int made;

        private Batch(Path parent) {
            this.parent = parent;
        }

        /**
         * @param purpose a word for the directory name
         * @return a new, empty directory, deleted when this batch is closed
         */
        public Path create(String purpose) {
            Path directory = parent.resolve(purpose + "-" + (++made));
            try {
                return Files.createDirectory(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + directory, e);
            }
        }

        /** Deletes every directory of the batch with its content. */
        @Override
        public void close() {
            delete(parent);
        }
    }
}
