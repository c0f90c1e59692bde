package dev.kart.storage.s3.internal;

import dev.kart.storage.StorageUnreachableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's exceptions into kart's: {@link StorageUnreachableException} when the endpoint
 * could not be reached, else an {@link IOException} naming the operation, the object and the store's
 * answer. The SDK's messages carry no credentials; none are added here.
 */
final class S3Failures {
    /** What the workspace's identity needs, as docs/storage.md lists it. */
    static final String IAM_ACTIONS = "s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject,"
            + " s3:ListBucketMultipartUploads and s3:AbortMultipartUpload";

    private final String endpoint;
    private final String bucket;

    S3Failures(String endpoint, String bucket) {
        this.endpoint = endpoint;
        this.bucket = bucket;
    }

    String endpoint() {
        return endpoint;
    }

    /**
     * @param action what failed, such as {@code "publish s3://b/k"}
     * @param e the SDK's exception
     * @return the exception to throw
     */
    IOException io(String action, SdkException e) {
        if (isUnreachable(e)) {
            return unreachable(action, e);
        }
        if (e instanceof S3Exception s3 && s3.statusCode() == 403) {
            return new IOException(denied(action, s3), e);
        }
        if (e instanceof S3Exception s3) {
            return new IOException("S3 refused to " + action + " (endpoint " + endpoint + "): " + answer(s3), e);
        }
        return new IOException("could not " + action + " (endpoint " + endpoint + "): " + e.getMessage(), e);
    }

    /**
     * @param action what was refused, such as {@code "list s3://b/ws/"}
     * @param e the store's 403
     * @return the message: the bucket, the answer, the IAM actions kart needs, and that nothing published changed
     */
    String denied(String action, S3Exception e) {
        return "access to S3 bucket " + bucket + " denied at endpoint " + endpoint + " (" + answer(e) + " to " + action
                + "): the identity of the AWS default credentials chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, role) needs "
                + IAM_ACTIONS + " on the bucket and prefix; objects already published are unchanged";
    }

    StorageUnreachableException unreachable(String action, Throwable e) {
        return new StorageUnreachableException("cannot reach S3 endpoint " + endpoint + " (bucket " + bucket + ") to " + action + ": "
                + rootMessage(e) + "; check kart.storage.s3.endpoint, kart.storage.s3.region and the network", e);
    }

    /** @return the status, error code and message of the store's answer */
    static String answer(S3Exception e) {
        StringBuilder text = new StringBuilder("HTTP ").append(e.statusCode());
        if (e.awsErrorDetails() != null) {
            if (e.awsErrorDetails().errorCode() != null) {
                text.append(' ').append(e.awsErrorDetails().errorCode());
            }
            if (e.awsErrorDetails().errorMessage() != null) {
                text.append(" (").append(e.awsErrorDetails().errorMessage()).append(')');
            }
        }
        return text.toString();
    }

    /** Connection refused, unknown host, no route, or a timeout before any answer. */
    static boolean isUnreachable(Throwable e) {
        if (!(e instanceof SdkClientException)) {
            return false;
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        for (Throwable t : chain(e)) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException
                    // Apache's ConnectTimeoutException, without a compile-time tie to httpclient
                    || (t instanceof InterruptedIOException && t.getClass().getSimpleName().contains("Timeout"))) {
                return true;
            }
        }
        return false;
    }

    /** @return the innermost cause's class and message, the SDK's wrapping left out */
    static String rootMessage(Throwable e) {
        List<Throwable> chain = chain(e);
        Throwable root = chain.get(chain.size() - 1);
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * @param e an error
     * @return it and its causes, in order, each once: causes chained in a circle (A caused by B caused by
     *     A), which {@link Throwable#getCause()} alone never ends, stop where the chain comes back
     */
    static List<Throwable> chain(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
