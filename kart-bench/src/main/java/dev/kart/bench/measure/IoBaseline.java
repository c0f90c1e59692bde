package dev.kart.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * File-system floors, timed on one thread. A cache publish cannot go below writing a small file
 * under a temporary name, renaming it to its final name and checking that it exists
 * ({@link #microsPerPublish}); a warm check of a cached task cannot go below checking that its file
 * exists and reading it whole ({@link #microsPerCheckAndRead}).
 */
public final class IoBaseline {
    private static final byte[] CONTENT = "4\n".getBytes(StandardCharsets.UTF_8);

    private IoBaseline() {
    }

    /**
     * Publishes each time to a new final name ({@code <name>_<n>.json}) in one directory, as kart's
     * leaves publish; it may be the directory kart publishes to, with a name no task type has.
     *
     * @param directory a directory on the file system to measure
     * @param name the files' names are {@code <name>_<n>.json}; none may exist yet
     * @param count how many publishes to time
     * @return the mean time of one publish, in microseconds
     * @throws IOException when the file system refuses
     */
    public static double microsPerPublish(Path directory, String name, int count) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Path target = directory.resolve(name + "_" + i + ".json");
            Path temp = directory.resolve("." + name + "_" + i + ".json.tmp");
            Files.write(temp, CONTENT, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            if (!Files.exists(target)) {
                throw new IOException(target + " does not exist right after it was renamed into place");
            }
        }
        return (System.nanoTime() - start) / 1e3 / count;
    }

    /**
     * Checks that each file exists ({@code stat}) and reads it whole, as a warm check of a cached
     * task and its load do, without kart.
     *
     * @param files existing files, such as a DAG's cached outputs
     * @return the mean time per file, in microseconds
     * @throws IOException when a file is missing or cannot be read
     */
    public static double microsPerCheckAndRead(List<Path> files) throws IOException {
        long bytes = 0;
        long start = System.nanoTime();
        for (Path file : files) {
            if (!Files.exists(file)) {
                throw new IOException(file + " does not exist; the floor reads only existing files");
            }
            bytes += Files.readAllBytes(file).length;
        }
        long elapsed = System.nanoTime() - start;
        if (bytes == 0 && !files.isEmpty()) {
            throw new IOException("every file read was empty: not the cached outputs the floor is meant to read");
        }
        return elapsed / 1e3 / files.size();
    }
}
