package dev.kart.core.internal.info;

import dev.kart.core.TaskState;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.lock.LockCollisionException;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides what a build writes to task info, and when: a task's record after each attempt that
 * settles something (done, failed for good, failed and waiting for its retry), and what this node
 * saw of a task that another node ran while it waited for the run lock. Thread-safe.
 */
public final class TaskInfoRecorder {
    private final TaskInfoWriter writer;

    /** @param writer writes and reads the files */
    @Inject
    public TaskInfoRecorder(TaskInfoWriter writer) {
        this.writer = writer;
    }

    /**
     * @param node a task that reached a state worth recording
     * @param graph its build's graph, for the ids of its task-valued parameters
     * @param record what the build saw of it
     * @param state its state now
     */
    public void settled(TaskNode node, TaskGraph graph, TaskRecord record, TaskState state) {
        if (writer.enabled()) {
            writer.write(node, info(node, graph, record, state));
        }
    }

    /**
     * A failed attempt that will be retried. After a run-lock collision nothing is written: another
     * node is running the task and writes its info file (the same file, in a shared workspace), and
     * a record from here could land after that node's and hide it. The collision shows in this
     * node's record if it ends up running the task, or failing it for good.
     *
     * @param node the task
     * @param graph its build's graph
     * @param record what the build saw of it
     * @param error the attempt's error
     */
    public void willRetry(TaskNode node, TaskGraph graph, TaskRecord record, Throwable error) {
        if (!(error instanceof LockCollisionException)) {
            settled(node, graph, record, TaskState.RETRY_WAIT);
        }
    }

    /**
     * Another node ran the task while this one waited for its run lock: records what this node saw
     * (collisions, wait) in a file of its own, and notes in {@code record} which node ran it, as the
     * task's own info file names it.
     *
     * @param node the task
     * @param graph its build's graph
     * @param record what this build saw of it
     */
    public void ranElsewhere(TaskNode node, TaskGraph graph, TaskRecord record) {
        if (!writer.enabled()) {
            return;
        }
        Path ranBy = writer.infoFile(node);
        if (Files.isRegularFile(ranBy)) {
            try {
                TaskInfo info = writer.read(ranBy);
                record.ranElsewhereBy(info.host() + ":" + info.pid());
            } catch (java.io.IOException | RuntimeException e) {
                // unknown, then: the record of the node that ran it is being replaced, or unreadable
            }
        }
        writer.writeObservation(node, info(node, graph, record, TaskState.ALREADY_COMPLETE));
    }

    private static TaskInfo info(TaskNode node, TaskGraph graph, TaskRecord record, TaskState state) {
        return record.toInfo(TaskInfoWriter.base(node, graph::uniqueId), state.name(), node.settings().lockRun(),
                node.settings().onCollision().name().toLowerCase(Locale.ROOT));
    }
}
