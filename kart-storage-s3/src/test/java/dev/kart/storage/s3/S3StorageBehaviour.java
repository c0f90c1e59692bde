package dev.kart.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kart.storage.PublishMode;
import dev.kart.storage.PublishOutcome;
import dev.kart.storage.StagedObject;
import dev.kart.storage.StorageUnreachableException;
import dev.kart.storage.StoredObject;
import dev.kart.storage.WorkspaceStorage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * What the S3 storage does against one S3 server, as kart's runtime uses it: the subclasses run it
 * against S3Mock (a real S3-compatible server) and against {@link dev.kart.test.support.s3.AtomicS3Server}.
 * Each test works under a prefix of its own in the server's bucket. The SDK is configured as a user
 * would: endpoint override, path-style access, credentials from the default chain (system
 * properties set by the pom).
 */
abstract class S3StorageBehaviour {
    private final S3StorageProvider provider = new S3StorageProvider();
    private final List<WorkspaceStorage> opened = new ArrayList<>();
    private S3Client raw;
    protected final String prefix = "t-" + UUID.randomUUID() + "/";

    @TempDir
    Path staging;

    /** @return the server's URL */
    protected abstract URI endpoint();

    /** @return a bucket that exists on the server */
    protected abstract String bucket();

    /** @return HOCON settings making {@link #multipartSize()} bytes a multipart upload of several parts */
    protected abstract String multipartSettings();

    /** @return a content size above the multipart threshold of {@link #multipartSettings()}, several parts */
    protected abstract int multipartSize();

