package dev.kart.core.internal.info;

import dev.kart.core.TaskState;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides what a build writes to task info, and where. The task's info file is the record of the
 * node that published its outputs: written after a publish, before the run lease is released, and
 * otherwise only by a node that failed the task when no node had published it. Every other record
 * (a failed attempt waiting for its retry, a failure while another node's outputs exist, a node that
 * found the task done by another after a collision or a failed attempt) goes to the node's own file
 * beside it, which no other node writes; a node that then writes the task's info file removes its own,
 * whose attempts that record holds. So a node that only waited for the run lock, failed to get
 * it, or ran {@code run()} and lost its publish never replaces the record of the node that ran the
 * task, and its own attempts are kept. Thread-safe.
 */
public final class TaskInfoRecorder {
    private final TaskInfoWriter writer;
    private final CacheStore store;

    /**
     * @param writer writes and reads the files
     * @param store tells whether a task's outputs exist
     */
    @Inject
    public TaskInfoRecorder(TaskInfoWriter writer, CacheStore store) {
        this.writer = writer;
        this.store = store;
    }

    /** Makes what writing the first record takes, ahead of it; see {@link TaskInfoWriter#prepare()}. */
    public void prepare() {
        writer.prepare();
    }

    /**
     * A task that reached its final state here: {@link TaskState#DONE} after this node published its
     * outputs, or {@link TaskState#FAILED}.
     *
     * @param node the task
     * @param graph its build's graph, for the ids of its task-valued parameters
     * @param record what the build saw of it
     * @param state its state now
     */
    public void settled(TaskNode node, TaskGraph graph, TaskRecord record, TaskState state) {
        boolean published = state == TaskState.DONE;
        if (published) {
            record.ranBy(writer.node().name());
        }
        if (!writer.enabled()) {
            return;
        }
        TaskInfo info = info(node, graph, record, state);
        // a failure while outputs exist: another node (or an earlier build) published them, and the
        // task's record is that node's; a failure after colliding on the run lock: another node holds
        // it and will write the task's record, so this node's attempts stay in its own file, which
        // the summary names
        boolean asTaskRecord = published || (record.collisions() == 0 && outputsKnownMissing(node));
        if (asTaskRecord) {
            // this node's own record (it said RETRY_WAIT) holds nothing the task's record will not: it
            // goes, so that the workspace holds one record of this build. Removed before the write, not
            // after: a node that replaces the task's record keeps it as this node's own file unless this
            // node has one, and one that found the old file there in between would keep nothing
            boolean ownRecordLeft = record.hasNodeRecord() && !writer.removeNodeRecord(node);
            TaskInfoWriter.TaskRecordWrite write = writer.writeTaskRecord(node, info, published, graph.walkStarted());
            if (write.written()) {
                record.infoWritten(writer.infoFile(node));
                if (ownRecordLeft) {
                    // it would read as the latest word otherwise
                    writer.writeNodeRecord(node, info);
                }
                if (published && write.replaced()) {
                    // a task published before (a rerun, a build after a failure) may have records of earlier builds
                    // beside it; one whose record this build created has none, unless a node was killed before
                    // it wrote the task's record
                    writer.removeEarlierBuildsRecords(node, graph.walkStarted());
                }
                return;
            }
            Optional<String> ownRecord = writeNodeRecord(node, record, info);
            // warned after the own record is written, so that the warning says where the record is
            write.failure().ifPresent(failure -> writer.warnNotWritten(node, failure, ownRecord));
            return;
        }
        writeNodeRecord(node, record, info);
    }

    /**
     * This node published the task's outputs. With task info off, an info file of the task describes outputs
     * these replaced ({@code --rerun}) or remade (after they were deleted): it is removed, so that {@code kart
     * info} does not give it as the record of these. On a store that is not a local directory, where asking
     * costs a request per task, only a rerun's is. With task info on, {@link #settled} replaces it.
     *
     * @param node the task
     * @param replaced whether the outputs replaced those there were (a rerun)
     */
    public void outputsPublished(TaskNode node, boolean replaced) {
        if (!writer.enabled() && (replaced || writer.localWorkspace())) {
            writer.removeTaskRecord(node);
        }
    }

    /**
     * A failed attempt that will be retried, whatever failed (a run-lock collision too): recorded in
     * this node's own file. Another node may be running the task and writes the task's info file.
     *
     * @param node the task
     * @param graph its build's graph
     * @param record what the build saw of it
     * @param error the attempt's error
     */
    public void willRetry(TaskNode node, TaskGraph graph, TaskRecord record, Throwable error) {
        if (writer.enabled()) {
            writeNodeRecord(node, record, info(node, graph, record, TaskState.RETRY_WAIT));
        }
    }

    /**
     * The task's outputs were found when it came to run: after this node collided on its run lock or
     * had failed attempts, another node ran it. Notes in {@code record} which node ran it, as the
     * task's info file names it, and records what this node did (collisions, wait, attempts) in its
     * own file. Nothing is written for a task that was simply found complete.
     *
     * @param node the task
     * @param graph its build's graph
     * @param record what this build saw of it
     */
    public void ranElsewhere(TaskNode node, TaskGraph graph, TaskRecord record) {
        if (!writer.enabled() || (record.collisions() == 0 && record.attempts() == 0)) {
            return;
        }
        writer.ranBy(node).ifPresent(record::ranBy);
        writeNodeRecord(node, record, info(node, graph, record, TaskState.ALREADY_COMPLETE));
    }

    /**
     * @param node a task
     * @return the workspace-relative path of its task info file: where {@link #settled} writes the
     *     record of a task this node published
     */
    public String taskInfoFile(TaskNode node) {
        return writer.infoFile(node);
    }

    /**
     * @param path a task info file's workspace-relative path
     * @return the file, when the workspace is a local directory
     */
    public Optional<Path> localFile(String path) {
        return writer.localFile(path);
    }

    /**
     * @param path a task info file's workspace-relative path
     * @return where it is in any workspace: {@code file:///...} or {@code s3://bucket/prefix/...}
     */
    public URI uri(String path) {
        return writer.uri(path);
    }

    /**
     * @return whether the workspace says some output of the task is missing; false when it cannot be
     *     asked (a store lost mid-build): this node's record then goes to its own file, which never
     *     replaces the record of a node that published the task
     */
    private boolean outputsKnownMissing(TaskNode node) {
        try {
            return !store.allExist(node.outputs());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @return the relative path of the record written; empty when none was (logged) */
    private Optional<String> writeNodeRecord(TaskNode node, TaskRecord record, TaskInfo info) {
        Optional<String> written = writer.writeNodeRecord(node, info);
        written.ifPresent(record::infoWritten);
        record.nodeRecordWritten();
        return written;
    }

    private TaskInfo info(TaskNode node, TaskGraph graph, TaskRecord record, TaskState state) {
        return record.toInfo(TaskInfoWriter.base(node, graph.parameterIds(node)), state.name(), node.settings().lockRun(),
                node.settings().onCollision().name(), writer.node());
    }
}
