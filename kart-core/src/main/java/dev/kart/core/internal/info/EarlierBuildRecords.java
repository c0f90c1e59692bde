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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes the records single nodes kept of a task in earlier builds
 * ({@code {TaskName}_{id}.node-{host}-{pid}.json}), once a build published the task again: a node's
 * failure ({@code FAILED}, {@code INTERRUPTED}) or its finding the task done by another
 * ({@code ALREADY_COMPLETE}) whose latest attempt ended before that build began. gokart writes a task's
 * log anew when it runs again; without this, every failed rerun of a task left a file in {@code log/}
 * for good. A record of this build's nodes stays (it ended after the build began), as does one of a
 * node that may be waiting to retry ({@code RETRY_WAIT}) and a publisher's record kept as its own
 * ({@code DONE}), some of whose files may stand.
 *
 * <p>The records are found through one listing of each log directory per build, taken when the
 * build's first publish there replaced a task's record: a listing per task would read a package's whole
 * directory once per task, and a rerun of thousands of tasks would spend its time listing. A listing
 * taken after the build began holds every record that ended before it. Thread-safe.
 */
final class EarlierBuildRecords {
    private static final Logger LOG = LoggerFactory.getLogger(EarlierBuildRecords.class);
    private static final String NODE_MARK = ".node-";
    private static final Set<String> SETTLED_ELSEWHERE = Set.of("FAILED", "INTERRUPTED", "ALREADY_COMPLETE");

    private final Workspace workspace;
    private final WorkspaceStorage storage;
    private final Function<String, Optional<RecordHeader>> headers;
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    /**
     * @param workspace where the records are
     * @param headers reads a record's header; empty for no file or an unreadable one
     */
    EarlierBuildRecords(Workspace workspace, Function<String, Optional<RecordHeader>> headers) {
        this.workspace = workspace;
        this.storage = workspace.storage();
        this.headers = headers;
    }

    /**
     * Removes the task's records of single nodes that earlier builds left: those whose state is
     * {@code FAILED}, {@code INTERRUPTED} or {@code ALREADY_COMPLETE} and whose latest attempt ended
     * before {@code buildBegan}, by the clocks of the nodes that wrote them. A record that cannot be read
     * or does not say when it ended is kept; a removal that fails is logged.
     *
     * @param type the task's type
     * @param uniqueId its unique id
     * @param buildBegan when the build that published the task began, by this node's clock
     */
    void removeEndedBefore(TaskType type, String uniqueId, Instant buildBegan) {
        String directory = workspace.logDirectory(type);
        Listing listing;
        try {
            listing = listing(directory, buildBegan);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not list {} for records of earlier builds of {}: {}", workspace.display(directory),
                    type.family(), e.toString());
            return;
        }
        // taken out: the task settles once in a build, and a later build lists the directory anew
        List<String> records = listing.nodeRecords().remove(directory + Workspace.taskInfoOfNodeNamePrefix(type, uniqueId));
        if (records == null) {
            return;
        }
        for (String path : records) {
            if (workspace.isTaskInfoOfNode(type, uniqueId, path) && ofAnEarlierBuild(path, buildBegan)) {
                try {
                    storage.delete(path);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not remove {}, a record of an earlier build of {}: {}", workspace.display(path),
                            type.family(), e.toString());
                }
            }
        }
    }

    private boolean ofAnEarlierBuild(String path, Instant buildBegan) {
        return headers.apply(path)
                .filter(header -> SETTLED_ELSEWHERE.contains(header.state()) && header.endedBefore(buildBegan))
                .isPresent();
    }

    private Listing listing(String directory, Instant buildBegan) throws IOException {
        Listing current = listings.get(directory);
        if (current != null && !current.listedAt().isBefore(buildBegan)) {
            return current;
        }
        Listing listed = list(directory);
        listings.put(directory, listed);
        return listed;
    }

    /** Lists the directory's records of single nodes, grouped by the name prefix of their task. */
    private Listing list(String directory) throws IOException {
        // taken before the listing: every record written before this instant is in it
        Instant listedAt = Instant.now();
        List<StoredObject> objects = storage instanceof LocalFileStorage local
                ? local.listNamed(directory, name -> name.contains(NODE_MARK)) : storage.list(directory);
        Map<String, List<String>> byTask = new ConcurrentHashMap<>();
        for (StoredObject object : objects) {
            String path = object.path();
            // a task's simple name and hex unique id hold no ".node-": the first one after the directory ends its prefix
            int mark = path.indexOf(NODE_MARK, directory.length());
            if (path.startsWith(directory) && mark >= 0) {
                byTask.computeIfAbsent(path.substring(0, mark + NODE_MARK.length()), any -> new ArrayList<>()).add(path);
            }
        }
        return new Listing(listedAt, byTask);
    }

    /**
     * @param listedAt when the listing began
     * @param nodeRecords the records of single nodes, by {@code {directory}{TaskName}_{id}.node-}
     */
    private record Listing(Instant listedAt, Map<String, List<String>> nodeRecords) {
    }
}
