package dev.kart.storage.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What the S3 storage reads of an error's causes ends, whatever the causes. */
class S3FailuresTest {

    @Test
    @Timeout(10)
    void causesChainedInACircleAreReadOnceEach() {
        IOException first = new IOException("stream closed");
        IOException second = new IOException("reset by peer", first);
        first.initCause(second);
        SdkClientException wrapped = SdkClientException.builder().message("Unable to execute HTTP request").cause(first)
                .build();

        assertThat(S3Failures.chain(wrapped)).containsExactly(wrapped, first, second);
        assertThat(S3Failures.rootMessage(wrapped)).isEqualTo("IOException: reset by peer");
        assertThat(S3Failures.isUnreachable(wrapped)).isFalse();
    }

    @Test
    @Timeout(10)
    void aRefusedConnectionBehindACircleIsStillTold() {
        IOException first = new IOException("retrying");
        ConnectException refused = new ConnectException("Connection refused");
        refused.initCause(first);
        first.initCause(refused);
        SdkClientException wrapped = SdkClientException.builder().message("Unable to execute HTTP request").cause(first)
                .build();

        assertThat(S3Failures.isUnreachable(wrapped)).isTrue();
        assertThat(S3Failures.rootMessage(wrapped)).isEqualTo("ConnectException: Connection refused");
    }
}
