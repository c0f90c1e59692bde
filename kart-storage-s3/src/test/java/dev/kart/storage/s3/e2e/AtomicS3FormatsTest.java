package dev.kart.storage.s3.e2e;

import dev.kart.test.support.s3.AtomicS3Server;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The formats round trip against the in-process {@link AtomicS3Server} on a free loopback port. */
class AtomicS3FormatsTest extends FormatsRoundTrip {
    private static final String BUCKET = "kart-formats";
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
    protected List<String> multipartSettings() {
        return List.of("256KiB", "128KiB");
    }

    @Override
    protected int largeSize() {
        return 1024 * 1024 + 17;
    }
}
