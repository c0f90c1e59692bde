package dev.kart.test.support.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fixture over plain HTTP, as S3 answers: the SDK's side is tested in kart-storage-s3. */
class AtomicS3ServerTest {
    private AtomicS3Server s3;

    /** An answer; java.net.http is not read by the module under test. */
    private record Answer(int statusCode, String body, String etag) {
    }

    @BeforeEach
    void start() {
        s3 = AtomicS3Server.start().createBucket("b");
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private Answer send(String method, String path, String body, String... headers) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create(s3.endpoint() + path).toURL().openConnection();
        connection.setRequestMethod(method);
        for (int i = 0; i < headers.length; i += 2) {
            connection.setRequestProperty(headers[i], headers[i + 1]);
        }
        if (body != null) {
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (in != null) {
            in.close();
        }
        return new Answer(status, text, connection.getHeaderField("ETag"));
    }

    @Test
    void aConditionalPutTakesOnlyAFreeKeyAndAnswers412WithS3sErrorBody() throws Exception {
        assertThat(send("PUT", "/b/k", "first", "If-None-Match", "*").statusCode()).isEqualTo(200);
        Answer second = send("PUT", "/b/k", "second", "If-None-Match", "*");

        assertThat(second.statusCode()).isEqualTo(412);
        assertThat(second.body()).contains("<Code>PreconditionFailed</Code>");
        assertThat(send("GET", "/b/k", null).body()).isEqualTo("first");
        assertThat(send("PUT", "/b/k", "third").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/b/k", null).body()).isEqualTo("third");
    }

    @Test
    void ofRacingConditionalPutsExactlyOneWins() throws Exception {
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String body = "writer " + i;
            statuses.add(pool.submit(() -> {
                go.await();
                return send("PUT", "/b/race", body, "If-None-Match", "*").statusCode();
            }));
        }
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            codes.add(status.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(codes).filteredOn(c -> c == 200).hasSize(1);
        assertThat(codes).filteredOn(c -> c == 412).hasSize(writers - 1);
        assertThat(new String(s3.content("b", "race"), StandardCharsets.UTF_8)).matches("writer \\d+");
    }

    @Test
    void listObjectsV2PagesWithContinuationTokens() throws Exception {
        for (int i = 0; i < 5; i++) {
            send("PUT", "/b/p/k" + i, "x");
        }
        send("PUT", "/b/q/other", "x");
        List<String> keys = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String query = "?list-type=2&prefix=p/&max-keys=2" + (token == null ? "" : "&continuation-token=" + token);
            String body = send("GET", "/b" + query, null).body();
            pages++;
            Matcher key = Pattern.compile("<Key>(.*?)</Key>").matcher(body);
            while (key.find()) {
                keys.add(key.group(1));
            }
            Matcher next = Pattern.compile("<NextContinuationToken>(.*?)</NextContinuationToken>").matcher(body);
            token = next.find() ? next.group(1) : null;
        } while (token != null);

        assertThat(keys).containsExactly("p/k0", "p/k1", "p/k2", "p/k3", "p/k4");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aMultipartUploadIsInvisibleUntilCompletedAndCanBeAborted() throws Exception {
        String created = send("POST", "/b/m?uploads", null).body();
        Matcher id = Pattern.compile("<UploadId>(.*?)</UploadId>").matcher(created);
        assertThat(id.find()).isTrue();
        String uploadId = id.group(1);
        String etag1 = send("PUT", "/b/m?partNumber=1&uploadId=" + uploadId, "hello ").etag();
        String etag2 = send("PUT", "/b/m?partNumber=2&uploadId=" + uploadId, "world").etag();
        assertThat(send("GET", "/b/m", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/b?uploads&prefix=m", null).body()).contains("<UploadId>" + uploadId + "</UploadId>");

        String complete = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + etag1 + "</ETag></Part>"
                + "<Part><PartNumber>2</PartNumber><ETag>" + etag2 + "</ETag></Part></CompleteMultipartUpload>";
        assertThat(send("POST", "/b/m?uploadId=" + uploadId, complete, "If-None-Match", "*").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/b/m", null).body()).isEqualTo("hello world");
        assertThat(s3.unfinishedUploads("b")).isEmpty();

        String second = send("POST", "/b/m?uploads", null).body();
        Matcher id2 = Pattern.compile("<UploadId>(.*?)</UploadId>").matcher(second);
        assertThat(id2.find()).isTrue();
        assertThat(send("DELETE", "/b/m?uploadId=" + id2.group(1), null).statusCode()).isEqualTo(204);
        assertThat(s3.unfinishedUploads("b")).isEmpty();
        assertThat(send("GET", "/b/m", null).body()).isEqualTo("hello world");
    }

    @Test
    void answersMissingBucketsKeysAndDeniedKeysWithS3ErrorCodes() throws Exception {
        assertThat(send("GET", "/nobucket/k", null).body()).contains("<Code>NoSuchBucket</Code>");
        Answer missing = send("GET", "/b/nokey", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("<Code>NoSuchKey</Code>");

        s3.denyAccessKey("AKIDENIED");
        Answer denied = send("GET", "/b/k", null,
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDENIED/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("<Code>AccessDenied</Code>");
    }
}
