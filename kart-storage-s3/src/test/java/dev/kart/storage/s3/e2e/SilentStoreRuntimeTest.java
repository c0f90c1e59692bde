package dev.kart.storage.s3.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.KartException;
import dev.kart.core.Kart;
import dev.kart.storage.StorageUnreachableException;
import dev.kart.test.support.s3.NotS3Server;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The runtime, as {@code kart tree} and {@code kart run} build it, on an s3:// workspace whose
 * endpoint accepts connections but never answers: it fails once, after one check request, with the
 * storage's unreachable error (the CLI's exit 3), instead of opening the storage again for every
 * part of the runtime that needs it. The settings are 1s; the limit asserted is loose for loaded
 * test machines.
 */
class SilentStoreRuntimeTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void theRuntimeOpensASilentStoreOnceAndFailsWithinTheLimit() {
        try (NotS3Server silent = NotS3Server.silent()) {
            long start = System.nanoTime();
            Throwable thrown = null;
            try (Kart kart = Kart.builder().workspace(URI.create("s3://kart-silent/ws"))
                    .set("kart.storage.s3.endpoint", silent.endpoint().toString())
                    .set("kart.storage.s3.path-style-access", true)
                    .set("kart.storage.s3.connect-timeout", "1s")
                    .set("kart.storage.s3.socket-timeout", "1s")
                    .build()) {
                kart.workspaceLocation();
            } catch (RuntimeException e) {
                thrown = e;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time until the runtime failed").isLessThan(LIMIT);
            assertThat(thrown).isInstanceOf(KartException.class)
                    .hasMessageStartingWith("cannot open the workspace s3://kart-silent/ws: S3 endpoint " + silent.endpoint())
                    .hasMessageContaining("did not answer within kart.storage.s3.socket-timeout = 1s")
                    .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(thrown.getCause()).isInstanceOf(StorageUnreachableException.class);
            // one HeadBucket attempt, made once: not retried by the SDK, nor opened again per dependent
            assertThat(silent.accepted()).as("connections made").isEqualTo(1);
        }
    }
}
