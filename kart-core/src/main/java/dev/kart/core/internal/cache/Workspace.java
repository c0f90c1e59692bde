package dev.kart.core.internal.cache;

import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.model.TaskType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workspace directory and the layout inside it. Every path comes from a class name and a
 * unique id (hex), never from a parameter value, so no parameter can point outside the workspace.
 * Thread-safe.
 */
public final class Workspace {
    /** Directory, under the workspace, holding task info files. */
    public static final String LOG_DIRECTORY = "log";
    /** Suffix of temporary files that are published by renaming; left-overs are safe to delete. */
    public static final String TEMP_SUFFIX = ".kart-tmp";

    private final Path root;
    private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();
    // one Path per task type and directory: resolving them for every task of a 10,000-task graph
    // showed in profiles of cold and warm builds
    private final Map<TaskType, Path> packageDirectories = new ConcurrentHashMap<>();
    private final Map<TaskType, Path> logDirectories = new ConcurrentHashMap<>();

    /** @param settings gives the workspace directory, {@code kart.workspace} */
    @Inject
    public Workspace(KartSettings settings) {
        this(settings.workspace());
    }

    /** @param root the workspace directory; created on first write */
    public Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** @return the workspace directory, absolute */
    public Path root() {
        return root;
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @param extension the output's extension
     * @return {@code {workspace}/{package as dirs}/{TaskName}_{uniqueId}.{ext}}
     */
    public Path mainOutput(TaskType type, String uniqueId, String extension) {
        return packageDirectory(type).resolve(type.simpleName() + "_" + uniqueId + "." + extension);
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @param name the named output's name
     * @param extension the named output's extension
     * @return {@code {workspace}/{package as dirs}/{TaskName}_{uniqueId}.{name}.{ext}}
     */
    public Path namedOutput(TaskType type, String uniqueId, String name, String extension) {
        return packageDirectory(type).resolve(type.simpleName() + "_" + uniqueId + "." + name + "." + extension);
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @return {@code {workspace}/log/{package as dirs}/{TaskName}_{uniqueId}.json}
     */
    public Path taskInfo(TaskType type, String uniqueId) {
        Path directory = logDirectories.computeIfAbsent(type, key -> {
            Path log = root.resolve(LOG_DIRECTORY);
            return key.packagePath().isEmpty() ? log : log.resolve(key.packagePath());
        });
        return directory.resolve(type.simpleName() + "_" + uniqueId + ".json");
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @param node the node, as it appears in file names ({@code {host}-{pid}}, see
     *     {@code NodeIdentity.fileName()})
     * @return {@code {workspace}/log/{package as dirs}/{TaskName}_{uniqueId}.node-{node}.json}: the record
     *     one node keeps of its own attempts at the task, beside the task's info file
     */
    public Path taskInfoOfNode(TaskType type, String uniqueId, String node) {
        return taskInfo(type, uniqueId).resolveSibling(type.simpleName() + "_" + uniqueId + ".node-" + node + ".json");
    }

    /**
     * @param type the task's type
     * @param uniqueId the task's unique id
     * @return the glob matching the names of every {@link #taskInfoOfNode} file of the task in its
     *     info file's directory
     */
    public static String taskInfoOfNodeGlob(TaskType type, String uniqueId) {
        return type.simpleName() + "_" + uniqueId + ".node-*.json";
    }

    /**
     * @param path a path inside the workspace
     * @return it relative to the workspace, with {@code /} separators: the cache lock's target name
     */
    public String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    /**
     * The same as {@link #relative} of a path made by {@link #mainOutput} or {@link #namedOutput},
     * without asking the file system layer: its last element after the package's directory.
     *
     * @param type the task's type
     * @param output a path made by {@link #mainOutput} or {@link #namedOutput} for it
     * @return it relative to the workspace, with {@code /} separators
     */
    public String relativeOutput(TaskType type, Path output) {
        String fileName = output.getFileName().toString();
        return type.packagePath().isEmpty() ? fileName : type.packagePath() + "/" + fileName;
    }

    /**
     * Creates a directory and its parents once; later calls for the same directory cost a set lookup.
     *
     * @param directory a directory inside the workspace
     * @throws IOException when it cannot be created (a read-only or full file system, a file in the
     *     way); the caller reports it with the file it was about to write
     */
    public void ensureDirectory(Path directory) throws IOException {
        if (knownDirectories.contains(directory)) {
            return;
        }
        Files.createDirectories(directory);
        knownDirectories.add(directory);
    }

    private Path packageDirectory(TaskType type) {
        return packageDirectories.computeIfAbsent(type,
                key -> key.packagePath().isEmpty() ? root : root.resolve(key.packagePath()));
    }
}
