package dev.kart.core.internal.cache;

import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.storage.LocalFileStorage;
import dev.kart.storage.WorkspaceStorage;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The workspace's storage and the layout inside it, as relative paths ({@code /}-separated, see
 * {@link WorkspaceStorage}). Every path comes from a class name and a unique id (hex), never from a
 * parameter value, so no parameter can point outside the workspace. Thread-safe.
 */
public final class Workspace implements AutoCloseable {
    /** Directory, under the workspace, holding task info files. */
    public static final String LOG_DIRECTORY = "log";

    private final WorkspaceStorage storage;
    // one prefix per task type and directory: building them for every task of a 10,000-task graph
    // showed in profiles of cold and warm builds
    private final Map<TaskType, String> packageDirectories = new ConcurrentHashMap<>();
    private final Map<TaskType, String> logDirectories = new ConcurrentHashMap<>();
    // {package as dirs}/{TaskName}_ and log/{package as dirs}/{TaskName}_, for the same reason
    private final Map<TaskType, String> outputPrefixes = new ConcurrentHashMap<>();
    private final Map<TaskType, String> infoPrefixes = new ConcurrentHashMap<>();
    // made once: a lambda capturing this, written at each computeIfAbsent, would be a new object per call
    private final Function<TaskType, String> outputPrefix = type -> packageDirectory(type) + type.simpleName() + "_";
    private final Function<TaskType, String> infoPrefix = type -> logDirectory(type) + type.simpleName() + "_";

    /** @param storage where the workspace's objects are; closed with this workspace */
    @Inject
    public Workspace(WorkspaceStorage storage) {
        this.storage = storage;
    }

    /** @return the storage every access of the workspace goes through */
    public WorkspaceStorage storage() {
        return storage;
    }

    /** @return the workspace directory, when the workspace is one on the local file system */
    public Optional<Path> localRoot() {
        return storage instanceof LocalFileStorage local ? Optional.of(local.root()) : Optional.empty();
    }

    /** @return the workspace for messages: its directory when local, else its URI */
    public String display() {
        return storage instanceof LocalFileStorage local ? local.root().toString() : storage.location().toString();
    }

    /**
     * @param path a relative path
     * @return it for messages: the file when the workspace is local (as before the storage SPI), else
     *     the workspace's URI followed by it
     */
    public String display(String path) {
        return storage instanceof LocalFileStorage local ? local.file(path).toString() : uri(path).toString();
    }

    /**
     * @param path a relative path
     * @return the object's URI: {@code file:///...} for a local workspace, {@code s3://bucket/prefix/...}
     */
    public URI uri(String path) {
        if (storage instanceof LocalFileStorage local) {
            return local.file(path).toUri();
        }
        URI location = storage.location();
        String directory = location.getPath() == null ? "/" : location.getPath();
        try {
            // from the decoded parts, which the constructor quotes again: a prefix with a space or a ? stays in the path
            return new URI(location.getScheme(), location.getAuthority(),
                    (directory.endsWith("/") ? directory : directory + "/") + path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("path " + path + " of workspace " + location + " makes no URI", e);
        }
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @param extension the output's extension
     * @return {@code {package as dirs}/{TaskName}_{uniqueId}.{ext}}
     */
    public String mainOutput(TaskType type, String uniqueId, String extension) {
        return fileName(outputPrefixes.computeIfAbsent(type, outputPrefix), uniqueId, extension);
    }

    /**
     * {@code {prefix}{uniqueId}.{extension}} in a builder of the exact size: a cache file's path is
     * derived on every check, load and publish, and kart is compiled with inline string concatenation,
     * whose builder of 16 characters grows twice or three times for such a path.
     */
    private static String fileName(String prefix, String uniqueId, String extension) {
        return new StringBuilder(prefix.length() + uniqueId.length() + 1 + extension.length())
                .append(prefix).append(uniqueId).append('.').append(extension).toString();
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @param name the named output's name
     * @param extension the named output's extension
     * @return {@code {package as dirs}/{TaskName}_{uniqueId}.{name}.{ext}}
     */
    public String namedOutput(TaskType type, String uniqueId, String name, String extension) {
        return packageDirectory(type) + type.simpleName() + "_" + uniqueId + "." + name + "." + extension;
    }

    /**
     * @param type the task's type
     * @return {@code log/{package as dirs}/}: the directory of its task info files
     */
    public String logDirectory(TaskType type) {
        return logDirectories.computeIfAbsent(type,
                key -> key.packagePath().isEmpty() ? LOG_DIRECTORY + "/" : LOG_DIRECTORY + "/" + key.packagePath() + "/");
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @return {@code log/{package as dirs}/{TaskName}_{uniqueId}.json}
     */
    public String taskInfo(TaskType type, String uniqueId) {
        return fileName(infoPrefixes.computeIfAbsent(type, infoPrefix), uniqueId, "json");
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @param node the node, as it appears in file names ({@code {host}-{pid}}, see
     *     {@code NodeIdentity.fileName()})
     * @return {@code log/{package as dirs}/{TaskName}_{uniqueId}.node-{node}.json}: the record one node
     *     keeps of its own attempts at the task, beside the task's info file
     */
    public String taskInfoOfNode(TaskType type, String uniqueId, String node) {
        return taskInfoOfNodePrefix(type, uniqueId) + node + ".json";
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @param path a relative path
     * @return whether it is a {@link #taskInfoOfNode} file of the task
     */
    public boolean isTaskInfoOfNode(TaskType type, String uniqueId, String path) {
        String prefix = taskInfoOfNodePrefix(type, uniqueId);
        return path.startsWith(prefix) && path.endsWith(".json") && path.indexOf('/', prefix.length()) < 0;
    }

    private String taskInfoOfNodePrefix(TaskType type, String uniqueId) {
        return logDirectory(type) + taskInfoOfNodeNamePrefix(type, uniqueId);
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @return how the file names of the task's {@link #taskInfoOfNode} records start, in its {@link #logDirectory}:
     *     {@code {TaskName}_{uniqueId}.node-}
     */
    public static String taskInfoOfNodeNamePrefix(TaskType type, String uniqueId) {
        return type.simpleName() + "_" + uniqueId + ".node-";
    }

    /**
     * @param path a relative path
     * @return whether it is under the {@code log/} directory (task info, not a cache file)
     */
    public static boolean isTaskInfo(String path) {
        return path.startsWith(LOG_DIRECTORY + "/");
    }

    /** Closes the storage. */
    @Override
    public void close() throws IOException {
        storage.close();
    }

    private String packageDirectory(TaskType type) {
        return packageDirectories.computeIfAbsent(type,
                key -> key.packagePath().isEmpty() ? "" : key.packagePath() + "/");
    }
}
