package dev.kart.core.internal.info;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every record the workspace holds of one task: its info file, and the records single nodes keep of
 * their own attempts. Immutable.
 *
 * @param taskRecord the task's info file: the record of the node that published its outputs, or of
 *     the node that failed it when none had; empty when no node wrote one
 * @param nodeRecords the records of single nodes, oldest first, without the copy of
 *     {@code taskRecord} its node may keep too
 * @param unreadable the files that could not be read, each with why (a record seen while its first
 *     write was under way reads as truncated)
 * @param taskRecordUnreadable whether the task's info file is there but could not be read (it is
 *     among {@code unreadable}, with why): cut short by a kill during its first write, changed by hand,
 *     or refused by the file system
 * @param occupant what stands where the task's info file belongs that is no file, as a clause such
 *     as {@code a directory stands there}: no reader takes it for a record, and a node that writes the
 *     task's record there is refused by a directory; empty when a file or nothing stands there, or the
 *     workspace is not a local directory
 */
public record TaskHistory(Optional<TaskInfo> taskRecord, List<TaskInfo> nodeRecords, List<String> unreadable,
        boolean taskRecordUnreadable, Optional<String> occupant) {
    /** Copies the lists. */
    public TaskHistory {
        nodeRecords = List.copyOf(nodeRecords);
        unreadable = List.copyOf(unreadable);
    }

    /**
     * @param taskRecord the task's info file, when it exists
     * @param nodeRecords the records of single nodes, in any order
     * @param unreadable the files that could not be read
     * @param taskRecordUnreadable whether the task's info file is there but could not be read
     * @param occupant what stands where the task's info file belongs that is no file
     * @return the history, with each node's copy of the task record left out
     */
    public static TaskHistory of(Optional<TaskInfo> taskRecord, List<TaskInfo> nodeRecords, List<String> unreadable,
            boolean taskRecordUnreadable, Optional<String> occupant) {
        List<TaskInfo> others = new ArrayList<>(nodeRecords.size());
        for (TaskInfo record : nodeRecords) {
            if (taskRecord.map(main -> sameRecord(main, record)).orElse(false)) {
                continue;
            }
            others.add(record);
        }
        others.sort(Comparator.comparing(TaskInfo::start, Comparator.nullsFirst(Comparator.naturalOrder())));
        return new TaskHistory(taskRecord, others, unreadable, taskRecordUnreadable, occupant);
    }

    /** @return whether no node left a record of the task */
    public boolean isEmpty() {
        return taskRecord.isEmpty() && nodeRecords.isEmpty();
    }

    /**
     * @return the record of the node that ran the task: the task record when it says the task was
     *     done; when there is no task record, the latest node's own record that says so, for the node
     *     that published writes its record there when the task's info file cannot be written (a
     *     directory stands at its path)
     */
    public Optional<TaskInfo> ranBy() {
        if (taskRecord.isPresent()) {
            return taskRecord.filter(TaskHistory::done);
        }
        return nodeRecords.stream().filter(TaskHistory::done)
                .max(Comparator.comparing(TaskInfo::end, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private static boolean done(TaskInfo record) {
        return "DONE".equals(record.state());
    }

    /** @return the task record (when there is one), then every node's own record */
    public List<TaskInfo> all() {
        List<TaskInfo> all = new ArrayList<>(nodeRecords.size() + 1);
        taskRecord.ifPresent(all::add);
        all.addAll(nodeRecords);
        return all;
    }

    /** The same node's record of the same build: a node that published after failed attempts keeps both. */
    private static boolean sameRecord(TaskInfo main, TaskInfo record) {
        return NodeIdentity.of(main).equals(NodeIdentity.of(record)) && main.start() != null
                && main.start().equals(record.start());
    }
}
