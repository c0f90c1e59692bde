package dev.kart.storage.s3.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Where staged content goes while the task writes it: a local temporary file, never memory. Up to
 * the multipart threshold the file holds the whole content, published later with one PutObject.
 * When more arrives, a multipart upload is started, the file's content is sent as its first part, and
 * from then on the file holds one part at a time: each time it reaches the part size it is uploaded
 * and emptied. The last part is sent by {@link #finish()}, leaving the upload to be completed (made
 * visible) by {@link S3Staged#publish}.
 */
final class S3Upload extends OutputStream {
    private final S3WorkspaceStorage storage;
    private final String path;
    private final String key;
    private final Path file;
    private final boolean keepCopy;
    private final FileChannel channel;
    private long limit;
    private long buffered;
    private long total;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private boolean closed;

    /** @param keepCopy whether a copy of the content is kept once published ({@link PublishedCopies}) */
    S3Upload(S3WorkspaceStorage storage, String path, String key, Path file, boolean keepCopy) throws IOException {
        this.storage = storage;
        this.path = path;
        this.key = key;
        this.file = file;
        this.keepCopy = keepCopy;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        this.limit = storage.settings().multipartThreshold();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the staging stream of " + storage.describe(key) + " is closed");
        }
        while (length > 0) {
            if (buffered == limit) {
                sendPart();
            }
            int n = (int) Math.min(length, limit - buffered);
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, n);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffered += n;
            total += n;
            offset += n;
            length -= n;
        }
    }

    /** Sends what the file holds as the next part, starting the upload first if this is the first. */
    private void sendPart() throws IOException {
        if (uploadId == null) {
            uploadId = storage.createMultipartUpload(key);
            limit = storage.settings().partSize();
        }
        if (parts.size() == S3Settings.MAX_PARTS) {
            throw new IOException("content of " + storage.describe(key) + " needs more than " + S3Settings.MAX_PARTS
                    + " parts of kart.storage.s3.part-size (" + storage.settings().partSize() + " bytes): raise it");
        }
        parts.add(storage.uploadPart(key, uploadId, parts.size() + 1, file, buffered));
        channel.truncate(0);
        channel.position(0);
        buffered = 0;
    }

    @Override
    public void close() {
        // the storage finishes or abandons it; closing by the writer only ends the writing
        closed = true;
    }

    /** @return the staged object, once the writer has returned and its stream is flushed */
    S3Staged finish() throws IOException {
        closed = true;
        channel.close();
        if (uploadId == null) {
            return new S3Staged(storage, path, key, total, file, keepCopy, null, List.of());
        }
        if (buffered > 0) {
            // the last part, which may be smaller than the others
            parts.add(storage.uploadPart(key, uploadId, parts.size() + 1, file, buffered));
        }
        Files.deleteIfExists(file);
        return new S3Staged(storage, path, key, total, null, false, uploadId, List.copyOf(parts));
    }

    /** Removes what was written after the writer or an upload failed; the failure stays the one thrown. */
    void abandon(Throwable failure) {
        closed = true;
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        if (uploadId != null) {
            storage.abortQuietly(key, uploadId, failure);
        }
    }
}
