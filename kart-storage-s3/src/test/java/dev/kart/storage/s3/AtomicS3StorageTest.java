package dev.kart.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kart.config.KartConfigException;
import dev.kart.storage.PublishMode;
import dev.kart.storage.PublishOutcome;
import dev.kart.storage.StagedObject;
import dev.kart.storage.StorageUnreachableException;
import dev.kart.storage.WorkspaceStorage;
import dev.kart.test.support.s3.AtomicS3Server;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage against {@link AtomicS3Server}, whose conditional writes are atomic: besides the
 * common behaviour, writers racing to publish once, list page counts, denied access and the
 * fallback for stores without conditional writes.
 */
class AtomicS3StorageTest extends S3StorageBehaviour {
    private static final String BUCKET = "kart-atomic";
    private static AtomicS3Server server;

    @BeforeAll
    static void startServer() {
        server = AtomicS3Server.start().createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected URI endpoint() {
        return server.endpoint();
    }

    @Override
    protected String bucket() {
        return BUCKET;
    }

    @Override
    protected String multipartSettings() {
        return "multipart-threshold = 1MiB\npart-size = 256KiB";
    }

    @Override
    protected int multipartSize() {
        return 3 * 1024 * 1024 + 123;
    }

    @Test
    void ofSixteenWritersPublishingOnceExactlyOneWinsAndTheObjectIsItsWholeContent() throws Exception {
        race("pkg/Raced.json", 100_000, "");
    }

    @Test
    void ofSixteenWritersPublishingMultipartOnceExactlyOneWins() throws Exception {
        race("pkg/Raced.bin", multipartSize(), multipartSettings());
        assertThat(unfinishedUploads()).isEmpty();
    }

    private void race(String path, int size, String settings) throws Exception {
        WorkspaceStorage storage = open(settings);
        int writers = 16;
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            contents.add(content(size, 100 + i));
        }
        // every writer stages first, then all publish at once
        CyclicBarrier publishTogether = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<PublishOutcome> outcomes = new ArrayList<>();
        try {
            List<Future<PublishOutcome>> futures = new ArrayList<>();
            for (byte[] content : contents) {
                futures.add(pool.submit(() -> {
                    StagedObject staged = stage(storage, path, content);
                    publishTogether.await(2, TimeUnit.MINUTES);
                    return staged.publish(PublishMode.ONCE);
                }));
            }
            for (Future<PublishOutcome> future : futures) {
                outcomes.add(future.get(3, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(outcomes).filteredOn(o -> o == PublishOutcome.PUBLISHED).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o == PublishOutcome.ALREADY_EXISTS).hasSize(writers - 1);
        byte[] published = read(storage, path);
        assertThat(contents).anySatisfy(content -> assertThat(Arrays.equals(content, published)).isTrue());
        assertThat(stagingFiles()).isEmpty();
    }

    @Override
    protected OptionalLong requestCount() {
        return OptionalLong.of(server.requestCount());
    }

    @Test
    void deniedAccessFailsOpenNamingTheBucketAndWhatToCheck() {
        try (AtomicS3Server denying = AtomicS3Server.start().createBucket(BUCKET).denyAccessKey("kart-test")) {
            assertThatThrownBy(() -> new S3StorageProvider().open(URI.create("s3://" + BUCKET + "/ws"),
                    ReferenceSection.of("endpoint = \"" + denying.endpoint() + "\"", "path-style-access = true")))
                    .isInstanceOf(KartConfigException.class)
                    .hasMessageContaining("access to S3 bucket " + BUCKET + " denied")
                    .hasMessageContaining(denying.endpoint().toString())
                    .hasMessageContaining("credentials")
                    .hasMessageNotContaining("kart-test-secret");
        }
    }

    @Test
    void aBucketInAnotherRegionFailsOpenNamingTheRegionToSet() throws IOException {
        try (AtomicS3Server elsewhere = AtomicS3Server.start().createBucket(BUCKET).bucketRegion(BUCKET, "eu-west-1")) {
            String endpoint = "endpoint = \"" + elsewhere.endpoint() + "\"";
            assertThatThrownBy(() -> new S3StorageProvider().open(URI.create("s3://" + BUCKET + "/ws"),
                    ReferenceSection.of(endpoint, "path-style-access = true", "region = us-east-1")))
                    .isInstanceOf(KartConfigException.class)
                    .hasMessageContaining("S3 bucket " + BUCKET + " is in region eu-west-1, not us-east-1")
                    .hasMessageContaining("kart.storage.s3.region = eu-west-1");

            try (WorkspaceStorage storage = new S3StorageProvider().open(URI.create("s3://" + BUCKET + "/ws"),
                    ReferenceSection.of(endpoint, "path-style-access = true", "region = eu-west-1"))) {
                assertThat(storage.list("")).isEmpty();
            }
        }
    }

    @Test
    void withoutCredentialsOpenFailsAsConfigurationNamingWhatToSet(@TempDir Path home) {
        for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            assumeTrue(System.getenv(variable) == null, variable + " gives the SDK's chain credentials of the environment");
        }
        Map<String, String> saved = new HashMap<>();
        for (String property : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sharedCredentialsFile", "aws.configFile")) {
            saved.put(property, System.getProperty(property));
        }
        try {
            // the chain as on a machine with nothing configured (the pom keeps it away from EC2 metadata)
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.setProperty("aws.sharedCredentialsFile", home.resolve("credentials").toString());
            System.setProperty("aws.configFile", home.resolve("config").toString());

            assertThatThrownBy(() -> new S3StorageProvider().open(URI.create("s3://" + BUCKET + "/ws"),
                    ReferenceSection.of("endpoint = \"" + server.endpoint() + "\"", "path-style-access = true")))
                    .isInstanceOf(KartConfigException.class)
                    .hasMessageContaining("no AWS credentials found for workspace s3://" + BUCKET + "/ws/")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID");
        } finally {
            saved.forEach((property, value) -> {
                if (value == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, value);
                }
            });
        }
    }

    @Test
    void aConditionalRequestConflictIsRetriedAndThenFailsWithoutPublishing() throws IOException {
        WorkspaceStorage storage = open(multipartSettings());
        byte[] bytes = content(100, 26);

        server.conflictNextConditionalWrites(2);
        assertThat(stage(storage, "pkg/Conflict.json", bytes).publish(PublishMode.ONCE)).isEqualTo(PublishOutcome.PUBLISHED);
        assertThat(read(storage, "pkg/Conflict.json")).isEqualTo(bytes);

        server.conflictNextConditionalWrites(2);
        assertThat(stage(storage, "pkg/Conflict.bin", content(multipartSize(), 27)).publish(PublishMode.ONCE))
                .isEqualTo(PublishOutcome.PUBLISHED);

        server.conflictNextConditionalWrites(1_000);
        try {
            StagedObject staged = stage(storage, "pkg/Refused.bin", content(multipartSize(), 28));
            assertThatThrownBy(() -> staged.publish(PublishMode.ONCE))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://" + BUCKET + "/" + prefix + "pkg/Refused.bin")
                    .hasMessageContaining("409 ConditionalRequestConflict");
        } finally {
            server.conflictNextConditionalWrites(0);
        }
        assertThat(storage.stat("pkg/Refused.bin")).isEmpty();
        assertThat(unfinishedUploads()).isEmpty();
        assertThat(stagingFiles()).isEmpty();
    }

    @Test
    void withoutConditionalWritesPublishingOnceChecksFirstAndSaysItIsNotAtomic() throws IOException {
        WorkspaceStorage storage = open("conditional-writes = false");
        byte[] first = content(100, 21);

        assertThat(storage.publishesOnceAtomically()).isFalse();
        assertThat(stage(storage, "pkg/C.json", first).publish(PublishMode.ONCE)).isEqualTo(PublishOutcome.PUBLISHED);
        assertThat(stage(storage, "pkg/C.json", content(200, 22)).publish(PublishMode.ONCE)).isEqualTo(PublishOutcome.ALREADY_EXISTS);

        assertThat(read(storage, "pkg/C.json")).isEqualTo(first);
        assertThat(stagingFiles()).isEmpty();
    }

    @Test
    void aStoreThatStopsAnsweringMakesPublishFailUnreachableAndLeavesTheObjectAlone() throws IOException {
        WorkspaceStorage storage;
        StagedObject staged;
        try (AtomicS3Server stopping = AtomicS3Server.start().createBucket(BUCKET)) {
            storage = new S3StorageProvider().open(URI.create("s3://" + BUCKET + "/ws"),
                    ReferenceSection.of("endpoint = \"" + stopping.endpoint() + "\"", "path-style-access = true",
                            "staging-directory = \"" + staging.toString().replace("\\", "/") + "\""));
            staged = stage(storage, "pkg/Late.json", content(100, 23));
        }
        try (storage) {
            assertThatThrownBy(() -> staged.publish(PublishMode.ONCE))
                    .isInstanceOf(StorageUnreachableException.class)
                    .hasMessageContaining("s3://" + BUCKET + "/ws/pkg/Late.json");
            assertThat(stagingFiles()).isEmpty();
        }
    }
}
