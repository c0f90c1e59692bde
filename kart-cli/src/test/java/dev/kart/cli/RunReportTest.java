package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kart run --json} and {@code --report FILE}: the build report a script reads, parsed as a script would. */
class RunReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workspace;

    @Test
    void jsonPrintsOnlyTheReportOfASuccessfulBuildWithOutputsTimingsAndLockFacts() throws IOException {
        Cli.Result result = Cli.run("run", "sample.SomeTask", "--name=json", "--json", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).doesNotContain("execution summary", "Output:");
        JsonNode report = JSON.readTree(result.out());
        assertThat(report.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(report.get("succeeded").asBoolean()).isTrue();
        assertThat(report.get("interrupted").asBoolean()).isFalse();
        assertThat(report.get("elapsedMillis").isIntegralNumber()).isTrue();
        assertThat(report.get("root").get("task").asText()).isEqualTo("dev.kart.examples.sample.SomeTask");
        assertThat(report.get("root").get("label").asText()).contains("SomeTask(name=json)");
        assertThat(report.get("counts").get("DONE").asInt()).isEqualTo(1);

        JsonNode task = only(report.get("tasks"));
        assertThat(task.get("id").asText()).isEqualTo(report.get("root").get("id").asText()).hasSize(32);
        assertThat(task.get("state").asText()).isEqualTo("DONE");
        assertThat(task.get("failure").isNull()).isTrue();
        assertThat(task.get("durationMillis").isIntegralNumber()).isTrue();
        assertThat(task.get("start").asText()).endsWith("Z");
        JsonNode output = only(task.get("outputs"));
        assertThat(output.get("name").isNull()).as("the main output").isTrue();
        assertThat(output.get("relativePath").asText()).startsWith("dev/kart/examples/sample/SomeTask_").endsWith(".txt");
        assertThat(Path.of(URI.create(output.get("uri").asText()))).isEqualTo(Path.of(output.get("path").asText()))
                .hasContent("Hello, json!");
        JsonNode attempt = only(task.get("attempts"));
        assertThat(attempt.get("number").asInt()).isEqualTo(1);
        assertThat(attempt.get("outcome").asText()).isEqualTo("DONE");
        assertThat(attempt.get("failure").isNull()).isTrue();
        JsonNode lock = task.get("lock");
        assertThat(lock.get("runLock").asBoolean()).as("SomeTask is @RunWithLock").isTrue();
        assertThat(lock.get("policy").asText()).as("kart.lock.on-collision").isEqualTo("DEFER");
        assertThat(lock.get("collisions").asInt()).isZero();
        assertThat(lock.get("lockWaitMillis").isIntegralNumber()).isTrue();
        assertThat(lock.get("runLeaseTokens")).hasSize(1);
        assertThat(lock.get("publishTokens")).hasSize(1);
        assertThat(lock.get("ranBy").asText()).contains(":" + ProcessHandle.current().pid());

        Cli.Result again = Cli.run("run", "sample.SomeTask", "--name=json", "--json", "--workspace", workspace.toString());

        JsonNode complete = only(JSON.readTree(again.out()).get("tasks"));
        assertThat(complete.get("state").asText()).isEqualTo("ALREADY_COMPLETE");
        assertThat(complete.get("attempts")).isEmpty();
        assertThat(complete.get("start").isNull()).isTrue();
        assertThat(complete.get("lock").get("ranBy").isNull()).isTrue();
    }

    @Test
    void jsonOfAFailedBuildHasEveryAttemptWithClassMessageAndStackTrace() throws IOException {
        Cli.Result result = Cli.run("run", "fixtures.Fails", "--reason=the disk is on fire", "--json",
                "--workspace", workspace.toString(), "-D", "kart.retry.count=1", "-D", "kart.retry.delay=10ms");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
        JsonNode report = JSON.readTree(result.out());
        assertThat(report.get("succeeded").asBoolean()).isFalse();
        assertThat(report.get("interrupted").asBoolean()).isFalse();
        assertThat(report.get("counts").get("FAILED").asInt()).isEqualTo(1);
        assertThat(report.get("counts").get("DONE").asInt()).isEqualTo(1);
        List<String> states = new ArrayList<>();
        report.get("tasks").forEach(task -> states.add(task.get("task").asText() + " " + task.get("state").asText()));
        assertThat(states).as("dependencies first, the root last")
                .containsExactly("dev.kart.fixtures.Echo DONE", "dev.kart.fixtures.Fails FAILED");

        JsonNode failed = report.get("tasks").get(1);
        assertThat(failed.get("failure").get("class").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.get("failure").get("message").asText()).isEqualTo("the disk is on fire");
        assertThat(failed.get("attempts")).hasSize(2);
        for (JsonNode attempt : failed.get("attempts")) {
            assertThat(attempt.get("outcome").asText()).isEqualTo("FAILED");
            JsonNode failure = attempt.get("failure");
            assertThat(failure.get("class").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(failure.get("message").asText()).isEqualTo("the disk is on fire");
            assertThat(failure.get("rootCauseClass").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(failure.get("stackTrace").asText())
                    .startsWith("java.lang.IllegalStateException: the disk is on fire")
                    .contains("at dev.kart.fixtures.Fails.run(Fails.java:");
        }
        assertThat(failed.get("attempts").get(1).get("number").asInt()).isEqualTo(2);
        assertThat(failed.get("outputs")).as("where it would have been written").hasSize(1);
        Path taskInfo = Path.of(failed.get("taskInfo").asText());
        assertThat(taskInfo).as("the record with every attempt's stack trace").exists().startsWith(workspace.resolve("log"));
        assertThat(failed.get("taskInfoUri").asText()).as("the same record, as any workspace names it")
                .isEqualTo(taskInfo.toUri().toString());
    }

    @Test
    void aFailureWhoseCausesComeBackInACircleIsReportedWithItsDeepestCauseBeforeTheCircle() throws IOException {
        Cli.Result result = Cli.run("run", "fixtures.FailsInACircle", "--json", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
        JsonNode failure = only(JSON.readTree(result.out()).get("tasks")).get("failure");
        assertThat(failure.get("class").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failure.get("rootCauseClass").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(failure.get("rootCauseMessage").asText()).isEqualTo("the column is missing");
        // the summary and kart info name the same cause
        Cli.Result summary = Cli.run("run", "fixtures.FailsInACircle", "--workspace", workspace.toString());
        assertThat(summary.out()).as(summary.toString()).contains("after 1 attempt: IllegalArgumentException: the column is missing");
        assertThat(Cli.run("info", "fixtures.FailsInACircle", "--workspace", workspace.toString()).out())
                .contains("IllegalArgumentException: the column is missing");
    }

    @Test
    void reportWritesTheSameDocumentToAFileAndKeepsTheSummary() throws IOException {
        Path file = workspace.resolve("report.json");

        Cli.Result result = Cli.run("run", "books.BookReport", "--book=PERSUASION", "--report", file.toString(),
                "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("This build succeeded", "Output: ");
        JsonNode report = JSON.readTree(file.toFile());
        assertThat(report.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(report.get("succeeded").asBoolean()).isTrue();
        assertThat(report.get("tasks")).hasSize(report.get("counts").get("DONE").asInt());
        JsonNode root = report.get("tasks").get(report.get("tasks").size() - 1);
        assertThat(root.get("task").asText()).isEqualTo("dev.kart.examples.books.BookReport");
        List<String> names = new ArrayList<>();
        root.get("outputs").forEach(output -> names.add(output.get("name").isNull() ? "(main)" : output.get("name").asText()));
        assertThat(names).as("the main output, then the named ones").first().isEqualTo("(main)");
        assertThat(names).hasSizeGreaterThan(1);
    }

    @Test
    void aReportFileInAMissingDirectoryIsAUsageErrorBeforeAnythingRuns() {
        Path file = workspace.resolve("no/such/dir/report.json");

        Cli.Result result = Cli.run("run", "sample.SomeTask", "--report", file.toString(), "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--report " + file, "existing, writable directory");
        assertThat(workspace.resolve("dev")).doesNotExist();
    }

    @Test
    void aReportFileThatIsADirectoryIsAUsageErrorSayingSo() {
        Cli.Result result = Cli.run("run", "sample.SomeTask", "--report", workspace.toString(), "--workspace",
                workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("kart: --report " + workspace + ": a directory, expected a file to write the"
                + " build report to (such as " + workspace.resolve("report.json") + ")\n");
        assertThat(workspace.resolve("dev")).doesNotExist();
    }

    private static JsonNode only(JsonNode array) {
        assertThat(array).hasSize(1);
        return array.get(0);
    }
}
