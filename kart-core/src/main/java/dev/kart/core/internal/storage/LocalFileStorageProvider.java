package dev.kart.core.internal.storage;

import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import dev.kart.storage.StorageProvider;
import dev.kart.storage.WorkspaceStorage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens workspaces in local (or mounted) directories, scheme {@code file}: the default, and what a
 * plain path as {@code kart.workspace} means. Its section, {@code kart.storage.file}, has one key,
 * {@code durable}, which follows {@code kart.durable} unless set.
 */
public final class LocalFileStorageProvider implements StorageProvider {
    /** The scheme it serves. */
    public static final String SCHEME = "file";

    /** For {@link java.util.ServiceLoader}. */
    public LocalFileStorageProvider() {
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    /**
     * @param location {@code file:///absolute/dir}, or {@code file:relative/dir} (against the working directory)
     * @param section {@code kart.storage.file}: {@code durable}, whether to fsync (default true)
     * @return the storage; the directory is created on first write
     * @throws KartConfigException when {@code location} is not a {@code file} URI of a directory
     */
    @Override
    public WorkspaceStorage open(URI location, ConfigSection section) {
        return new LocalFileStorage(directory(location), !section.has("durable") || section.getBoolean("durable"));
    }

    /**
     * @param location a {@code file} URI
     * @return the directory it names, absolute
     * @throws KartConfigException when it is not a {@code file} URI, or names a file
     */
    public static Path directory(URI location) {
        if (!SCHEME.equalsIgnoreCase(location.getScheme())) {
            throw new KartConfigException("workspace " + location + " is not a file: URI");
        }
        Path path;
        try {
            path = location.isOpaque() ? Path.of(location.getSchemeSpecificPart()) : Path.of(location);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new KartConfigException("workspace " + location + " names no local directory: " + e.getMessage(), e);
        }
        path = path.toAbsolutePath().normalize();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new KartConfigException("workspace " + location + " is a file, expected a directory (or a path where"
                    + " kart may create one)");
        }
        return path;
    }
}
