package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.support.s3.AtomicS3Server;
import dev.kart.test.support.s3.NotS3Server;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar on an {@code s3://} workspace, as a user runs it: an S3 endpoint (the in-process
 * {@link AtomicS3Server} on a free loopback port) given with {@code -D kart.storage.s3.endpoint=...},
 * credentials in the AWS SDK's environment variables. Each test uses a prefix of its own.
 */
class KartJarS3IT {
    private static final String BUCKET = "kart-it";
    /** A hang guard only. */
    private static final Duration GUARD = Duration.ofMinutes(2);
    private static AtomicS3Server server;

    @TempDir
    Path directory;

    private final String prefix = "ws-" + UUID.randomUUID();

    @BeforeAll
    static void startServer() {
        server = AtomicS3Server.start().createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The SDK's environment variables with dummy credentials; no profile file nor instance metadata is asked. */
    private Map<String, String> credentials() {
        Map<String, String> environment = new HashMap<>(noCredentials());
        environment.put("AWS_ACCESS_KEY_ID", "kart-it");
        environment.put("AWS_SECRET_ACCESS_KEY", "kart-it-secret");
        return environment;
    }

    private Map<String, String> noCredentials() {
        return Map.of("AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true", "HOME", directory.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", directory.resolve("none-credentials").toString(),
                "AWS_CONFIG_FILE", directory.resolve("none-config").toString());
    }

    private String workspace() {
        return "s3://" + BUCKET + "/" + prefix;
    }

    private List<String> jar(String endpoint, String... args) {
        List<String> command = new ArrayList<>(List.of(KartProcess.java(), "-jar", KartProcess.jar().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-D", "kart.storage.s3.endpoint=" + endpoint, "-D", "kart.storage.s3.path-style-access=true"));
        return command;
    }

    private Cli.Result run(Map<String, String> environment, String... args) throws Exception {
        return KartProcess.run(directory, withoutAwsVariables(environment), jar(server.endpoint().toString(), args));
    }

    /** The machine's own AWS_* variables are blanked, so only the test's credentials count. */
    private static Map<String, String> withoutAwsVariables(Map<String, String> environment) {
        Map<String, String> all = new HashMap<>();
        for (String name : System.getenv().keySet()) {
            if (name.startsWith("AWS_")) {
                all.put(name, "");
            }
        }
        all.putAll(environment);
        return all;
    }

    @Test
    void theReadmesPipelineRunsOnAnS3WorkspaceThenIsCompleteAndTreeInfoAndCleanWorkOnIt() throws Exception {
        String examples = KartProcess.examplesJar().toString();
        Cli.Result first = run(credentials(), "run", "books.BookReport", "--book=PERSUASION", "--workers", "2",
                "--workspace", workspace(), "--classpath", examples);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Scheduled 77 tasks of which:", "* 77 ran successfully:", "This build succeeded",
                "Output: " + workspace() + "/dev/kart/examples/books/BookReport_");
        String reportKey = first.out().lines().filter(line -> line.startsWith("Output: ")).findFirst().orElseThrow()
                .substring(("Output: s3://" + BUCKET + "/").length());
        assertThat(new String(server.content(BUCKET, reportKey), StandardCharsets.UTF_8)).startsWith("Persuasion\n")
                .contains("Most frequent word pairs");
        List<String> keys = server.keys(BUCKET).stream().filter(key -> key.startsWith(prefix + "/")).toList();
        assertThat(keys).as("cache objects").filteredOn(key -> !key.startsWith(prefix + "/log/")).hasSize(78);
        assertThat(keys).as("task info").filteredOn(key -> key.startsWith(prefix + "/log/")).isNotEmpty();
        assertThat(directory.resolve("resources")).as("nothing in the local default workspace").doesNotExist();

        Cli.Result second = run(credentials(), "run", "books.BookReport", "--book=PERSUASION", "--workspace", workspace(),
                "--classpath", examples);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("Scheduled 1 task of which:", "* 1 was already complete:",
                "dev.kart.examples.books.BookReport(book=PERSUASION, top=10, minLength=3)");

        Cli.Result tree = run(credentials(), "tree", "books.BookReport", "--book=PERSUASION", "--workspace", workspace(),
                "--classpath", examples);
        assertThat(tree.exitCode()).as(tree.toString()).isZero();
        assertThat(tree.out()).startsWith("(COMPLETE) books.BookReport[").contains("output: " + workspace()
                + "/dev/kart/examples/books/ChapterTfIdf_").doesNotContain("PENDING");

        Cli.Result info = run(credentials(), "info", "books.BookReport", "--book=PERSUASION", "--workspace", workspace(),
                "--classpath", examples);
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).contains("complete    yes", "outputs     " + workspace() + "/dev/kart/examples/books/BookReport_",
                "task info   " + workspace() + "/log/dev/kart/examples/books/BookReport_", "after 1 attempt");

        // the report's TF-IDF of the chapters and its tree are kept; of any task class, what only the report
        // reached goes
        Cli.Result dry = run(credentials(), "clean", "books.ChapterTfIdf", "--book=PERSUASION", "--top=3", "--all-families",
                "--workspace", workspace(), "--classpath", examples);
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("Workspace " + workspace() + "/: 75 cache files reached by books.ChapterTfIdf",
                "Dry run: nothing was deleted.");
        int unreached = Integer.parseInt(dry.out().lines().filter(line -> line.endsWith(" not reached by these tasks:"))
                .findFirst().orElseThrow().split(" ")[0]);
        assertThat(unreached).as("the report's own objects and what only it needs").isEqualTo(3);
        assertThat(server.keys(BUCKET)).containsAll(keys);

        Cli.Result delete = run(credentials(), "clean", "books.ChapterTfIdf", "--book=PERSUASION", "--top=3", "--all-families",
                "--workspace", workspace(), "--delete", "--classpath", examples);
        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(delete.out()).contains("Deleted " + unreached + " file");
        List<String> left = server.keys(BUCKET).stream().filter(key -> key.startsWith(prefix + "/")).toList();
        assertThat(left).filteredOn(key -> !key.startsWith(prefix + "/log/")).as("the objects reached are kept")
                .hasSize(78 - unreached).anyMatch(key -> key.contains("/ChapterTfIdf_"))
                .anyMatch(key -> key.contains("/ChapterTfIdf_")).noneMatch(key -> key.contains("/BookReport_"));
        assertThat(left).as("task info is never deleted")
                .containsAll(keys.stream().filter(key -> key.startsWith(prefix + "/log/")).toList());
        Cli.Result after = run(credentials(), "run", "books.ChapterTfIdf", "--book=PERSUASION", "--top=3", "--workspace", workspace(),
                "--classpath", examples);
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).as(after.toString()).contains("* 1 was already complete:");
    }