    @AfterEach
    void closeStorages() throws IOException {
        for (WorkspaceStorage storage : opened) {
            storage.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    protected WorkspaceStorage open(String... settings) throws IOException {
        return openAt(URI.create("s3://" + bucket() + "/" + prefix), settings);
    }

    protected WorkspaceStorage openAt(URI location, String... settings) throws IOException {
        List<String> hocon = new ArrayList<>();
        hocon.add("endpoint = \"" + endpoint() + "\"");
        hocon.add("path-style-access = true");
        hocon.add("staging-directory = \"" + staging.toString().replace("\\", "/") + "\"");
        hocon.addAll(List.of(settings));
        WorkspaceStorage storage = provider.open(location, ReferenceSection.of(hocon.toArray(String[]::new)));
        opened.add(storage);
        return storage;
    }

    /** A plain SDK client, for looking at the bucket without the storage. */
    protected synchronized S3Client raw() {
        if (raw == null) {
            raw = S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .httpClientBuilder(Apache5HttpClient.builder()).build();
        }
        return raw;
    }

    protected List<String> unfinishedUploads() {
        return raw().listMultipartUploads(b -> b.bucket(bucket()).prefix(prefix)).uploads().stream().map(MultipartUpload::key).toList();
    }

    protected List<Path> stagingFiles() throws IOException {
        try (Stream<Path> files = Files.list(staging)) {
            return files.toList();
        }
    }

    protected static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static StagedObject stage(WorkspaceStorage storage, String path, byte[] content) throws IOException {
        return storage.stage(path, out -> {
            // in uneven pieces, as a format writes
            int at = 0;
            int piece = 1;
            while (at < content.length) {
                int n = Math.min(piece, content.length - at);
                out.write(content, at, n);
                at += n;
                piece = piece * 3 % 200_003 + 1;
            }
        });
    }

    protected static byte[] read(WorkspaceStorage storage, String path) throws IOException {
        try (InputStream in = storage.read(path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void smallContentRoundTripsThroughOnePut() throws IOException {
        WorkspaceStorage storage = open();
        byte[] bytes = content(10_000, 1);
        Instant before = Instant.now().minus(Duration.ofMinutes(5));

        StagedObject staged = stage(storage, "pkg/Task_ab12.json", bytes);
        assertThat(staged.size()).isEqualTo(bytes.length);
        assertThat(staged.path()).isEqualTo("pkg/Task_ab12.json");
        assertThat(unfinishedUploads()).isEmpty();
        assertThat(staged.publish(PublishMode.ONCE)).isEqualTo(PublishOutcome.PUBLISHED);

        assertThat(read(storage, "pkg/Task_ab12.json")).isEqualTo(bytes);
        StoredObject stat = storage.stat("pkg/Task_ab12.json").orElseThrow();
        assertThat(stat.size()).isEqualTo(bytes.length);
        assertThat(stat.lastModified()).isAfter(before);
        assertThat(storage.list("pkg/")).extracting(StoredObject::path).containsExactly("pkg/Task_ab12.json");
        assertThat(raw().headObject(b -> b.bucket(bucket()).key(prefix + "pkg/Task_ab12.json")).contentLength()).isEqualTo(bytes.length);
        assertThat(stagingFiles()).isEmpty();
        assertThat(storage.location()).isEqualTo(URI.create("s3://" + bucket() + "/" + prefix));
    }

    @Test
    void multipartContentIsUploadedWhileWrittenAndCompletedByPublish() throws IOException {
        WorkspaceStorage storage = open(multipartSettings());
        byte[] bytes = content(multipartSize(), 2);
        List<List<String>> uploadsWhileWriting = new ArrayList<>();

        StagedObject staged = storage.stage("pkg/Big_1.bin", out -> {
            out.write(bytes, 0, 100);
            uploadsWhileWriting.add(unfinishedUploads());
            out.write(bytes, 100, bytes.length - 100);
            // the content past the threshold went out as parts while the writer still writes
            uploadsWhileWriting.add(unfinishedUploads());
        });
        assertThat(uploadsWhileWriting).containsExactly(List.of(), List.of(prefix + "pkg/Big_1.bin"));
        assertThat(staged.size()).isEqualTo(bytes.length);
        // the parts are on the server, not in a local file, and no object is visible yet
        assertThat(unfinishedUploads()).containsExactly(prefix + "pkg/Big_1.bin");
        assertThat(stagingFiles()).isEmpty();
        assertThat(storage.stat("pkg/Big_1.bin")).isEmpty();

        assertThat(staged.publish(PublishMode.ONCE)).isEqualTo(PublishOutcome.PUBLISHED);

        assertThat(read(storage, "pkg/Big_1.bin")).isEqualTo(bytes);
        assertThat(storage.stat("pkg/Big_1.bin").orElseThrow().size()).isEqualTo(bytes.length);
        assertThat(unfinishedUploads()).isEmpty();
    }

    @Test
    void publishingOnceTwiceKeepsTheFirstObject() throws IOException {
        WorkspaceStorage storage = open();
        byte[] first = content(5_000, 3);
        byte[] second = content(6_000, 4);

        assertThat(stage(storage, "pkg/T.json", first).publish(PublishMode.ONCE)).isEqualTo(PublishOutcome.PUBLISHED);
        assertThat(stage(storage, "pkg/T.json", second).publish(PublishMode.ONCE)).isEqualTo(PublishOutcome.ALREADY_EXISTS);

        assertThat(read(storage, "pkg/T.json")).isEqualTo(first);
        assertThat(stagingFiles()).isEmpty();
        assertThat(storage.publishesOnceAtomically()).isTrue();
    }

    @Test
    void publishingOnceTwiceKeepsTheFirstObjectWhenMultipart() throws IOException {
        WorkspaceStorage storage = open(multipartSettings());
        byte[] first = content(multipartSize(), 5);
        byte[] second = content(multipartSize() + 17, 6);

        assertThat(stage(storage, "pkg/T.bin", first).publish(PublishMode.ONCE)).isEqualTo(PublishOutcome.PUBLISHED);
        assertThat(stage(storage, "pkg/T.bin", second).publish(PublishMode.ONCE)).isEqualTo(PublishOutcome.ALREADY_EXISTS);

        // the refused upload was aborted
        assertThat(unfinishedUploads()).isEmpty();
        if (abortingAnUploadKeepsTheObjectAtItsKey()) {
            assertThat(read(storage, "pkg/T.bin")).isEqualTo(first);
        }
    }

    /**
     * @return whether the server, as S3, leaves the object at a key alone when an upload to that key
     *     is aborted; S3Mock deletes it
     */
    protected boolean abortingAnUploadKeepsTheObjectAtItsKey() {
        return true;
    }

    @Test
    void discardingAMultipartStagingKeepsThePublishedObject() throws IOException {
        assumeTrue(abortingAnUploadKeepsTheObjectAtItsKey(), "this server deletes the object when an upload to its key is aborted");
        WorkspaceStorage storage = open(multipartSettings());
        byte[] first = content(100, 24);
        stage(storage, "pkg/Kept.bin", first).publish(PublishMode.ONCE);

        stage(storage, "pkg/Kept.bin", content(multipartSize(), 25)).discard();

        assertThat(read(storage, "pkg/Kept.bin")).isEqualTo(first);
        assertThat(unfinishedUploads()).isEmpty();
    }

    @Test
    void aMultipartStagingDiscardedOnAnInterruptedThreadIsAbortedAndTheInterruptKept() throws IOException {
        WorkspaceStorage storage = open(multipartSettings());
        StagedObject staged = stage(storage, "pkg/Interrupted.bin", content(multipartSize(), 26));
        assertThat(unfinishedUploads()).hasSize(1);

        // Ctrl-C in the middle of a task's write: its attempt discards what it staged
        Thread.currentThread().interrupt();
        try {
            staged.discard();
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt, kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(unfinishedUploads()).isEmpty();
        assertThat(storage.stat("pkg/Interrupted.bin")).isEmpty();
    }

    @Test
    void replaceReplacesAnExistingObjectAndCreatesAMissingOne() throws IOException {
        WorkspaceStorage storage = open();
        byte[] first = content(3_000, 7);
        byte[] second = content(4_000, 8);

        assertThat(stage(storage, "info/T.json", first).publish(PublishMode.REPLACE)).isEqualTo(PublishOutcome.PUBLISHED);
        assertThat(stage(storage, "info/T.json", second).publish(PublishMode.REPLACE)).isEqualTo(PublishOutcome.PUBLISHED);

        assertThat(read(storage, "info/T.json")).isEqualTo(second);
    }

    @Test
    void replaceReplacesWhenMultipart() throws IOException {
        WorkspaceStorage storage = open(multipartSettings());
        byte[] first = content(1_000, 9);
        byte[] second = content(multipartSize(), 10);

        stage(storage, "info/T.bin", first).publish(PublishMode.ONCE);
        assertThat(stage(storage, "info/T.bin", second).publish(PublishMode.REPLACE)).isEqualTo(PublishOutcome.PUBLISHED);

        assertThat(read(storage, "info/T.bin")).isEqualTo(second);
    }

    @Test
    void stagedContentIsInvisibleUntilPublished() throws IOException {
        WorkspaceStorage storage = open();
        StagedObject staged = stage(storage, "pkg/Hidden.json", content(100, 11));

        assertThat(storage.stat("pkg/Hidden.json")).isEmpty();
        assertThat(storage.list("")).isEmpty();
        assertThatThrownBy(() -> storage.read("pkg/Hidden.json"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("s3://" + bucket() + "/" + prefix + "pkg/Hidden.json");

        staged.publish(PublishMode.ONCE);
        assertThat(storage.list("")).extracting(StoredObject::path).containsExactly("pkg/Hidden.json");
    }

    @Test
    void discardLeavesNothing() throws IOException {
        WorkspaceStorage storage = open(multipartSettings());
        StagedObject small = stage(storage, "pkg/Small.json", content(100, 12));
        StagedObject large = stage(storage, "pkg/Large.bin", content(multipartSize(), 13));
        assertThat(stagingFiles()).hasSize(1);
        assertThat(unfinishedUploads()).hasSize(1);

        small.discard();
        large.discard();
        large.discard();

        assertThat(stagingFiles()).isEmpty();
        assertThat(unfinishedUploads()).isEmpty();
        assertThat(storage.list("")).isEmpty();
        assertThat(raw().listObjectsV2(b -> b.bucket(bucket()).prefix(prefix)).contents()).isEmpty();
    }

    @Test
    void aWriterThatFailsLeavesNothingStaged() throws IOException {
        WorkspaceStorage storage = open(multipartSettings());
        byte[] bytes = content(multipartSize(), 14);

        assertThatThrownBy(() -> storage.stage("pkg/Failed.bin", out -> {
            out.write(bytes);
            throw new IOException("the format failed");
        })).isInstanceOf(IOException.class).hasMessage("the format failed");

        assertThat(stagingFiles()).isEmpty();
        assertThat(unfinishedUploads()).isEmpty();
        assertThat(storage.stat("pkg/Failed.bin")).isEmpty();
    }

    @Test
    void abandonedStagingIsRemovedOnlyWhenStartedBeforeTheInstant() throws IOException {
        WorkspaceStorage storage = open(multipartSettings());
        // a process that died after staging: neither published nor discarded
        stage(storage, "pkg/Abandoned.bin", content(multipartSize(), 15));
        stage(storage, "pkg/Abandoned.json", content(100, 16));
        assertThat(unfinishedUploads()).containsExactly(prefix + "pkg/Abandoned.bin");
        assertThat(stagingFiles()).hasSize(1);

        assertThat(storage.removeAbandonedStaging(Instant.now().minus(Duration.ofHours(1)))).isEmpty();
        assertThat(unfinishedUploads()).hasSize(1);
        assertThat(stagingFiles()).hasSize(1);

        List<String> removed = storage.removeAbandonedStaging(Instant.now().plus(Duration.ofMinutes(1)));

        assertThat(removed).hasSize(2);
        assertThat(removed).anySatisfy(line -> assertThat(line).contains(prefix + "pkg/Abandoned.bin"));
        assertThat(unfinishedUploads()).isEmpty();
        assertThat(stagingFiles()).isEmpty();
        assertThat(storage.stat("pkg/Abandoned.bin")).isEmpty();
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void listingAbandonedStagingNamesTheUploadAndTheStagingFileAndRemovesNeither() throws IOException {
        WorkspaceStorage storage = open(multipartSettings());
        // a process that died after staging: neither published nor discarded
        stage(storage, "pkg/Abandoned.bin", content(multipartSize(), 18));
        stage(storage, "pkg/Abandoned.json", content(100, 19));

        List<String> listed = storage.listAbandonedStaging(Instant.now().plus(Duration.ofMinutes(1)));

        assertThat(listed).hasSize(2).anySatisfy(line -> assertThat(line).startsWith("unfinished multipart upload of ")
                .contains(prefix + "pkg/Abandoned.bin").contains(" started "));
        assertThat(listed).anySatisfy(line -> assertThat(line).startsWith("staging file "));
        assertThat(storage.listAbandonedStaging(Instant.now().minus(Duration.ofHours(1)))).isEmpty();
        assertThat(unfinishedUploads()).containsExactly(prefix + "pkg/Abandoned.bin");
        assertThat(stagingFiles()).hasSize(1);
        // what the dry run listed is what the removal then names, with what it did
        assertThat(storage.removeAbandonedStaging(Instant.now().plus(Duration.ofMinutes(1))))
                .containsExactlyInAnyOrderElementsOf(listed.stream().map(line -> (line.startsWith("unfinished")
                        ? "aborted " : "deleted ") + line).toList());
    }

    @Test
    void removingAbandonedStagingNeverTouchesPublishedObjects() throws IOException {
        WorkspaceStorage storage = open(multipartSettings());
        byte[] bytes = content(multipartSize(), 17);
        stage(storage, "pkg/Kept.bin", bytes).publish(PublishMode.ONCE);

        assertThat(storage.removeAbandonedStaging(Instant.now().plus(Duration.ofMinutes(1)))).isEmpty();

        assertThat(read(storage, "pkg/Kept.bin")).isEqualTo(bytes);
    }

    /** @return how many requests the server has answered, where it counts them */
    protected OptionalLong requestCount() {
        return OptionalLong.empty();
    }

    @Test
    void listReturnsEveryObjectPastAThousandKeysSortedAndOnlyUnderThePrefix() throws Exception {
        WorkspaceStorage storage = open();
        int count = 1_005;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // straight into the bucket, in parallel: the point is the listing
            List<Future<?>> puts = new ArrayList<>();
            for (int i = count - 1; i >= 0; i--) {
                String key = prefix + String.format("many/T_%04d.json", i);
                puts.add(pool.submit(() -> raw().putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromBytes(new byte[] {1, 2, 3}))));
            }
            for (Future<?> put : puts) {
                put.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        stage(storage, "log/many/x.json", new byte[] {4}).publish(PublishMode.ONCE);
        OptionalLong before = requestCount();

        List<StoredObject> many = storage.list("many/");

        // one ListObjectsV2 request per 1,000 keys
        before.ifPresent(b -> assertThat(requestCount().getAsLong() - b).isEqualTo(2));
        assertThat(many).hasSize(count);
        assertThat(many).extracting(StoredObject::path).isSorted();
        assertThat(many.get(0).path()).isEqualTo("many/T_0000.json");
        assertThat(many.get(count - 1).path()).isEqualTo("many/T_1004.json");
        assertThat(many).extracting(StoredObject::size).containsOnly(3L);
        assertThat(storage.list("")).hasSize(count + 1);
        assertThat(storage.list("log/")).extracting(StoredObject::path).containsExactly("log/many/x.json");
        assertThat(storage.list("log")).extracting(StoredObject::path).containsExactly("log/many/x.json");
    }

    @Test
    void deleteRemovesAnObjectAndTellsWhetherThereWasOne() throws IOException {
        WorkspaceStorage storage = open();
        stage(storage, "pkg/D.json", content(10, 18)).publish(PublishMode.ONCE);

        assertThat(storage.delete("pkg/D.json")).isTrue();
        assertThat(storage.delete("pkg/D.json")).isFalse();
        assertThat(storage.stat("pkg/D.json")).isEmpty();
        assertThatThrownBy(() -> storage.read("pkg/D.json")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aMissingBucketFailsOpenNamingTheBucketAndEndpoint() {
        assertThatThrownBy(() -> openAt(URI.create("s3://kart-no-such-bucket/ws")))
                .isInstanceOf(dev.kart.config.KartConfigException.class)
                .isNotInstanceOf(StorageUnreachableException.class)
                .hasMessageContaining("kart-no-such-bucket")
                .hasMessageContaining("does not exist")
                .hasMessageContaining(endpoint().toString());
    }

    @Test
    void workspacesUnderDifferentPrefixesDoNotSeeEachOther() throws IOException {
        WorkspaceStorage storage = open();
        WorkspaceStorage other = openAt(URI.create("s3://" + bucket() + "/" + prefix + "other"));
        stage(other, "pkg/T.json", content(10, 19)).publish(PublishMode.ONCE);
        stage(storage, "pkg/U.json", content(10, 20)).publish(PublishMode.ONCE);

        assertThat(other.list("")).extracting(StoredObject::path).containsExactly("pkg/T.json");
        assertThat(storage.stat("pkg/T.json")).isEmpty();
        assertThat(other.location()).isEqualTo(URI.create("s3://" + bucket() + "/" + prefix + "other/"));
    }
}
