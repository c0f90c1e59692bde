package dev.kart.core.internal.cache;

import dev.kart.core.internal.config.KartSettings;
import dev.kart.lock.LeaseLostException;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either nothing or all of it: the content goes to a temporary
 * file in the target's directory ({@code .{name}.{random}.kart-tmp}), which is then renamed over the
 * target in one atomic step. In durable mode the file and then the directory are fsync'ed, so the
 * rename survives a machine crash. On any failure the temporary file is removed.
 */
public final class AtomicPublisher {
    private final Workspace workspace;
    private final boolean durable;

    /**
     * @param workspace creates directories
     * @param settings whether to fsync file and directory, {@code kart.durable}
     */
    @Inject
    public AtomicPublisher(Workspace workspace, KartSettings settings) {
        this(workspace, settings.durable());
    }

    /**
     * @param workspace creates directories
     * @param durable whether to fsync file and directory
     */
    public AtomicPublisher(Workspace workspace, boolean durable) {
        this.workspace = workspace;
        this.durable = durable;
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
        if (!name.startsWith(".") || !name.endsWith(Workspace.TEMP_SUFFIX)) {
            return Optional.empty();
        }
        String inner = name.substring(1, name.length() - Workspace.TEMP_SUFFIX.length());
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

    /** Checks, right before the rename, that the file may still be published. */
    @FunctionalInterface
    public interface PublishCheck {
        /** @throws LeaseLostException when a lease guarding the file is no longer held: nothing is published */
        void check();

        /** A check that always passes, for files no lease guards (task info). */
        PublishCheck NONE = () -> {
        };
    }

    /**
     * @param target the final path
     * @param content writes the file's content
     * @param beforeRename run right before the rename; when it throws, the temporary file is
     *     removed and nothing is published
     * @throws IOException when writing, syncing or renaming fails
     * @throws LeaseLostException when {@code beforeRename} says a guarding lease was lost
     */
    public void publish(Path target, Content content, PublishCheck beforeRename) throws IOException {
        Path directory = target.getParent();
        workspace.ensureDirectory(directory);
        Path temp = directory.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + Workspace.TEMP_SUFFIX);
        boolean published = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024)) {
                content.writeTo(out);
                out.flush();
                if (durable) {
                    channel.force(true);
                }
            }
            beforeRename.check();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            published = true;
            if (durable) {
                syncDirectory(directory);
            }
        } finally {
            if (!published) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
