package dev.kart.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One workspace's storage, in the terms of luigi's {@code FileSystem} and Hadoop's {@code FileSystem}:
 * objects addressed by relative paths ({@code /}-separated, no leading {@code /}, no {@code .} or
 * {@code ..} segment, such as {@code pkg/Task_ab12.json} or {@code log/pkg/Task_ab12.json}).
 *
 * <p>Writes are two steps, so that a task's outputs are written while it runs and published together
 * once it succeeded, and so that the runtime can check its leases in between: {@link #stage} writes
 * the content where no reader looks (a temporary file, an unfinished multipart upload), and
 * {@link StagedObject#publish} makes it visible at its path in one atomic step. Readers see either no
 * object or all of it, never a part. {@link PublishMode#ONCE} never replaces an object another writer
 * published: where the store supports it, by a conditional create ({@code link(2)}, S3's
 * {@code If-None-Match: *}, GCS's {@code ifGenerationMatch=0}, Azure Blob's {@code If-None-Match: *}).
 *
 * <p>Implementations are safe for concurrent use by the runtime's worker threads.
 */
public interface WorkspaceStorage extends AutoCloseable {

    /** @return the workspace, such as {@code s3://bucket/prefix/} or {@code file:///data/ws/}; never carries credentials */
    URI location();

    /**
     * @param path a relative path
     * @return the object's size and modification time, or empty when there is none
     * @throws IOException when the store cannot be asked
     */
    Optional<StoredObject> stat(String path) throws IOException;

    /**
     * Every published object under a prefix, at any depth, in one call where the store allows (one
     * S3 LIST page per 1,000 objects): how the runtime checks many targets at once.
     *
     * @param prefix a relative directory path ({@code pkg/} or {@code log/}), or empty for the whole workspace
     * @return the objects, sorted by path; staged objects not published are not listed
     * @throws IOException when the store cannot be asked
     */
    List<StoredObject> list(String prefix) throws IOException;

    /**
     * The published objects directly in one directory whose names start with a prefix, such as the records one
     * task's nodes keep beside its task info: what {@link #list} gives of them. The default filters that
     * listing of the whole directory; a store that can list by key prefix asks for these objects only (on S3,
     * one LIST request for a task's few records among a package's thousands).
     *
     * @param directory a relative directory path ({@code log/pkg/}), or empty for the workspace's top
     * @param namePrefix how the objects' names (the last segment of their paths) start, such as
     *     {@code Task_ab12.node-}
     * @return the objects, sorted by path
     * @throws IOException when the store cannot be asked
     */
    default List<StoredObject> listNamed(String directory, String namePrefix) throws IOException {
        String start = (directory.isEmpty() || directory.endsWith("/") ? directory : directory + "/") + namePrefix;
        List<StoredObject> named = new ArrayList<>();
        for (StoredObject object : list(directory)) {
            if (object.path().startsWith(start) && object.path().indexOf('/', start.length()) < 0) {
                named.add(object);
            }
        }
        return named;
    }

    /**
     * @param path a relative path
     * @return the object's content, streamed; the caller closes it
     * @throws java.nio.file.NoSuchFileException when there is no object at {@code path}
     * @throws IOException when the store cannot be read
     */
    InputStream read(String path) throws IOException;

    /**
     * Writes content where no reader sees it, to be published at {@code path} later. The content is
     * streamed: a large object is never held in memory whole.
     *
     * @param path the relative path it is to be published at
     * @param content writes the content; the storage closes the stream
     * @return the staged object
     * @throws IOException when writing fails; nothing staged is left behind
     */
    StagedObject stage(String path, ContentWriter content) throws IOException;

    /**
     * Stages a record whose loss in a machine crash costs nothing cached (task info, written after
     * every task): as {@link #stage}, but a store may skip what only makes staged content survive a
     * crash (the local file system's fsync of {@code kart.durable}). Atomic publishing is the same.
     * By default the same as {@link #stage}.
     *
     * @param path the relative path it is to be published at
     * @param content writes the content; the storage closes the stream
     * @return the staged object
     * @throws IOException when writing fails; nothing staged is left behind
     */
    default StagedObject stageRecord(String path, ContentWriter content) throws IOException {
        return stage(path, content);
    }

    /**
     * Writes a record (task info, written after every task's outputs) at {@code path} unless an
     * object is there already, which is left as it is. A record is not the cache: losing it costs
     * nothing cached, so a store may write it where readers see it while it is written (the local
     * file system creates the file at its final name, one file creation instead of a temporary file,
     * a hard link and an unlink), and a process killed meanwhile may leave it empty or cut short.
     * Readers of records must therefore take one they cannot parse as missing, never as a value;
     * a later write of the same record replaces it atomically ({@link #stageRecord}, then {@link
     * PublishMode#REPLACE}). By default {@link #stageRecord}, then {@link PublishMode#ONCE}: the
     * record appears whole or not at all.
     *
     * @param path the relative path of the record
     * @param content the record's bytes
     * @return {@link PublishOutcome#PUBLISHED}, or {@link PublishOutcome#ALREADY_EXISTS} when an object
     *     was at {@code path} (a record of an earlier write, whole or not)
     * @throws IOException when writing fails; nothing is left at {@code path} by this call unless a
     *     delete after the failure failed too
     */
    default PublishOutcome createRecord(String path, byte[] content) throws IOException {
        return publishRecord(path, content, PublishMode.ONCE);
    }

    /**
     * Replaces the record at {@code path} (or writes it where there is none) atomically: {@link
     * #stageRecord}, then {@link PublishMode#REPLACE}, so a reader sees the old record or the new one,
     * whole.
     *
     * @param path the relative path of the record
     * @param content the record's bytes
     * @throws IOException when writing or publishing fails; the staged copy is discarded
     */
    default void replaceRecord(String path, byte[] content) throws IOException {
        publishRecord(path, content, PublishMode.REPLACE);
    }

    private PublishOutcome publishRecord(String path, byte[] content, PublishMode mode) throws IOException {
        StagedObject staged = stageRecord(path, out -> out.write(content));
        try {
            return staged.publish(mode);
        } catch (IOException | RuntimeException e) {
            try {
                staged.discard();
            } catch (IOException discardFailed) {
                e.addSuppressed(discardFailed);
            }
            throw e;
        }
    }

    /**
     * @param path a relative path
     * @return whether an object was deleted
     * @throws IOException when the store cannot be changed
     */
    boolean delete(String path) throws IOException;

    /**
     * Removes what staging left behind when a process died before publishing or discarding
     * (temporary files, unfinished multipart uploads) and was started before {@code startedBefore}.
     * Used by {@code kart clean}; never touches a published object.
     *
     * @param startedBefore leave what was started at or after this time, which may still be written
     * @return what was removed, one line each, for the user
     * @throws IOException when the store cannot be listed or changed
     */
    List<String> removeAbandonedStaging(Instant startedBefore) throws IOException;

    /**
     * Lists what {@link #removeAbandonedStaging} given the same instant would remove, and removes
     * nothing: {@code kart clean}'s dry run shows it. What a writer finishes or a process removes
     * between the two calls is not removed, of course.
     *
     * @param startedBefore leave out what was started at or after this time, which may still be written
     * @return what would be removed, one line each, for the user (such as {@code unfinished multipart
     *     upload of s3://bucket/ws/pkg/Task_ab12.ser started 2026-12-01T13:02:11Z})
     * @throws IOException when the store cannot be listed
     */
    List<String> listAbandonedStaging(Instant startedBefore) throws IOException;

    /**
     * @return whether {@link PublishMode#ONCE} is a conditional create on the store itself; when
     *     false it is a check followed by a write, only as safe as the exclusive cache lock the
     *     runtime holds around it (a store that refuses conditional writes, or the local file system
     *     without hard links)
     */
    boolean publishesOnceAtomically();

    /**
     * Checks, before a task computes an object, that the object could be staged at {@code path}, so that a
     * workspace that takes no new file fails the task before its {@code run()} rather than after it. Called
     * once per task attempt and output; a store answers from memory once a place proved writable. By
     * default nothing is checked: a store whose only test is a write (an object store) finds out at
     * {@link #stage}.
     *
     * @param path where an object will be staged and published, relative to the workspace
     * @throws IOException why no object can be staged there, such as a read-only file system or a
     *     directory this process may not write to
     */
    default void checkWritable(String path) throws IOException {
    }

    /** Releases the storage's clients and threads. */
    @Override
    void close() throws IOException;
}
