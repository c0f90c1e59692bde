package dev.kart.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.storage.StorageUnreachableException;
import dev.kart.test.support.s3.AtomicS3Server;
import dev.kart.test.support.s3.NotS3Server;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * What opening does when the endpoint accepts connections but never answers (a hung store, TLS
 * spoken to a plain-HTTP port): it fails after one attempt within about connect-timeout +
 * socket-timeout, with one line naming the endpoint and the setting that ran out, as
 * unreachable (the CLI's exit 3), instead of waiting through the SDK's retries. The settings are 1s;
 * the limits asserted are loose because test machines are loaded, yet far below what the SDK's
 * retries took before (four attempts, each a socket-timeout, plus back-off).
 */
class SilentEndpointTest {
    private static final String BUCKET = "kart-silent";
    /** Far above 1s + 1s, far below the 10 minutes of the default api-call-timeout the open used to wait for. */
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static void open(String endpoint) throws IOException {
        new S3StorageProvider().open(URI.create("s3://" + BUCKET + "/ws"), ReferenceSection.of("endpoint = \"" + endpoint + "\"",
                "path-style-access = true", "connect-timeout = 1s", "socket-timeout = 1s", "api-call-timeout = 10m")).close();
    }

    /**
     * @param endpoint the silent endpoint
     * @param waited what the message says the endpoint did not do, and within which setting
     */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertSilentWithinLimit(String endpoint, String waited) {
        long start = System.nanoTime();
        Throwable thrown = null;
        try {
            open(endpoint);
        } catch (Throwable e) {
            thrown = e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("time until the open failed").isLessThan(LIMIT);
        return assertThat(thrown).as("the open's failure")
                .isInstanceOf(StorageUnreachableException.class)
                .hasMessageStartingWith("S3 endpoint " + endpoint + " (kart.storage.s3.endpoint, bucket " + BUCKET
                        + ") accepted the connection but " + waited + " (")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anEndpointThatAcceptsButNeverAnswersFailsTheOpenAfterOneAttemptNamingSocketTimeout() {
        try (NotS3Server silent = NotS3Server.silent()) {
            assertSilentWithinLimit(silent.endpoint().toString(), "did not answer within kart.storage.s3.socket-timeout = 1s")
                    .hasMessageEndingWith("; check that kart.storage.s3.endpoint names the S3 API's port, http:// or https://"
                            + " as it serves, and that the store is up");
            // the open's check is not retried: each SDK attempt would be a new connection
            assertThat(silent.accepted()).as("connections the open made").isEqualTo(1);
        }
    }

    @Test
    void httpsToAnEndpointThatNeverAnswersTheTlsHandshakeFailsWithinTheLimit() {
        try (NotS3Server silent = NotS3Server.silent()) {
            // HttpClient 5 limits the handshake by the connect timeout, not the socket timeout
            assertSilentWithinLimit(silent.endpoint().toString().replace("http://", "https://"),
                    "did not complete the TLS handshake within kart.storage.s3.connect-timeout = 1s");
            assertThat(silent.accepted()).as("connections the open made").isEqualTo(1);
        }
    }

    @Test
    void httpsToAPlainHttpStoreFailsWithinTheLimitAsUnreachable() {
        // (JDK's HttpServer, as AtomicS3Server; other servers answer a plain-text 400, which fails faster)
        // an HTTP server that reads the TLS ClientHello as the start of a request line: it either
        // waits for the rest (silence) or answers in plain text (not TLS); both are unreachable
        try (AtomicS3Server plain = AtomicS3Server.start().createBucket(BUCKET)) {
            String endpoint = plain.endpoint().toString().replace("http://", "https://");
            long start = System.nanoTime();
            assertThatThrownBy(() -> open(endpoint))
                    .isInstanceOf(StorageUnreachableException.class)
                    .hasMessageContaining(endpoint)
                    .hasMessageNotContaining("\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time until the open failed").isLessThan(LIMIT);
        }
    }
}