    /** Blob's output class is the fixtures' own: allowed as a command line gives a list, one string of patterns. */
    private static final String ALLOW_BLOB = "kart.formats.java.allow=java.lang.*,java.util.*,dev.kart.fixtures.*";

    @Test
    void aProcessKilledDuringAMultipartUploadPublishesNothingAndCleanAbortsTheUpload() throws Exception {
        List<String> command = jar(server.endpoint().toString(), "run", "fixtures.Blob", "--size=" + (3 * 1024 * 1024),
                "--workspace", workspace(), "--classpath", KartProcess.tasksClasspath(), "-D", ALLOW_BLOB,
                "-D", "kart.storage.s3.multipart-threshold=1MiB", "-D", "kart.storage.s3.part-size=256KiB",
                "-D", "kart.storage.s3.staging-directory=" + directory);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(directory.resolve("out.txt").toFile()).redirectError(directory.resolve("err.txt").toFile());
        builder.environment().putAll(withoutAwsVariables(credentials()));
        Process process = builder.start();
        List<String> uploads;
        try {
            // the writer has sent parts: the upload is listed (its writeObject then waits forever)
            Instant deadline = Instant.now().plus(GUARD);
            do {
                uploads = server.unfinishedUploads(BUCKET).stream().filter(key -> key.startsWith(prefix + "/")).toList();
                assertThat(process.isAlive()).as("the run ended before its upload was seen: %s",
                        Files.readString(directory.resolve("err.txt"))).isTrue();
                assertThat(Instant.now()).as("no upload under %s after %s", prefix, GUARD).isBefore(deadline);
                Thread.sleep(50);
            } while (uploads.isEmpty());
        } finally {
            process.destroyForcibly(); // SIGKILL: no shutdown hook runs
        }
        assertThat(process.waitFor(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);

        assertThat(uploads).singleElement().satisfies(key -> assertThat(key).startsWith(prefix + "/dev/kart/fixtures/Blob_")
                .endsWith(".ser"));
        assertThat(server.keys(BUCKET)).as("no object at the output's key").doesNotContain(uploads.get(0))
                .noneMatch(key -> key.startsWith(prefix + "/") && key.endsWith(".ser"));
        assertThat(server.unfinishedUploads(BUCKET)).contains(uploads.get(0));

        Cli.Result dry = run(credentials(), "clean", "fixtures.Blob", "--size=1", "--workspace", workspace(),
                "--temp-grace", "0s", "--classpath", KartProcess.tasksClasspath(), "-D", ALLOW_BLOB);
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        // the dry run lists what --delete then removes, and says there is something to clean
        assertThat(dry.out()).contains("1 staging older than 0s left by interrupted writes",
                "  unfinished multipart upload of s3://" + BUCKET + "/" + uploads.get(0) + " started ",
                "Dry run: nothing was deleted. Add --delete to remove this staging.").doesNotContain("Nothing to clean.");
        assertThat(server.unfinishedUploads(BUCKET)).contains(uploads.get(0));

        Cli.Result clean = run(credentials(), "clean", "fixtures.Blob", "--size=1", "--workspace", workspace(),
                "--temp-grace", "0s", "--delete", "--classpath", KartProcess.tasksClasspath(), "-D", ALLOW_BLOB);
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains("Removed 1 staging left by interrupted writes",
                "aborted unfinished multipart upload of s3://" + BUCKET + "/" + uploads.get(0),
                "Removed 1 staging left by interrupted writes.").doesNotContain("Nothing to clean.");
        assertThat(server.unfinishedUploads(BUCKET)).doesNotContain(uploads.get(0));
        assertThat(server.keys(BUCKET)).noneMatch(key -> key.startsWith(prefix + "/") && key.endsWith(".ser"));
    }

    @Test
    void aSignalWhileTheStoreIsAskedEndsTheRunWithTheSignalsExitCode() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<String> command = jar("http://127.0.0.1:" + silent.getLocalPort(), "run", "books.BookReport",
                    "--workspace", workspace(), "--classpath", KartProcess.examplesJar().toString());
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(directory.resolve("out.txt").toFile()).redirectError(directory.resolve("err.txt").toFile());
            builder.environment().putAll(withoutAwsVariables(credentials()));
            Process process = builder.start();
            try {
                // connected: kart is opening the workspace (its signal handlers are in place by then)
                // and waits for an answer that never comes
                silent.setSoTimeout((int) GUARD.toMillis());
                try (var connection = silent.accept()) {
                    process.destroy(); // SIGTERM
                    assertThat(process.waitFor(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                process.destroyForcibly();
            }
            String err = Files.readString(directory.resolve("err.txt"));
            assertThat(process.exitValue()).as(err).isEqualTo(143);
            assertThat(err).contains("Interrupted by SIGTERM before the build ran; nothing was published")
                    .doesNotContain("cannot open the workspace", "Exception");
        }
    }

    @Test
    void aMissingBucketIsOneLineNamingBucketAndEndpointAndExitsWithTwo() throws Exception {
        Cli.Result result = run(credentials(), "run", "sample.SomeTask", "--workspace", "s3://kart-no-such-bucket/ws",
                "--classpath", KartProcess.examplesJar().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines().findFirst().orElseThrow()).as(result.toString()).isEqualTo("kart: S3 bucket"
                + " kart-no-such-bucket does not exist at endpoint " + server.endpoint() + " (workspace"
                + " s3://kart-no-such-bucket/ws/): check the bucket name, kart.storage.s3.endpoint and kart.storage.s3.region");
        assertThat(result.err()).doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void noCredentialsIsOneLineNamingTheWorkspaceAndWhatToSetAndExitsWithTwo() throws Exception {
        Cli.Result result = run(noCredentials(), "run", "sample.SomeTask", "--workspace", workspace(),
                "--classpath", KartProcess.examplesJar().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines().findFirst().orElseThrow()).as(result.toString()).isEqualTo("kart: no AWS credentials"
                + " found for workspace " + workspace() + "/: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
                + " with ~/.aws/credentials, or run with a container or instance role");
        assertThat(result.err()).doesNotContain("\tat ");
    }

    @Test
    void anUnreachableEndpointIsOneLineNamingEndpointAndBucketAndExitsWithThree() throws Exception {
        String endpoint = "http://127.0.0.1:" + freePort();

        Cli.Result result = KartProcess.run(directory, withoutAwsVariables(credentials()), jar(endpoint, "run",
                "sample.SomeTask", "--workspace", workspace(), "--classpath", KartProcess.examplesJar().toString()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err().lines()).as(result.toString()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("kart: cannot open the workspace " + workspace() + ": cannot reach S3 endpoint " + endpoint
                        + " (bucket " + BUCKET + ")")
                .contains("Connection refused")
                .endsWith("; check kart.storage.s3.endpoint, kart.storage.s3.region and the network"));
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anEndpointThatIsAWebServerButNotS3IsOneLineNamingTheEndpointAndExitsWithTwo() throws Exception {
        try (NotS3Server web = NotS3Server.http(404)) {
            Cli.Result result = KartProcess.run(directory, withoutAwsVariables(credentials()), jar(web.endpoint().toString(),
                    "run", "sample.SomeTask", "--workspace", workspace(), "--classpath", KartProcess.examplesJar().toString()));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines()).as(result.toString()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("kart: endpoint " + web.endpoint() + " (kart.storage.s3.endpoint) is an HTTP server but does not"
                            + " speak the S3 API: it answered HTTP 404 to HeadBucket")
                    .contains("bucket " + BUCKET)
                    .doesNotContain("does not exist"));
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void anEndpointThatDoesNotSpeakHttpIsOneLineNamingTheEndpointAndExitsWithThree() throws Exception {
        try (NotS3Server ssh = NotS3Server.notHttp()) {
            Cli.Result result = KartProcess.run(directory, withoutAwsVariables(credentials()), jar(ssh.endpoint().toString(),
                    "run", "sample.SomeTask", "--workspace", workspace(), "--classpath", KartProcess.examplesJar().toString()));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
            assertThat(result.err().lines()).as(result.toString()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("kart: cannot open the workspace " + workspace() + ": S3 endpoint " + ssh.endpoint()
                            + " (kart.storage.s3.endpoint, bucket " + BUCKET + ") was reached but did not answer HTTP: ")
                    .endsWith("; check that kart.storage.s3.endpoint names the S3 API's port, and http:// or https:// as it"
                            + " serves"));
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void deniedAccessIsOneLineNamingTheBucketAndIamActionsAndExitsWithTwo() throws Exception {
        try (AtomicS3Server denying = AtomicS3Server.start().createBucket(BUCKET).denyAccessKey("kart-it")) {
            Cli.Result result = KartProcess.run(directory, withoutAwsVariables(credentials()), jar(denying.endpoint().toString(),
                    "run", "sample.SomeTask", "--workspace", workspace(), "--classpath", KartProcess.examplesJar().toString()));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: access to S3 bucket " + BUCKET
                    + " denied at endpoint " + denying.endpoint() + " (HTTP 403 AccessDenied (Access Denied) to list s3://"
                    + BUCKET + "/" + prefix + "/): the identity of the AWS default credentials chain (AWS_ACCESS_KEY_ID,"
                    + " AWS_PROFILE, role) needs s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject,"
                    + " s3:ListBucketMultipartUploads and s3:AbortMultipartUpload on the bucket and prefix; objects already"
                    + " published are unchanged");
            assertThat(result.err()).doesNotContain("kart-it-secret");
            assertThat(denying.keys(BUCKET)).isEmpty();
        }
    }

    @Test
    void aReadOnlyIdentityFailsItsFirstPublishNamingTheBucketAndIamActionsAndPublishesNothing() throws Exception {
        try (AtomicS3Server readOnly = AtomicS3Server.start().createBucket(BUCKET).denyWrites("kart-it")) {
            Cli.Result result = KartProcess.run(directory, withoutAwsVariables(credentials()), jar(readOnly.endpoint().toString(),
                    "run", "sample.SomeTask", "--workspace", workspace(), "--classpath", KartProcess.examplesJar().toString()));

            // HeadBucket and listings pass: the refusal comes with the first write, after the task ran, and
            // fails that task (exit 1); its summary line says what to grant
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(result.out()).contains("access to S3 bucket " + BUCKET + " denied at endpoint "
                    + readOnly.endpoint(), "s3:PutObject", "objects already published are unchanged");
            assertThat(readOnly.keys(BUCKET)).isEmpty();
        }
    }

    @Test
    void aWorkspaceMissingTheColonOfS3IsOneLineAndCreatesNoLocalDirectory() throws Exception {
        String written = "s3//" + BUCKET + "/" + prefix;
        Cli.Result result = run(credentials(), "run", "sample.SomeTask", "--workspace", written,
                "--classpath", KartProcess.examplesJar().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: config key 'kart.workspace'"
                + " (--workspace) is '" + written + "', which looks like an s3:// URI missing its ':' and would be taken as"
                + " a local directory; write s3://" + BUCKET + "/" + prefix + ", or ./" + written + " to mean that directory");
        assertThat(directory.resolve("s3")).doesNotExist();
    }

    @Test
    void aSchemeWithoutAProviderIsOneLineNamingTheSchemesFoundAndExitsWithTwo() throws Exception {
        Cli.Result result = run(credentials(), "run", "sample.SomeTask", "--workspace", "s4://" + BUCKET + "/ws",
                "--classpath", KartProcess.examplesJar().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines().findFirst().orElseThrow()).as(result.toString()).isEqualTo("kart: config key"
                + " 'kart.workspace' (--workspace) is 's4://" + BUCKET + "/ws', but no storage provider for the scheme 's4' is on"
                + " the class path; schemes found: file, s3. A storage is a module that provides dev.kart.storage.StorageProvider"
                + " (s3:// comes with the module kart-storage-s3)");
        assertThat(result.err()).doesNotContain("\tat ");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
