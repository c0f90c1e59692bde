package dev.kart.storage.s3.internal;

import dev.kart.storage.PublishMode;
import dev.kart.storage.PublishOutcome;
import dev.kart.storage.StagedObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Staged content: a temporary file to PutObject, or a multipart upload whose parts are all sent, to
 * complete. Publishing once sends {@code If-None-Match: *}, so the store itself keeps the first
 * writer's object: 412 means another writer published first. 409 (ConditionalRequestConflict, a
 * conditional write racing ours at the same key) is retried a few times.
 */
final class S3Staged implements StagedObject {
    /** Attempts of a publish that S3 answers with 409 ConditionalRequestConflict. */
    private static final int CONFLICT_ATTEMPTS = 5;
    /**
     * Content up to this many bytes is read from its staging file once and sent from memory (and
     * kept from there as this process's copy); larger content is streamed from the file.
     */
    private static final long SMALL_CONTENT = 1 << 20;

    private final S3WorkspaceStorage storage;
    private final String path;
    private final String key;
    private final long size;
    private final Path file;
    private final boolean keepCopy;
    private final String uploadId;
    private final List<CompletedPart> parts;
    private boolean done;

    /**
     * @param file the content, when it is sent with one PutObject; null for a multipart upload
     * @param keepCopy whether a copy of the content is kept once published ({@link PublishedCopies})
     */
    S3Staged(S3WorkspaceStorage storage, String path, String key, long size, Path file, boolean keepCopy, String uploadId,
            List<CompletedPart> parts) {
        this.storage = storage;
        this.path = path;
        this.key = key;
        this.size = size;
        this.file = file;
        this.keepCopy = keepCopy;
        this.uploadId = uploadId;
        this.parts = parts;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public PublishOutcome publish(PublishMode mode) throws IOException {
        if (done) {
            throw new IllegalStateException("the staged content of " + storage.describe(key) + " was already published or discarded");
        }
        done = true;
        boolean published = false;
        try {
            boolean once = mode == PublishMode.ONCE;
            if (once && !storage.settings().conditionalWrites() && storage.exists(key)) {
                // kart.storage.s3.conditional-writes = false: check, then write, under kart's cache lock
                storage.copies().forget(key);
                return PublishOutcome.ALREADY_EXISTS;
            }
            boolean ifNoneMatch = once && storage.settings().conditionalWrites();
            byte[] content = file != null && size <= SMALL_CONTENT ? Files.readAllBytes(file) : null;
            for (int attempt = 1; ; attempt++) {
                try {
                    if (file != null) {
                        storage.putObject(key, file, content, size, ifNoneMatch);
                    } else {
                        storage.completeMultipartUpload(key, uploadId, parts, ifNoneMatch);
                    }
                    published = true;
                    if (keepCopy && content != null) {
                        storage.copies().published(key, content);
                    } else {
                        storage.copies().forget(key);
                    }
                    return PublishOutcome.PUBLISHED;
                } catch (S3Exception e) {
                    if (ifNoneMatch && e.statusCode() == 412) {
                        storage.copies().forget(key);
                        return PublishOutcome.ALREADY_EXISTS;
                    }
                    if (e.statusCode() == 409 && attempt < CONFLICT_ATTEMPTS) {
                        pause(attempt);
                        continue;
                    }
                    throw e;
                }
            }
        } catch (SdkException e) {
            throw storage.failures().io("publish " + storage.describe(key), e);
        } finally {
            cleanUp(published);
        }
    }

    @Override
    public void discard() throws IOException {
        if (done) {
            return;
        }
        done = true;
        if (file != null) {
            Files.deleteIfExists(file);
        } else {
            storage.abort(key, uploadId);
        }
    }

    /**
     * Deletes the temporary file; aborts the upload unless it was completed. Never touches the
     * object, and never throws: what it cannot remove, {@code kart clean} removes later.
     */
    private void cleanUp(boolean published) {
        if (file != null) {
            storage.deleteQuietly(file);
        } else if (!published) {
            storage.abortQuietly(key, uploadId, null);
        }
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while retrying a conflicting publish");
        }
    }

    @Override
    public String toString() {
        return "staged " + storage.describe(key) + " (" + size + " bytes" + (uploadId == null ? "" : ", " + parts.size() + " parts") + ")";
    }
}
