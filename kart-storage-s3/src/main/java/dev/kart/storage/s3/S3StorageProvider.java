package dev.kart.storage.s3;

import dev.kart.config.ConfigSection;
import dev.kart.storage.StorageProvider;
import dev.kart.storage.WorkspaceStorage;
import dev.kart.storage.s3.internal.S3Location;
import dev.kart.storage.s3.internal.S3Settings;
import dev.kart.storage.s3.internal.S3WorkspaceStorage;
import java.io.IOException;
import java.net.URI;

/**
 * Opens workspaces of scheme {@code s3}: {@code s3://bucket/prefix} is the storage whose objects are
 * the keys under {@code prefix/} of {@code bucket} (the whole bucket without a prefix). Found by
 * {@link java.util.ServiceLoader}; its settings are {@code kart.storage.s3} (region, endpoint,
 * path-style access, multipart sizes, conditional writes, timeouts). Credentials come only from the
 * AWS SDK's default provider chain and never appear in messages or logs.
 *
 * <p>{@link #open} checks the credentials and the bucket (HeadBucket, and when that fails one
 * ListObjectsV2 under the prefix) before it returns, so that a missing bucket, a refused identity, a
 * wrong region or an endpoint that is not S3 fail there with a one-line message naming the bucket and
 * endpoint: {@link dev.kart.storage.StorageUnreachableException} when the endpoint cannot be reached,
 * does not answer HTTP, or accepts the connection but does not answer (each check is one attempt
 * without retries: about {@code connect-timeout + socket-timeout}, cut off at twice that),
 * {@link dev.kart.config.KartConfigException} for missing credentials, a missing bucket, a wrong
 * region, denied access (naming the IAM actions kart needs), an HTTP server that does not speak S3,
 * or an invalid setting or URI.
 */
public final class S3StorageProvider implements StorageProvider {

    /** Made by {@link java.util.ServiceLoader}. */
    public S3StorageProvider() {
    }

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public WorkspaceStorage open(URI location, ConfigSection section) throws IOException {
        S3Location parsed = S3Location.parse(location);
        S3Settings settings = S3Settings.from(section);
        return S3WorkspaceStorage.open(parsed, settings);
    }
}
