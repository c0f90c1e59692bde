package dev.kart.core.internal.info;

import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.cache.Publication;
import dev.kart.core.internal.cache.Workspace;
import dev.kart.core.internal.storage.LocalFileStorage;
import dev.kart.core.internal.storage.OccupiedPathException;
import dev.kart.storage.PublishOutcome;
import dev.kart.storage.StoredObject;
import dev.kart.storage.WorkspaceStorage;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads task info files: the task's own file, {@code {TaskName}_{id}.json}, the record of
 * the node that published its outputs, and the records nodes keep of their own attempts beside it,
 * {@code {TaskName}_{id}.node-{host}-{pid}.json}, each written (and removed) by its node only,
 * through the workspace's storage. Writing is not made durable ({@link WorkspaceStorage#stageRecord}): task info
 * is a record of what happened, and losing the newest one in a machine crash costs nothing cached. A failure to write it is logged, never fails the task. A thread's interrupt
 * does not stop a write: the record of an interrupted attempt is written on the interrupted thread.
 * Thread-safe.
 */
public final class TaskInfoWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TaskInfoWriter.class);
    private static final String DONE = "DONE";

    private final Workspace workspace;
    private final WorkspaceStorage storage;
    private final boolean enabled;
    private final NodeIdentity node;
    /** Made at the first publish that replaced a record: a cached run makes none. */
    private EarlierBuildRecords earlierBuilds;

    /**
     * @param workspace where info files go
     * @param settings whether to write them at all, {@code kart.task-info.enabled}
     * @param node this runtime, whose records it writes
     */
    @Inject
    public TaskInfoWriter(Workspace workspace, KartSettings settings, NodeIdentity node) {
        this(workspace, settings.taskInfo(), node);
    }

    /**
     * @param workspace where info files go
     * @param enabled whether to write them at all ({@code kart.task-info.enabled})
     * @param node this runtime, whose records it writes
     */
    public TaskInfoWriter(Workspace workspace, boolean enabled, NodeIdentity node) {
        this.workspace = workspace;
        this.storage = workspace.storage();
        this.enabled = enabled;
        this.node = node;
    }

    /** @return whether task info files are written at all */
    public boolean enabled() {
        return enabled;
    }

    /** @return the node whose records this writes */
    public NodeIdentity node() {
        return node;
    }

    /**
     * @param node the task
     * @param ids gives the unique id of a task-valued parameter
     * @return its identity and rendered parameters
     */
    public static TaskRecord.TaskInfoBase base(TaskNode node, Function<Task<?>, String> ids) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (TaskParameter parameter : node.type().parameters()) {
            parameters.put(parameter.name(), render(parameter.valueOf(node.task()), ids));
        }
        return new TaskRecord.TaskInfoBase(node.type().family(), node.label(), node.uniqueId(), parameters);
    }

    /**
     * Loads and runs, ahead of the first record, what writing records and reading their headers takes
     * (see {@link dev.kart.format.Format#prepare}): writes a record with every field filled and reads its
     * header, and drops both; nothing when task info is off.
     *
     * @throws UncheckedIOException when a record cannot be written at all
     */
    public void prepare() {
        if (!enabled) {
            return;
        }
        try {
            RecordHeader.of(TaskInfoGenerator.toJson(filledRecord()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a task info record", e);
        }
    }

    /**
     * Writes the task's info file. The first write of a task's file creates it in place ({@link
     * WorkspaceStorage#createRecord}: on a local workspace one file creation instead of a temporary
     * file, a hard link and an unlink, a third of a trivial task's file work); later writes replace it
     * atomically. It is written after the task's outputs are published, so a kill in the middle of a
     * first write can leave an empty or truncated info file, never a truncated cache file: readers
     * take an info file they cannot parse as missing ({@link #history} names it unreadable), and the
     * task's next run replaces it.
     *
     * <p>The file is the record of the node that published the task's outputs, so a node that did
     * not publish ({@code published} false: it failed the task) does not replace a {@code DONE}
     * record, nor one it cannot read; it writes nothing and the caller keeps its record in the node's own file instead. A
     * record of another node that is replaced is first kept as that node's own record, unless that node has one
     * already, so other nodes' failures of this build stay on disk; but an earlier publisher's {@code DONE} record
     * whose every file this node published again, each under a larger fencing token (a rerun), is replaced with
     * nothing kept, as gokart writes a task's log anew when it runs again: none of its files stands. So is a
     * failure of an earlier build ({@link EarlierBuildRecords#ofAnEarlierBuild}); the records of single nodes that
     * earlier builds left beside it are for {@link #removeEarlierBuildsRecords}.
     *
     * @param task the task
     * @param info this node's record of it
     * @param published whether this node's attempt published the task's outputs
     * @param buildBegan when this node's build began (its graph's walk), by this node's clock: a failure of a node
     *     that has ended, and that ended before it, is of an earlier build
     * @return whether the file was written, and why not when the write failed: not logged here, for
     *     the warning ({@link #warnNotWritten}) says where the record went instead
     */
    public TaskRecordWrite writeTaskRecord(TaskNode task, TaskInfo info, boolean published, Instant buildBegan) {
        if (!enabled) {
            return TaskRecordWrite.NOT_WRITTEN;
        }
        return withoutInterruptFlag(() -> writeTaskRecordNow(task, info, published, buildBegan));
    }

    /**
     * What became of a write of a task's info file.
     *
     * @param written whether the file was written
     * @param replaced whether it replaced a record there was, rather than creating the file
     * @param failure why the write failed, as words for a warning: what stands in its way and how to
     *     mend it, or the error; empty when it was written, or this node's record does not belong
     *     there, or task info is off
     */
    public record TaskRecordWrite(boolean written, boolean replaced, Optional<String> failure) {
        static final TaskRecordWrite CREATED = new TaskRecordWrite(true, false, Optional.empty());
        static final TaskRecordWrite REPLACED = new TaskRecordWrite(true, true, Optional.empty());
        static final TaskRecordWrite NOT_WRITTEN = new TaskRecordWrite(false, false, Optional.empty());
    }

    /**
     * Removes the records of single nodes that earlier builds left of a task this node published and whose
     * record it replaced ({@link EarlierBuildRecords}). Not done while the calling thread is interrupted (its
     * build is stopping): a store's listing may take a while, and these records wait for the next publish.
     *
     * @param task the task
     * @param buildBegan when this node's build began, by this node's clock: {@code TaskGraph.walkStarted()}
     */
    public void removeEarlierBuildsRecords(TaskNode task, Instant buildBegan) {
        if (enabled && !Thread.currentThread().isInterrupted()) {
            earlierBuilds().remove(task.type(), task.uniqueId(), buildBegan);
        }
    }

    private synchronized EarlierBuildRecords earlierBuilds() {
        if (earlierBuilds == null) {
            earlierBuilds = new EarlierBuildRecords(workspace, this::readHeader);
        }
        return earlierBuilds;
    }

    /**
     * Warns that the task's info file could not be written, saying where this node's record went
     * instead. Logged after that other write, so that it says whether there is such a record.
     *
     * @param task the task
     * @param failure why the write failed, from {@link TaskRecordWrite#failure()}
     * @param ownRecord the relative path of this node's own record, written instead; empty when that
     *     write failed too (logged)
     */
    public void warnNotWritten(TaskNode task, String failure, Optional<String> ownRecord) {
        LOG.warn("could not write task info {} of {}: {}; {}", workspace.display(infoFile(task)), task.label(), failure,
                ownRecord.map(path -> "this node's record of the task is in its own file " + workspace.display(path)
                        + " instead").orElse("this node's own file could not take its record either"));
    }

    private TaskRecordWrite writeTaskRecordNow(TaskNode task, TaskInfo info, boolean published, Instant buildBegan) {
        String path = workspace.taskInfo(task.type(), task.uniqueId());
        try {
            byte[] json = TaskInfoGenerator.toJson(info);
            // the first write of a task's record creates it in place (WorkspaceStorage.createRecord): a
            // kill mid-write leaves a record no reader parses, which readers skip and the next write replaces
            if (storage.createRecord(path, json) == PublishOutcome.PUBLISHED) {
                return TaskRecordWrite.CREATED;
            }
            Optional<StoredRecord> replaced = readStored(path);
            if (!published && (replaced.isEmpty() || DONE.equals(replaced.get().header().state()))) {
                // A publisher writing between this read and the replace below would still be replaced; it
                // writes after its outputs exist, which the caller checked just before.
                return TaskRecordWrite.NOT_WRITTEN;
            }
            // An earlier publisher's record whose every file this publish replaced (a rerun) goes with its files,
            // and a failure of an earlier build with its build: kept, every rerun would add a file per task to log/.
            // A record whose files still stand in part (this publish found some missing and kept the rest, or
            // another node replaced them after this one), and another node's failure in this build, whose attempts
            // nothing else holds, are kept.
            replaced.filter(other -> !other.header().writer().equals(node)
                    && !(published && goesWithThisPublish(other.header(), info, buildBegan)))
                    .ifPresent(other -> keepAsOwnRecord(task, other));
            storage.replaceRecord(path, json);
            return TaskRecordWrite.REPLACED;
        } catch (IOException | RuntimeException e) {
            return new TaskRecordWrite(false, false,
                    Optional.of(why(e, "a rerun of the task writes its record there")));
        }
    }

    /**
     * @return whether another node's record that this publish replaces is kept by nothing: an earlier publisher's
     *     record none of whose files stands now, or a failure of an earlier build
     */
    private static boolean goesWithThisPublish(RecordHeader replaced, TaskInfo info, Instant buildBegan) {
        if (DONE.equals(replaced.state())) {
            return replaced.supersededBy(info.publications());
        }
        return EarlierBuildRecords.ofAnEarlierBuild(replaced, buildBegan);
    }

    /**
     * Why a record could not be written, for a warning. Something in the way (a directory where the
     * record belongs, a file where one of its directories does) is named with how to mend it: the
     * task ran, and only a person can clear the path. Anything else is the error as it is.
     *
     * @param mended what removing it brings, for this record
     */
    private static String why(Exception e, String mended) {
        // kart's own exception class means nothing to the reader; what stands there does
        return OccupiedPathException.in(e).map(occupied -> occupied.occupant() + " (remove it: " + mended + ")")
                .orElse(e.toString());
    }

    /**
     * Writes this node's own record of a task, {@code {TaskName}_{id}.node-{host}-{pid}.json} beside
     * the task's info file, replacing this node's earlier one. No other node writes that file.
     *
     * @param task the task
     * @param info this node's record of it
     * @return the relative path written; empty when task info is off or the write failed (logged)
     */
    public Optional<String> writeNodeRecord(TaskNode task, TaskInfo info) {
        if (!enabled) {
            return Optional.empty();
        }
        return withoutInterruptFlag(() -> writeNodeRecordNow(task, info));
    }

    /**
     * Removes this node's own record of a task, {@code {TaskName}_{id}.node-{host}-{pid}.json}, when
     * the task's info file is to hold every attempt it holds. Through the workspace's storage, as
     * every write.
     *
     * @param task the task
     * @return whether no such record is left: removed, or there was none; false when task info is
     *     off or the removal failed (logged)
     */
    public boolean removeNodeRecord(TaskNode task) {
        if (!enabled) {
            return false;
        }
        return withoutInterruptFlag(() -> removeNodeRecordNow(task));
    }

    /** @return whether the workspace is a local directory, where asking about a file costs no request */
    public boolean localWorkspace() {
        return storage instanceof LocalFileStorage;
    }

    /**
     * Removes the task's info file: for a publish with task info off, which writes none, whose record would
     * describe outputs that are gone. Through the workspace's storage.
     *
     * @param task the task
     */
    public void removeTaskRecord(TaskNode task) {
        String path = infoFile(task);
        withoutInterruptFlag(() -> {
            try {
                storage.delete(path);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not remove task info {} of {}, which describes outputs this publish replaced: {}",
                        workspace.display(path), task.label(), e.toString());
            }
            return null;
        });
    }

    private boolean removeNodeRecordNow(TaskNode task) {
        String path = workspace.taskInfoOfNode(task.type(), task.uniqueId(), node.fileName());
        try {
            storage.delete(path);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove task info {} of {}: {}", workspace.display(path), task.label(), e.toString());
            return false;
        }
    }

    /**
     * Runs a write with the calling thread's interrupt flag cleared, and sets it again afterwards.
     * Records are written on the worker whose attempt was interrupted, often with its flag still set
     * (a {@code run()} that restores it, as it should), and a {@link java.nio.channels.FileChannel}
     * closes at once on such a thread: the record of the interrupted attempt would be lost. The write
     * is a few local file operations, so holding off the interrupt for it delays nothing noticeably.
     */
    private static <T> T withoutInterruptFlag(Supplier<T> write) {
        boolean interrupted = Thread.interrupted();
        try {
            return write.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Optional<String> writeNodeRecordNow(TaskNode task, TaskInfo info) {
        String path = workspace.taskInfoOfNode(task.type(), task.uniqueId(), node.fileName());
        try {
            storage.replaceRecord(path, TaskInfoGenerator.toJson(info));
            return Optional.of(path);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write task info {} of {}: {}", workspace.display(path), task.label(),
                    why(e, "later runs can write their records of the task there"));
            return Optional.empty();
        }
    }

    /**
     * @param node a task
     * @return the relative path of its task info file
     */
    public String infoFile(TaskNode node) {
        return workspace.taskInfo(node.type(), node.uniqueId());
    }

    /**
     * @param path a relative path of the workspace
     * @return the file it is, when the workspace is a local directory: for {@code TaskOutcome.taskInfo()}
     */
    public Optional<Path> localFile(String path) {
        return workspace.localRoot().map(root -> root.resolve(path));
    }

    /**
     * @param path a relative path of the workspace
     * @return its URI: {@code file:///...} for a local workspace, {@code s3://bucket/prefix/...}
     */
    public URI uri(String path) {
        return workspace.uri(path);
    }

    /**
     * @param path a relative path of the workspace
     * @return it for messages: the file of a local workspace, else its URI
     */
    public String display(String path) {
        return workspace.display(path);
    }

    /**
     * @param path a task info file's relative path
     * @return its content
     * @throws java.nio.file.NoSuchFileException when there is none
     * @throws IOException when it cannot be read or is not a task info record
     */
    public TaskInfo read(String path) throws IOException {
        try (InputStream in = storage.read(path)) {
            return TaskInfoParser.parse(in);
        }
    }

    /**
     * Reads every record of a task: its info file and the records of single nodes beside it.
     *
     * @param type the task's type
     * @param uniqueId its unique id
     * @return what the workspace holds of it; empty when nothing ran it with task info on
     */
    public TaskHistory history(TaskType type, String uniqueId) {
        String main = workspace.taskInfo(type, uniqueId);
        List<String> unreadable = new ArrayList<>();
        Optional<TaskInfo> taskRecord = Optional.empty();
        Optional<String> occupant = Optional.empty();
        List<TaskInfo> nodeRecords = new ArrayList<>();
        boolean taskRecordUnreadable = false;
        try {
            if (storage.stat(main).isPresent()) {
                taskRecord = readOrNote(main, unreadable);
                taskRecordUnreadable = taskRecord.isEmpty();
            } else {
                occupant = occupant(main, unreadable);
            }
            // the task's own records only: a directory that many builds ran in holds a record per task and node,
            // and reading the attributes of all of them was most of a cached kart info (on S3, a LIST page per 1,000)
            for (StoredObject object : storage.listNamed(workspace.logDirectory(type),
                    Workspace.taskInfoOfNodeNamePrefix(type, uniqueId))) {
                if (workspace.isTaskInfoOfNode(type, uniqueId, object.path())) {
                    readOrNote(object.path(), unreadable).ifPresent(nodeRecords::add);
                }
            }
        } catch (IOException e) {
            unreadable.add(workspace.display(workspace.logDirectory(type)) + ": " + e);
        }
        return TaskHistory.of(taskRecord, nodeRecords, unreadable, taskRecordUnreadable, occupant);
    }

    /**
     * What stands at a record's path that is no file, on a local workspace: no stored object, so it
     * reads as no record, while writing one there fails.
     */
    private Optional<String> occupant(String path, List<String> unreadable) {
        if (!(storage instanceof LocalFileStorage local)) {
            return Optional.empty();
        }
        try {
            return local.occupant(path);
        } catch (IOException e) {
            unreadable.add(workspace.display(path) + ": " + e);
            return Optional.empty();
        }
    }

    private Optional<TaskInfo> readOrNote(String path, List<String> unreadable) {
        try {
            return Optional.of(read(path));
        } catch (IOException | RuntimeException e) {
            // a record being written for the first time can be seen half-written
            unreadable.add(workspace.display(path) + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * @param node a task found complete
     * @return the node ({@code host:pid}) that ran it, as its records say: the writer of the task's info
     *     file when that says it was done; when something that is no file stands at that path, the node
     *     whose own record says so, for the publisher writes its record there then. Empty when no record
     *     says who, or none is readable.
     */
    Optional<String> ranBy(TaskNode node) {
        String path = infoFile(node);
        Optional<RecordHeader> header = readHeader(path);
        if (header.isPresent()) {
            return header.filter(found -> DONE.equals(found.state())).map(found -> found.writer().name());
        }
        // the node records are listed only where the task's own file cannot be: a listing of a large type's
        // log directory is not paid for every task whose record is merely missing
        if (occupant(path, new ArrayList<>()).isEmpty()) {
            return Optional.empty();
        }
        return history(node.type(), node.uniqueId()).ranBy().map(TaskInfo::node);
    }

    /**
     * @param path a task info file's relative path
     * @return which node wrote it and the task's state there, read without the rest of the record;
     *     empty when there is no file or it is not a readable record
     */
    Optional<RecordHeader> readHeader(String path) {
        return readStored(path).map(StoredRecord::header);
    }

    private Optional<StoredRecord> readStored(String path) {
        byte[] json;
        try {
            // what is no stored object is never opened: opening a FIFO waits for a writer that may never come
            if (storage.stat(path).isEmpty()) {
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try (InputStream in = storage.read(path)) {
            json = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return RecordHeader.of(json).map(header -> new StoredRecord(header, json));
    }

    /** A task info file's content as stored, with its header. */
    private record StoredRecord(RecordHeader header, byte[] json) {
    }

    /**
     * Keeps another node's record that is about to be replaced, as it is stored, in that node's own file
     * if it has none.
     */
    private void keepAsOwnRecord(TaskNode task, StoredRecord other) {
        NodeIdentity writer = other.header().writer();
        String path = workspace.taskInfoOfNode(task.type(), task.uniqueId(), writer.fileName());
        try {
            // ALREADY_EXISTS: that node has a record of its own already, which only it writes: left as it is
            storage.createRecord(path, other.json());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep the task info of {} for {} in {}: {}", writer, task.label(), workspace.display(path),
                    e.toString());
        }
    }

    /**
     * @return a record with every field filled, each list holding two elements, and a parameter of each
     *     kind {@link #render} gives: {@link #prepare} writes it
     */
    static TaskInfo filledRecord() {
        Instant at = Instant.EPOCH;
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("text", "x");
        parameters.put("int", 1);
        parameters.put("long", 1L);
        parameters.put("double", 1.0);
        parameters.put("flag", true);
        parameters.put("absent", null);
        parameters.put("list", new ArrayList<>(List.of("x")));
        parameters.put("map", new LinkedHashMap<>(Map.of("x", 1)));
        TaskInfo.Attempt attempt = new TaskInfo.Attempt(1, at, at, 0, "FAILED", "x", "x", "x", 1, 1);
        return new TaskInfo("x", "x", "x", parameters, DONE, List.of(attempt, attempt), at, at, 0, "x", "x", 1, 1,
                List.of(new Publication("x", 1, at), new Publication("y", 2, at)),
                new TaskInfo.LockActivity(true, "x", 1, 1, List.of(1L, 2L)), List.of("x", "y"));
    }

    private static Object render(Object value, Function<Task<?>, String> ids) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Task<?> task) {
            return TaskType.of(task).simpleName() + "[" + ids.apply(task) + "]";
        }
        if (value instanceof Collection<?> collection) {
            List<Object> rendered = new ArrayList<>(collection.size());
            collection.forEach(element -> rendered.add(render(element, ids)));
            return rendered;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            map.forEach((k, v) -> rendered.put(String.valueOf(k), render(v, ids)));
            return rendered;
        }
        return String.valueOf(value);
    }
}
