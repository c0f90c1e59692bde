package dev.kart.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file-system floor a cache publish cannot go below: write a small file under a temporary name,
 * rename it to its final name, check that it exists. Done on one thread, each time to a new final
 * name ({@code <name>_<n>.json}) in one directory, as kart's leaves publish; it may be the
 * directory kart publishes to, with a name no task type has.
 */
public final class IoBaseline {
    private static final byte[] CONTENT = "4\n".getBytes(StandardCharsets.UTF_8);

    private IoBaseline() {
    }

    /**
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
}
