package dev.kart.storage.s3.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import dev.kart.test.support.s3.AtomicS3Server;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A task that fails on an {@code s3://} workspace says where its stack traces went, as on a local one:
 * no file can be named, so the report and the summary name the task info object.
 */
class FailedTaskOnS3Test {
    private static final String BUCKET = "kart-failures";

    record Fails(int n) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            throw new IllegalStateException("no data for day " + n);
        }
    }

    /** A prefix with a space and a {@code ?} stays the key's: the URI quotes them, and its path is the key. */
    @Test
    void theSummaryNamesTheTaskInfoObjectWithEveryAttemptsStackTrace() {
        try (AtomicS3Server server = AtomicS3Server.start().createBucket(BUCKET);
                Kart kart = runtime(server, true)) {
            BuildReport<Integer> report = kart.run(new Fails(3), BuildOptions.defaults());

            TaskOutcome failed = report.rootOutcome();
            assertThat(failed.state()).isEqualTo(TaskState.FAILED);
            assertThat(failed.taskInfo()).as("no local file").isEmpty();
            URI object = failed.taskInfoUri().orElseThrow();
            assertThat(object.toString()).startsWith("s3://" + BUCKET + "/fail%20ures%3F/log/")
                    .endsWith("_" + failed.uniqueId() + ".json");
            String record = new String(server.content(BUCKET, object.getPath().substring(1)), StandardCharsets.UTF_8);
            assertThat(record).contains("no data for day 3", "at dev.kart.storage.s3.e2e.FailedTaskOnS3Test$Fails.run");
            assertThat(report.summary()).contains("after 2 attempts: ", "      task info, with every attempt's stack trace: "
                    + object + " (kart info TASK -v, with this run's --workspace and settings, prints it)\n");
        }
    }

    @Test
    void withoutTaskInfoNothingIsNamed() {
        try (AtomicS3Server server = AtomicS3Server.start().createBucket(BUCKET);
                Kart kart = runtime(server, false)) {
            BuildReport<Integer> report = kart.run(new Fails(4), BuildOptions.defaults());

            assertThat(report.rootOutcome().taskInfo()).isEmpty();
            assertThat(report.rootOutcome().taskInfoUri()).isEmpty();
            assertThat(report.summary()).contains("after 2 attempts: ").doesNotContain("task info");
        }
    }

    private static Kart runtime(AtomicS3Server server, boolean taskInfo) {
        return Kart.builder().workspace(URI.create("s3://" + BUCKET + "/fail%20ures%3F"))
                .set("kart.storage.s3.endpoint", server.endpoint().toString())
                .set("kart.storage.s3.path-style-access", true)
                .set("kart.task-info.enabled", taskInfo)
                .set("kart.retry.count", 1)
                .set("kart.retry.delay", "10ms")
                .set("kart.durable", false)
                .build();
    }
}
