package dev.kart.storage.s3.e2e;

import dev.kart.storage.s3.S3MockAccess;
import java.net.URI;
import java.util.List;

/** The formats round trip against S3Mock in a child JVM (parts of at least 5MiB, as S3 wants). */
class S3MockFormatsTest extends FormatsRoundTrip {
    @Override
    protected URI endpoint() {
        return S3MockAccess.endpoint();
    }

    @Override
    protected String bucket() {
        return S3MockAccess.bucket();
    }

    @Override
    protected List<String> multipartSettings() {
        return List.of("5MiB", "5MiB");
    }

    @Override
    protected int largeSize() {
        return 10 * 1024 * 1024 + 17;
    }
}
