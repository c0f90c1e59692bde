package dev.kart.core.internal.schedule;

import dev.kart.storage.PublishMode;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.cache.Publication;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskRecord;
import dev.kart.CacheWriteException;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseLostException;
import dev.kart.task.NamedOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outputs of one attempt of one task: the named outputs it dumped, written to their temporary
 * files and held there until the attempt has succeeded, then published with its main output, so that
 * a task whose attempt fails publishes none of them and is never seen half published. Thread-safe: a
 * task may dump from several threads.
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
     * Publishes the attempt's outputs once {@code run()} returned and its result was checked: every
     * staged named output, in the order the task declares them, then the main output, written now
     * from {@code value}; each under its exclusive cache lease and only while that lease and the run
     * lease are held. The main output comes last because a task is complete when all of its outputs
     * exist: it never looks complete half published. An output whose file exists by then in
     * {@link PublishMode#ONCE} is kept as it is (another holder published it) and
     * noted in the task's log, not among its publications. Ends the attempt's staging.
     *
     * @param value what {@code run()} returned, for the main output; ignored for a task without one
     * @param runLease the attempt's run lease, if it took one
     * @param mode {@link PublishMode#REPLACE} for a rerun, else {@code ONCE}
     * @param record where publications are recorded
     * @return whether another holder had published every one of these outputs already, so that this
     *     attempt published none: the task's record is then that holder's
     * @throws dev.kart.lock.LeaseLostException when a lease was lost; outputs published before stay, and
     *     the message names them
     * @throws dev.kart.CacheWriteException when the disk refuses; outputs published before stay, and the
     *     message names them
     */
    boolean publish(Object value, Optional<Lease> runLease, PublishMode mode, TaskRecord record) {
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
        List<String> published = new ArrayList<>();
        int kept = 0;
        try {
            try {
                for (int i = 0; i < files.size(); i++) {
                    CacheStore.StagedOutput file = files.get(i);
                    files.set(i, null);
                    if (recorded(store.publish(file, runLease, mode), file.target(), record)) {
                        published.add(file.target().display());
                    } else {
                        kept++;
                    }
                }
            } finally {
                for (CacheStore.StagedOutput file : files) {
                    if (file != null) {
                        store.discard(file);
                    }
                }
            }
            Optional<CacheTarget> main = node.mainOutput();
            if (main.isPresent()) {
                if (recorded(store.dump(main.get(), value, runLease, mode), main.get(), record)) {
                    published.add(main.get().display());
                } else {
                    kept++;
                }
            }
        } catch (CacheWriteException e) {
            // the message names the one file that failed; the user must not read it as the whole task's
            throw published.isEmpty() ? e : new CacheWriteException(e.getMessage() + stay(published), e);
        } catch (LeaseLostException e) {
            throw published.isEmpty() ? e : new LeaseLostException(e.getMessage() + stay(published), e);
        }
        return published.isEmpty() && kept > 0;
    }

    private static String stay(List<String> published) {
        return "; the task's outputs published before it stay: " + String.join(", ", published);
    }

    private static boolean recorded(Optional<Publication> publication, CacheTarget target, TaskRecord record) {
        if (publication.isPresent()) {
            record.published(publication.get());
            return true;
        }
        record.log(Instant.now() + " INFO " + target.display() + " existed already (another holder published it"
                + " meanwhile, or an earlier attempt of this task did); kept it, and discarded this attempt's file");
        return false;
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

    private synchronized void requireRunning(NamedOutput<?> output) {
        if (ended) {
            throw new IllegalStateException(node.label() + ": named output '" + output.name()
                    + "' dumped after the attempt ended; dump named outputs before run() returns");
        }
    }
}
