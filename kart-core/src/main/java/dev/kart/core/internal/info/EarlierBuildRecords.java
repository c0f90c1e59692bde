package dev.kart.core.internal.info;

import dev.kart.core.internal.cache.Workspace;
import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.storage.LocalFileStorage;
import dev.kart.storage.StoredObject;
import dev.kart.storage.WorkspaceStorage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes the records single nodes kept of a task in earlier builds
 * ({@code {TaskName}_{id}.node-{host}-{pid}.json}), once a build published the task again. gokart writes a
 * task's log anew when it runs again; without this, every failed rerun of a task left a file in
 * {@code log/} for good. A record is of an earlier build ({@link #ofAnEarlierBuild}) when it is no
 * publisher's ({@code DONE}: some of its files may stand), its latest attempt ended before the publishing
 * build began, and its node is known to run no more ({@link NodeIdentity#ended}): a node of this host
 * that has exited, or a closed runtime of this JVM. A node of another host may be in the middle of a build
 * that began before this one, whose summary names its record: that host's next publishing build removes it.
 *
 * <p>On a local workspace the records are found through one listing of each log directory per build,
 * taken at the build's first publish there that replaced a task's record: a listing per task would read
 * a package's whole directory once per task, and a rerun of thousands of tasks would spend its time
 * listing. A record of an attempt that ended before the build began was written then, so before the
 * listing. A store that lists by key prefix (S3) is asked for the task's records alone, one request per
 * task: a directory's listing there is a request per 1,000 records, which a rerun of one task among many
 * would pay in full. Thread-safe.
 */
final class EarlierBuildRecords {
    private static final Logger LOG = LoggerFactory.getLogger(EarlierBuildRecords.class);
    private static final String NODE_MARK = ".node-";
    private static final String DONE = "DONE";

    private final Workspace workspace;
    private final WorkspaceStorage storage;
    /** The storage when it is a local directory, listed once per build and directory. */
    private final Optional<LocalFileStorage> local;
    private final Function<String, Optional<RecordHeader>> headers;
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    /**
     * @param workspace where the records are
     * @param headers reads a record's header; empty for no file or an unreadable one
     */
    EarlierBuildRecords(Workspace workspace, Function<String, Optional<RecordHeader>> headers) {
        this.workspace = workspace;
        this.storage = workspace.storage();
        this.local = storage instanceof LocalFileStorage files ? Optional.of(files) : Optional.empty();
        this.headers = headers;
    }

    /**
     * @param record a record's header
     * @param buildBegan when a build that publishes its task began, by that node's clock
     * @return whether the record is of a build before that one: no publisher's, its latest attempt ended before
     *     {@code buildBegan} (by the clock of its node), and its node has ended. A record that does not say when
     *     it ended is not
     */
    static boolean ofAnEarlierBuild(RecordHeader record, Instant buildBegan) {
        return !DONE.equals(record.state()) && record.endedBefore(buildBegan) && record.writer().ended();
    }

    /**
     * Removes the task's records of single nodes that earlier builds left ({@link #ofAnEarlierBuild}). A record
     * that cannot be read is kept; a listing or removal that fails is logged.
     *
     * @param type the task's type
     * @param uniqueId its unique id
     * @param buildBegan when the build that published the task began, by this node's clock: the same instant for
     *     every task of the build ({@code TaskGraph.walkStarted()})
     */
    void remove(TaskType type, String uniqueId, Instant buildBegan) {
        String directory = workspace.logDirectory(type);
        String namePrefix = Workspace.taskInfoOfNodeNamePrefix(type, uniqueId);
        List<String> records;
        try {
            records = local.isPresent() ? listing(local.get(), directory, buildBegan).of(directory + namePrefix)
                    : storage.listNamed(directory, namePrefix).stream().map(StoredObject::path).toList();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not list {} for records of earlier builds of {}: {}", workspace.display(directory),
                    type.family(), e.toString());
            return;
        }
        for (String path : records) {
            if (workspace.isTaskInfoOfNode(type, uniqueId, path)
                    && headers.apply(path).filter(header -> ofAnEarlierBuild(header, buildBegan)).isPresent()) {
                try {
                    storage.delete(path);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not remove {}, a record of an earlier build of {}: {}", workspace.display(path),
                            type.family(), e.toString());
                }
            }
        }
    }

    /** @return this build's listing of the directory, taken now if this build has none yet */
    private Listing listing(LocalFileStorage files, String directory, Instant buildBegan) throws IOException {
        Listing current = listings.get(directory);
        if (current != null && current.build().equals(buildBegan)) {
            return current;
        }
        Listing listed = list(files, directory, buildBegan);
        listings.put(directory, listed);
        return listed;
    }

    /** Lists the directory's records of single nodes, grouped by the name prefix of their task. */
    private static Listing list(LocalFileStorage files, String directory, Instant build) throws IOException {
        Map<String, List<String>> byTask = new ConcurrentHashMap<>();
        for (StoredObject object : files.listNamed(directory, name -> name.contains(NODE_MARK))) {
            String path = object.path();
            // a task's simple name and hex unique id hold no ".node-": the first one after the directory ends its prefix
            int mark = path.indexOf(NODE_MARK, directory.length());
            byTask.computeIfAbsent(path.substring(0, mark + NODE_MARK.length()), any -> new ArrayList<>()).add(path);
        }
        return new Listing(build, byTask);
    }

    /**
     * One build's listing of a log directory's records of single nodes.
     *
     * @param build the build's start, which tells builds apart
     * @param nodeRecords the records, by {@code {directory}{TaskName}_{id}.node-}
     */
    private record Listing(Instant build, Map<String, List<String>> nodeRecords) {
        List<String> of(String taskPrefix) {
            return nodeRecords.getOrDefault(taskPrefix, List.of());
        }
    }
}
