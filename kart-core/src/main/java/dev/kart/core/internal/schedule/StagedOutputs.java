package dev.kart.core.internal.schedule;

import dev.kart.core.internal.cache.AtomicPublisher;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.cache.Publication;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskRecord;
import dev.kart.lock.Lease;
import dev.kart.task.NamedOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named outputs one attempt of one task dumped, written to their temporary files and held there
 * until the attempt has succeeded: then they are published, before the main output, so that a task
 * whose attempt fails publishes none of them and is never seen half published. Thread-safe: a task
 * may dump from several threads.
 */
final class StagedOutputs {
    private final TaskNode node;
    private final CacheStore store;
    private final Map<NamedOutput<?>, CacheStore.StagedOutput> staged = new HashMap<>();
    private boolean ended;

    /**
     * @param node the task
     * @param store writes, publishes and discards the files
     */
    StagedOutputs(TaskNode node, CacheStore store) {
        this.node = node;
        this.store = store;
    }

    /**
     * Writes a named output to its temporary file. A second dump of the same output in one attempt
     * replaces the first, whose file is discarded.
     *
     * @param output the named output
     * @param target its cache file
     * @param value its value
     * @throws IllegalStateException when the attempt has ended: {@code run()} returned or threw
     * @throws dev.kart.CacheWriteException when the value cannot be written
     */
    void stage(NamedOutput<?> output, CacheTarget target, Object value) {
        requireRunning(output);
        CacheStore.StagedOutput file = store.stage(target, value);
        CacheStore.StagedOutput replaced;
        synchronized (this) {
            if (ended) {
                store.discard(file);
                requireRunning(output);
            }
            replaced = staged.put(output, file);
        }
        if (replaced != null) {
            store.discard(replaced);
        }
    }

    /**
     * Publishes every staged output, in the order the task declares them, each under its exclusive
     * cache lease and only while that lease and the run lease are held; an output whose file exists
     * by then in {@link AtomicPublisher.Mode#KEEP_EXISTING} is kept as it is (published elsewhere)
     * and noted in the task's log, not among its publications. Ends the attempt's staging.
     *
     * @param runLease the attempt's run lease, if it took one
     * @param mode {@link AtomicPublisher.Mode#REPLACE} for a rerun, else {@code KEEP_EXISTING}
     * @param record where publications are recorded
     * @throws dev.kart.lock.LeaseLostException when a lease was lost; outputs published before stay
     * @throws dev.kart.CacheWriteException when the disk refuses; outputs published before stay
     */
    void publish(Optional<Lease> runLease, AtomicPublisher.Mode mode, TaskRecord record) {
        List<CacheStore.StagedOutput> files = new ArrayList<>();
        synchronized (this) {
            ended = true;
            for (NamedOutput<?> output : node.namedOutputs().keySet()) {
                CacheStore.StagedOutput file = staged.remove(output);
                if (file != null) {
                    files.add(file);
                }
            }
        }
        try {
            for (int i = 0; i < files.size(); i++) {
                CacheStore.StagedOutput file = files.get(i);
                files.set(i, null);
                Optional<Publication> publication = store.publish(file, runLease, mode);
                if (publication.isPresent()) {
                    record.published(publication.get());
                } else {
                    keptExisting(record, file.target());
                }
            }
        } finally {
            for (CacheStore.StagedOutput file : files) {
                if (file != null) {
                    store.discard(file);
                }
            }
        }
    }

    /** Discards every file not published: the attempt failed. Ends the attempt's staging. */
    void discard() {
        List<CacheStore.StagedOutput> files;
        synchronized (this) {
            ended = true;
            files = List.copyOf(staged.values());
            staged.clear();
        }
        files.forEach(store::discard);
    }

    /**
     * Notes in the task's log that a file was found published by another holder and kept.
     *
     * @param record the task's record
     * @param target the file
     */
    static void keptExisting(TaskRecord record, CacheTarget target) {
        record.log(Instant.now() + " INFO " + target.path() + " was published meanwhile by another holder;"
                + " kept it, and discarded this attempt's file");
    }

    private synchronized void requireRunning(NamedOutput<?> output) {
        if (ended) {
            throw new IllegalStateException(node.label() + ": named output '" + output.name()
                    + "' dumped after the attempt ended; dump named outputs before run() returns");
        }
    }
}
