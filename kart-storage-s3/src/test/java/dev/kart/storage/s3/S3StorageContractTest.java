package dev.kart.storage.s3;

import dev.kart.storage.WorkspaceStorage;
import dev.kart.test.support.s3.AtomicS3Server;
import dev.kart.test.support.storage.StorageContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract every workspace storage meets, for the S3 storage against
 * {@link AtomicS3Server}, whose conditional writes are atomic: the race of two writers publishing once
 * runs too. A small multipart threshold makes the contract's large object and its racing writers
 * multipart uploads, so publishing once is checked for CompleteMultipartUpload as well as PutObject.
 */
class S3StorageContractTest extends StorageContract {
    private static final String BUCKET = "kart-contract";
    private static AtomicS3Server server;

    @TempDir
    Path staging;

    @BeforeAll
    static void startServer() {
        server = AtomicS3Server.start().createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected WorkspaceStorage openStorage() throws Exception {
        // the contract's racing writers write 256KB, its large object 12MB: both go multipart
        return open(server.endpoint(), BUCKET, staging, "multipart-threshold = 100KiB", "part-size = 64KiB");
    }

    /** Opens a fresh prefix of {@code bucket} as a user's configuration would. */
    static WorkspaceStorage open(URI endpoint, String bucket, Path staging, String... settings) throws Exception {
        String[] hocon = new String[settings.length + 3];
        hocon[0] = "endpoint = \"" + endpoint + "\"";
        hocon[1] = "path-style-access = true";
        hocon[2] = "staging-directory = \"" + staging.toString().replace("\\", "/") + "\"";
        System.arraycopy(settings, 0, hocon, 3, settings.length);
        return new S3StorageProvider().open(URI.create("s3://" + bucket + "/contract-" + UUID.randomUUID() + "/"),
                ReferenceSection.of(hocon));
    }
}
