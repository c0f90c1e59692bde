package dev.kart.storage.s3;

import java.net.URI;

/**
 * The storage against S3Mock, a real S3-compatible server in a child JVM. S3Mock refuses parts
 * under 5MiB but the last, as AWS does, so its multipart objects are a little over 10MiB.
 */
class S3MockStorageTest extends S3StorageBehaviour {

    @Override
    protected URI endpoint() {
        return S3MockServer.shared().endpoint();
    }

    @Override
    protected String bucket() {
        return S3MockServer.BUCKET;
    }

    @Override
    protected String multipartSettings() {
        return "multipart-threshold = 5MiB\npart-size = 5MiB";
    }

    @Override
    protected int multipartSize() {
        return 10 * 1024 * 1024 + 123;
    }
}
