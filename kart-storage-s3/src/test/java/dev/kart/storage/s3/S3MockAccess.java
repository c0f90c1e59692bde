package dev.kart.storage.s3;

import java.net.URI;

/** The shared {@link S3MockServer} for tests of other packages. */
public final class S3MockAccess {
    private S3MockAccess() {
    }

    /** @return the running S3Mock's URL, starting it once */
    public static URI endpoint() {
        return S3MockServer.shared().endpoint();
    }

    /** @return the bucket S3Mock starts with */
    public static String bucket() {
        return S3MockServer.BUCKET;
    }
}
