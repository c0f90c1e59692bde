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

    /**
     * S3Mock 5.2.0 (and 4.x) deletes the object at a key when an upload to that key is aborted,
     * which S3 never does; kart aborts an upload that publishing once found refused, or that is
     * discarded. Checked against AtomicS3Server instead.
     */
    @Override
    protected boolean abortingAnUploadKeepsTheObjectAtItsKey() {
        return false;
    }

    @Override
    protected int multipartSize() {
        return 10 * 1024 * 1024 + 123;
    }
}
