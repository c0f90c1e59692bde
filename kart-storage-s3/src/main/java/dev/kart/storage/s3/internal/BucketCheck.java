package dev.kart.storage.s3.internal;

import dev.kart.config.KartConfigException;
import dev.kart.internal.text.DurationText;
import dev.kart.storage.StorageUnreachableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The check {@link S3WorkspaceStorage#open} makes before it returns: HeadBucket, and when that
 * fails, one ListObjectsV2 under the prefix to learn whether the endpoint speaks S3 at all. The SDK
 * names a HEAD's 404 NoSuchBucket whoever answered it (a HEAD answer has no body), so only a GET's
 * answer tells an S3 store's error ({@code <Error><Code>...}) from a web server's HTML page.
 *
 * <p>Each check is one attempt, without the SDK's retries: an endpoint that accepts connections but
 * never answers (a hung process, TLS spoken to a plain-HTTP port) fails the open within about
 * connect-timeout + socket-timeout instead of after every retry. HttpClient 5 limits the TLS
 * handshake by the connect timeout and each read of the response by the socket timeout; the message
 * names the one that ran out. Whatever the endpoint does, a check is cut off at twice that sum.
 */
final class BucketCheck {
    private static final String ENDPOINT_KEY = "kart.storage.s3.endpoint";
    private static final String CONNECT_TIMEOUT_KEY = "kart.storage.s3.connect-timeout";
    private static final String SOCKET_TIMEOUT_KEY = "kart.storage.s3.socket-timeout";

    private final S3Client s3;
    private final S3Location location;
    private final String region;
    private final S3Failures failures;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final AwsRequestOverrideConfiguration once;

    /**
     * @param s3 the client
     * @param location the bucket and prefix
     * @param region the resolved region, for messages
     * @param failures the workspace's failure messages
     * @param connectTimeout the client's connect timeout
     * @param socketTimeout the client's read timeout; each check is cut off at 2 × (connectTimeout + this)
     */
    BucketCheck(S3Client s3, S3Location location, String region, S3Failures failures, Duration connectTimeout,
            Duration socketTimeout) {
        this.s3 = s3;
        this.location = location;
        this.region = region;
        this.failures = failures;
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
        this.once = onceWithin(cutOff(connectTimeout, socketTimeout));
    }

    /**
     * The limit of one check whatever the endpoint does (such as answering a byte at a time):
     * twice connect + socket timeout, so that against a silent endpoint the connect or socket timeout
     * ends the wait first and names itself, even when the SDK's first request is slow to prepare.
     */
    private static Duration cutOff(Duration connectTimeout, Duration socketTimeout) {
        return connectTimeout.plus(socketTimeout).multipliedBy(2);
    }

    /**
     * The SDK has no per-request retry setting, but a per-request plugin may change the client's
     * configuration for that request alone.
     */
    private static AwsRequestOverrideConfiguration onceWithin(Duration limit) {
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(limit)
                .addPlugin(config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build()))
                .build();
    }

    /**
     * @throws KartConfigException when the bucket is missing, in another region, access is denied,
     *     or the endpoint answers HTTP but not as S3
     * @throws StorageUnreachableException when the endpoint cannot be reached or does not answer HTTP
     * @throws IOException when the store refuses otherwise
     */
    void run() throws IOException {
        String bucket = location.bucket();
        try {
            s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(once));
        } catch (S3Exception e) {
            Optional<String> actualRegion = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null
                    ? Optional.empty()
                    : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
            if (actualRegion.isPresent() && !actualRegion.get().equals(region)) {
                throw new KartConfigException("S3 bucket " + bucket + " is in region " + actualRegion.get() + ", not " + region
                        + " (endpoint " + failures.endpoint() + "): set kart.storage.s3.region = " + actualRegion.get());
            }
            Optional<S3Exception> listed = listUnderPrefix(e);
            if (listed.isEmpty()) {
                // HeadBucket needs s3:ListBucket without a prefix; a policy granting it only under the
                // prefix (an s3:prefix condition) refuses the HEAD but lets kart list, which is all it needs
                return;
            }
            S3Exception answer = listed.get();
            int status = answer.statusCode();
            if (status == 404) {
                // the workspace names a bucket that is not there: the user's setting to fix (exit 2), not an outage
                throw new KartConfigException("S3 bucket " + bucket + " does not exist at endpoint " + failures.endpoint()
                        + " (workspace " + location.uri() + "): check the bucket name, " + ENDPOINT_KEY + " and"
                        + " kart.storage.s3.region", e);
            }
            if (status == 403) {
                throw new KartConfigException(failures.denied("list " + location.describe(location.prefix()), answer), e);
            }
            if (status == 301 || status == 400) {
                throw new KartConfigException("S3 bucket " + bucket + " answered HTTP " + status + " at endpoint "
                        + failures.endpoint() + ": it is probably in another region than " + region
                        + "; check kart.storage.s3.region", e);
            }
            throw failures.io("check bucket " + bucket, answer);
        } catch (SdkClientException e) {
            throw notAnswering(e);
        } catch (SdkException e) {
            throw failures.io("check bucket " + bucket, e);
        }
    }

    /**
     * @param head HeadBucket's failure
     * @return empty when ListObjectsV2 under the prefix succeeds, else the S3 store's answer to it
     * @throws KartConfigException when the answer is not S3's (an HTML page, or no XML error)
     * @throws StorageUnreachableException when the endpoint stops answering
     */
    private Optional<S3Exception> listUnderPrefix(S3Exception head) throws IOException {
        try {
            s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.prefix()).maxKeys(1).overrideConfiguration(once));
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null) {
                throw notS3("HTTP " + head.statusCode() + " to HeadBucket and HTTP " + e.statusCode()
                        + " without an S3 error code to ListObjectsV2", e);
            }
            return Optional.of(e);
        } catch (SdkClientException e) {
            if (S3Failures.isUnreachable(e) || hasIoCause(e)) {
                throw notAnswering(e);
            }
            // such as "Could not parse XML response": an HTML page where S3 sends XML
            throw notS3("HTTP " + head.statusCode() + " to HeadBucket and, to ListObjectsV2, an answer that is not S3's ("
                    + e.getMessage() + ")", e);
        }
    }

    private KartConfigException notS3(String answered, Exception e) {
        return new KartConfigException("endpoint " + failures.endpoint() + " (" + ENDPOINT_KEY + ") is an HTTP server but does"
                + " not speak the S3 API: it answered " + answered + " for bucket " + location.bucket() + "; check that "
                + ENDPOINT_KEY + " is the S3 API's address (such as http://127.0.0.1:9000 for MinIO, not its console) and"
                + " kart.storage.s3.path-style-access", e);
    }

    /** Connection refused or timed out, or something other than HTTP on the port (a banner, TLS where http was said). */
    private IOException notAnswering(SdkClientException e) {
        Optional<String> silence = silence(e);
        if (silence.isPresent()) {
            return new StorageUnreachableException("S3 endpoint " + failures.endpoint() + " (" + ENDPOINT_KEY + ", bucket "
                    + location.bucket() + ") accepted the connection but " + silence.get() + " ("
                    + S3Failures.rootMessage(e) + "); check that " + ENDPOINT_KEY
                    + " names the S3 API's port, http:// or https:// as it serves, and that the store is up", e);
        }
        if (S3Failures.isUnreachable(e)) {
            return failures.unreachable("check bucket " + location.bucket(), e);
        }
        if (hasIoCause(e)) {
            return new StorageUnreachableException("S3 endpoint " + failures.endpoint() + " (" + ENDPOINT_KEY + ", bucket "
                    + location.bucket() + ") was reached but did not answer HTTP: " + S3Failures.rootMessage(e)
                    + "; check that " + ENDPOINT_KEY + " names the S3 API's port, and http:// or https:// as it serves", e);
        }
        return failures.io("check bucket " + location.bucket(), e);
    }

    /**
     * What a connection that was made but never answered waited for: the TLS handshake, which
     * HttpClient 5 limits by the connect timeout (its ConnectTimeoutException then says "Read timed
     * out"), the response, which the socket timeout limits, or this check's call limit, reached
     * first. A TCP connect that timed out is not silence but an unreachable host ("Connect timed out").
     *
     * @return what the endpoint did not do and within which setting, or empty when it is no silence
     */
    private Optional<String> silence(SdkClientException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return Optional.of("did not answer within 2 * (" + CONNECT_TIMEOUT_KEY + " + " + SOCKET_TIMEOUT_KEY + ") = "
                    + DurationText.configValue(cutOff(connectTimeout, socketTimeout)));
        }
        for (Throwable t : S3Failures.chain(e)) {
            boolean readTimedOut = t instanceof InterruptedIOException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("read timed out");
            if (readTimedOut && t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return Optional.of("did not complete the TLS handshake within " + CONNECT_TIMEOUT_KEY + " = "
                        + DurationText.configValue(connectTimeout));
            }
            if (readTimedOut) {
                return Optional.of("did not answer within " + SOCKET_TIMEOUT_KEY + " = " + DurationText.configValue(socketTimeout));
            }
        }
        return Optional.empty();
    }

    /**
     * A connection that broke or spoke something else than HTTP: Apache's NoHttpResponseException,
     * an SSLException, a reset. Apache's ProtocolException is no IOException, so it is told by name.
     */
    private static boolean hasIoCause(Throwable e) {
        List<Throwable> chain = S3Failures.chain(e);
        for (Throwable t : chain.subList(1, chain.size())) {
            if (t instanceof IOException || t.getClass().getName().startsWith("org.apache.hc.core5.http.")) {
                return true;
            }
        }
        return false;
    }
}
