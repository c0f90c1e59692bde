package dev.kart.core.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runtimes on a {@link CountingStorage} workspace, {@code ws} under a test's directory: the storage
 * provider is registered on a class loader of this object only, so no other test sees its scheme.
 */
final class CountingWorkspace implements AutoCloseable {
    private final Path directory;
    private final URLClassLoader loader;
    private CountingStorage storage;

    /**
     * @param directory a test's own directory
     * @throws IOException when the service file cannot be written
     */
    CountingWorkspace(Path directory) throws IOException {
        this.directory = directory;
        Path services = Files.createDirectories(directory.resolve("services/META-INF/services"));
        Files.writeString(services.resolve("dev.kart.storage.StorageProvider"), CountingStorage.Provider.class.getName() + "\n");
        loader = new URLClassLoader(new URL[] {directory.resolve("services").toUri().toURL()}, getClass().getClassLoader());
    }

    /**
     * @param settings configuration keys and values, over a workspace that does not fsync
     * @return a runtime on the workspace; {@link #storage()} is its storage from now on
     * @throws IOException when the workspace directory cannot be made
     */
    Kart open(Map<String, Object> settings) throws IOException {
        Path workspace = Files.createDirectories(root());
        Kart.Builder builder = Kart.builder().classLoader(loader)
                .workspace(URI.create("counting:" + workspace.toUri().getPath())).set("kart.durable", false);
        settings.forEach(builder::set);
        Kart runtime = builder.build();
        storage = CountingStorage.OPENED.get(workspace);
        assertThat(storage).as("the runtime's storage, opened by CountingStorage.Provider").isNotNull();
        return runtime;
    }

    /** @return the storage of the runtime opened last */
    CountingStorage storage() {
        return storage;
    }

    /** @return the workspace's directory on disk */
    Path root() {
        return directory.resolve("ws");
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
