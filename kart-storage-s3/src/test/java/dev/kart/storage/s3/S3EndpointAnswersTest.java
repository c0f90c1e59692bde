package dev.kart.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.config.KartConfigException;
import dev.kart.storage.PublishMode;
import dev.kart.storage.StagedObject;
import dev.kart.storage.StorageUnreachableException;
import dev.kart.storage.WorkspaceStorage;
import dev.kart.test.support.s3.AtomicS3Server;
import dev.kart.test.support.s3.NotS3Server;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What opening says when the endpoint answers but not as a usable S3 bucket: a web server that is
 * not S3, a port that is not HTTP, a store that denies the identity. Each is one message naming the
 * endpoint or bucket and what to check.
 */
class S3EndpointAnswersTest {
    private static final String BUCKET = "kart-answers";
    private static final String IAM_ACTIONS = "s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject,"
            + " s3:ListBucketMultipartUploads and s3:AbortMultipartUpload";

    private static WorkspaceStorage open(URI endpoint) throws IOException {
        return new S3StorageProvider().open(URI.create("s3://" + BUCKET + "/ws"), ReferenceSection.of("endpoint = \""
                + endpoint + "\"", "path-style-access = true", "connect-timeout = 5s", "api-call-timeout = 30s"));
    }

    @Test
    void aWebServerThatIsNotS3IsAConfigurationErrorNamingTheEndpointNotAMissingBucket() {
        for (int status : new int[] {404, 403, 400}) {
            try (NotS3Server web = NotS3Server.http(status)) {
                assertThatThrownBy(() -> open(web.endpoint())).as("HTTP " + status)
                        .isInstanceOf(KartConfigException.class)
                        .hasMessageStartingWith("endpoint " + web.endpoint() + " (kart.storage.s3.endpoint) is an HTTP server"
                                + " but does not speak the S3 API: it answered HTTP " + status + " to HeadBucket")
                        .hasMessageContaining("for bucket " + BUCKET)
                        .hasMessageNotContaining("does not exist")
                        .hasMessageNotContaining("\n");
            }
        }
    }

    @Test
    void aWebServerAnsweringEverythingWith200FailsItsFirstQuestionNamingTheEndpointNotWithAStackTrace() throws IOException {
        try (NotS3Server web = NotS3Server.http(200); WorkspaceStorage storage = open(web.endpoint())) {
            assertThatThrownBy(() -> storage.stat("pkg/Task_1.json")).isInstanceOf(IOException.class)
                    .hasMessageContaining("the endpoint " + web.endpoint() + " answered HeadObject of s3://" + BUCKET
                            + "/ws/pkg/Task_1.json with")
                    .hasMessageEndingWith("check that kart.storage.s3.endpoint is the store's S3 API");
        }
    }

    @Test
    void aPortThatDoesNotSpeakHttpIsUnreachableNamingTheEndpoint() {
        try (NotS3Server ssh = NotS3Server.notHttp()) {
            assertThatThrownBy(() -> open(ssh.endpoint()))
                    .isInstanceOf(StorageUnreachableException.class)
                    .hasMessageStartingWith("S3 endpoint " + ssh.endpoint() + " (kart.storage.s3.endpoint, bucket " + BUCKET
                            + ") was reached but did not answer HTTP: ")
                    .hasMessageEndingWith("; check that kart.storage.s3.endpoint names the S3 API's port, and http:// or"
                            + " https:// as it serves")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void deniedAccessAtOpenIsAConfigurationErrorNamingBucketAndIamActions() {
        try (AtomicS3Server denying = AtomicS3Server.start().createBucket(BUCKET).denyAccessKey("kart-test")) {
            assertThatThrownBy(() -> open(denying.endpoint()))
                    .isInstanceOf(KartConfigException.class)
                    .hasMessageStartingWith("access to S3 bucket " + BUCKET + " denied at endpoint " + denying.endpoint()
                            + " (HTTP 403 AccessDenied (Access Denied) to list s3://" + BUCKET + "/ws/)")
                    .hasMessageContaining(IAM_ACTIONS)
                    .hasMessageEndingWith("; objects already published are unchanged")
                    .hasMessageNotContaining("kart-test-secret");
        }
    }

    @Test
    void accessDeniedAfterOpeningNamesBucketAndIamActionsAndPublishesNothing() throws IOException {
        try (AtomicS3Server server = AtomicS3Server.start().createBucket(BUCKET);
                WorkspaceStorage storage = open(server.endpoint())) {
            StagedObject staged = storage.stage("pkg/T.json", out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));
            // the policy changes while kart runs: every request of this identity is refused from now on
            server.denyAccessKey("kart-test");

            assertThatThrownBy(() -> staged.publish(PublishMode.ONCE))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("access to S3 bucket " + BUCKET + " denied at endpoint " + server.endpoint())
                    .hasMessageContaining(IAM_ACTIONS)
                    .hasMessageEndingWith("; objects already published are unchanged");
            assertThatThrownBy(() -> storage.list("pkg/"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("HTTP 403 AccessDenied")
                    .hasMessageContaining(IAM_ACTIONS);
            assertThat(server.keys(BUCKET)).noneMatch(key -> key.startsWith("ws/pkg/"));
        }
    }
}
