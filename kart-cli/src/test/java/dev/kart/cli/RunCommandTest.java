package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    private static final String ECHO = "fixtures.Echo";

    @TempDir
    Path workspace;

    @Test
    void aParameterValueThatIsAnOptionsNameIsRefusedWithTheConfigKeyThatTakesIt() {
        Cli.Result refused = Cli.run("run", "fixtures.Echo", "--text=--workers", "--dry-run", "--workspace",
                workspace.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("kart: task parameter --text of dev.kart.fixtures.Echo cannot take"
                + " '--workers' on the command line, since it reads as the option --workers; give it in config instead:"
                + " -D 'kart.tasks.\"dev.kart.fixtures.Echo\".text=--workers'");
        Cli.Result withItsValue = Cli.run("run", "fixtures.Echo", "--text=--workers=3", "--dry-run", "--workspace",
                workspace.toString());
        assertThat(withItsValue.err()).contains("cannot take '--workers=3' on the command line, since it reads as the"
                + " option --workers;");
        Cli.Result attached = Cli.run("run", "fixtures.Echo", "--text=-Dx=1", "--dry-run", "--workspace",
                workspace.toString());
        assertThat(attached.err()).contains("cannot take '-Dx=1' on the command line, since it reads as the option -D"
                + " with more attached; give it in config instead: -D 'kart.tasks.\"dev.kart.fixtures.Echo\".text=-Dx=1'");
        Cli.Result endOfOptions = Cli.run("run", "fixtures.Echo", "--text=--", "--dry-run", "--workspace",
                workspace.toString());
        assertThat(endOfOptions.err()).contains("cannot take '--' on the command line, since it reads as the end of"
                + " options, --;");
        // a value config could not give either: what the parameter takes, not a config key
        Cli.Result notAnInt = Cli.run("run", "books.BookReport", "--top=--book", "--dry-run", "--workspace",
                workspace.toString());
        assertThat(notAnInt.err()).contains("kart: task parameter --top of dev.kart.examples.books.BookReport:"
                + " '--book' is not a valid int").doesNotContain("config");
        // a value that reads as no option is not blamed when the parameter's value is missing for another reason
        Cli.Result twice = Cli.run("run", "fixtures.Echo", "--text=abc", "--text", "--dry-run", "--workspace",
                workspace.toString());
        assertThat(twice.exitCode()).as(twice.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.err()).contains("task parameter --text of dev.kart.fixtures.Echo is given twice, the last time"
                + " without a value: give it once, as --text=VALUE").doesNotContain("abc");

        Cli.Result configured = Cli.run("run", "fixtures.Echo", "-D", "kart.tasks.\"dev.kart.fixtures.Echo\".text=--workers",
                "--dry-run", "--workspace", workspace.toString());
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        assertThat(configured.out()).contains("Echo(text=--workers,");
    }

    @Test
    void buildsATaskThenAnswersTheSecondRunFromTheCache() {
        Cli.Result first = Cli.run("run", "books.CountWords", "--workspace", workspace.toString());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Scheduled 5 tasks of which:", "* 5 ran successfully:", "This build succeeded",
                "Output: " + workspace.resolve("dev/kart/examples/books/CountWords_"));
        assertThat(first.err()).isEmpty();

        Cli.Result second = Cli.run("run", "books.CountWords", "--workspace", workspace.toString());

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("Scheduled 1 task of which:", "* 1 was already complete:")
                .doesNotContain("ran successfully");
    }

    @Test
    void aRunWalksItsGraphOnceEvenWhenItPrintsTheRunLockNote() throws IOException {
        // on the in-memory backend kart run decides from the graph whether to note that run locks coordinate this
        // process only; the build then runs that graph instead of walking it (and checking every output) again
        Path walks = workspace.resolve("walks.txt");
        Cli.Result noted = Cli.run("run", "fixtures.Walked", "--log=" + walks, "--workspace", workspace.toString());

        assertThat(noted.exitCode()).as(noted.toString()).isZero();
        assertThat(noted.out()).contains("* 2 ran successfully:");
        assertThat(noted.err()).contains("kart: note: the in-memory lock backend coordinates this process only");
        assertThat(Files.readAllLines(walks)).hasSize(1);

        Files.delete(walks);
        Cli.Result rerun = Cli.run("run", "fixtures.Walked", "--log=" + walks, "--rerun-all", "--workspace",
                workspace.toString());

        assertThat(rerun.out()).as(rerun.toString()).contains("* 2 ran successfully:");
        assertThat(Files.readAllLines(walks)).hasSize(1);

        Files.delete(walks);
        Cli.Result dryRun = Cli.run("run", "fixtures.Walked", "--log=" + walks, "--rerun-all", "--dry-run",
                "--workspace", workspace.toString());

        assertThat(dryRun.out()).as(dryRun.toString()).contains("2 of 2 tasks would run");
        assertThat(Files.readAllLines(walks)).hasSize(1);

        Files.delete(walks);
        Cli.Result rerunTask = Cli.run("run", "fixtures.Walked", "--log=" + walks, "--rerun-task", "fixtures.Echo",
                "--workspace", workspace.toString());

        assertThat(rerunTask.out()).as(rerunTask.toString()).contains("* 2 ran successfully:");
        // the build's walk, and the one of the graph's structure that finds the tasks depending on a named one
        assertThat(Files.readAllLines(walks)).hasSize(2);
    }

    @Test
    void rerunRunsTheRootAgainButNotItsCompleteDependencies() {
        Cli.run("run", "books.CountWords", "--workspace", workspace.toString());

        Cli.Result rerun = Cli.run("run", "books.CountWords", "--rerun", "--workspace", workspace.toString());

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("* 1 ran successfully:", "dev.kart.examples.books.CountWords(",
                "* 1 was already complete:", "dev.kart.examples.books.TokenizeChapter(");
    }

    @Test
    void aParameterComesFromTheCommandLineThenConfigFileThenApplicationConfThenDefault(@TempDir Path tasks)
            throws IOException {
        assertThat(echo()).isEqualTo("from-default");

        Files.writeString(tasks.resolve("application.conf"),
                "kart.tasks.\"dev.kart.fixtures.Echo\" { text = from-application }\n");
        assertThat(echo("--classpath", tasks.toString())).isEqualTo("from-application");

        Path file = tasks.resolve("more.conf");
        Files.writeString(file, "kart.tasks.\"dev.kart.fixtures.Echo\".text = from-config-file\n");
        assertThat(echo("--classpath", tasks.toString(), "--config", file.toString())).isEqualTo("from-config-file");

        assertThat(echo("--classpath", tasks.toString(), "--config", file.toString(),
                "-D", "kart.tasks.\"dev.kart.fixtures.Echo\".text=from-define")).isEqualTo("from-define");
        assertThat(echo("--classpath", tasks.toString(), "--config", file.toString(), "--text", "from-command-line"))
                .isEqualTo("from-command-line");
    }

    @Test
    void aBooleanParameterAloneMeansTrue() throws IOException {
        assertThat(echo("--text=quiet", "--loud")).isEqualTo("QUIET");
        assertThat(echo("--text=quiet", "--loud", "false")).isEqualTo("quiet");
    }

    @Test
    void aFailingTaskExitsWithOneAndTheSummaryNamesItsCause() {
        Cli.Result result = Cli.run("run", "fixtures.Fails", "--workspace", workspace.toString(),
                "-D", "kart.retry.count=1", "-D", "kart.retry.delay=10ms");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(result.out()).contains("* 1 ran successfully:", "dev.kart.fixtures.Echo(", "* 1 failed:",
                "dev.kart.fixtures.Fails(", "after 2 attempts: IllegalStateException: failing on purpose",
                "This build failed").doesNotContain("Output:");
        assertThat(result.err()).as("the summary names the task info file").doesNotContain("-v prints");
    }

    @Test
    void aFailureWithoutTaskInfoPointsToMinusVForItsStackTrace() {
        Cli.Result silent = Cli.run("run", "fixtures.Fails", "--workspace", workspace.toString(),
                "-D", "kart.task-info.enabled=false");
        Cli.Result verbose = Cli.run("run", "fixtures.Fails", "--workspace", workspace.toString(),
                "-D", "kart.task-info.enabled=false", "-v");

        assertThat(silent.exitCode()).as(silent.toString()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(silent.out()).doesNotContain("task info, with every attempt's stack trace");
        assertThat(silent.err().lines()).as(silent.toString()).contains("kart: -v prints every failed attempt's stack"
                + " trace, which no task info holds here (kart.task-info.enabled = false, or its write failed)");
        assertThat(verbose.err()).as(verbose.toString()).contains("IllegalStateException: failing on purpose")
                .doesNotContain("-v prints");
    }

    /**
     * A task that throws an error with causes: the summary gives it one line, the deepest cause with
     * what the task said, and points to the task info file, which keeps every attempt's whole stack
     * trace; the console shows no trace.
     */
    @Test
    void aFailureIsOneSummaryLinePointingToTheTaskInfoFileThatKeepsEveryAttemptsTrace() throws IOException {
        Cli.Result result = Cli.runTask(workspace, "fixtures.FailsWithCause", "-D", "kart.retry.count=1",
                "-D", "kart.retry.delay=10ms");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
        List<String> lines = result.out().lines().toList();
        int failure = lines.indexOf(lines.stream().filter(line -> line.contains("dev.kart.fixtures.FailsWithCause("))
                .findFirst().orElseThrow(() -> new AssertionError(result.toString())));
        // where the task threw it, the line a user opens first: FailsWithCause's throw of the IOException
        assertThat(lines.get(failure)).endsWith("] after 2 attempts: IOException: disk quota exceeded (cannot write"
                + " the report) (at dev.kart.fixtures.FailsWithCause.run(FailsWithCause.java:19))");
        String pointer = "      task info, with every attempt's stack trace: ";
        assertThat(lines.get(failure + 1)).as(result.toString()).startsWith(pointer);
        Path infoFile = workspace.resolve("log/dev/kart/fixtures")
                .resolve(lines.get(failure + 1).replaceFirst(".*/", ""));
        assertThat(lines.get(failure + 1)).isEqualTo(pointer + new PathDisplay().apply(infoFile));
        JsonNode attempts = new ObjectMapper().readTree(infoFile.toFile()).get("attempts");
        assertThat(attempts).as("every attempt's trace, causes included").hasSize(2).allSatisfy(attempt ->
                assertThat(attempt.get("stackTrace").asText()).startsWith("java.lang.IllegalStateException: cannot write"
                        + " the report\n\tat ").contains("Caused by: java.io.UncheckedIOException: writing report.csv",
                        "Caused by: java.io.IOException: disk quota exceeded"));
        assertThat(result.err()).doesNotContain("\tat ", "Caused by");
    }

    @Test
    void verbosePrintsEveryFailedAttemptsWholeStackTraceOnStderrAndTheSameSummary() {
        Cli.Result quiet = Cli.runTask(workspace, "fixtures.FailsWithCause", "-D", "kart.retry.count=1",
                "-D", "kart.retry.delay=10ms");
        Cli.Result verbose = Cli.runTask(workspace, "fixtures.FailsWithCause", "-D", "kart.retry.count=1",
                "-D", "kart.retry.delay=10ms", "-v");
        Cli.Result longForm = Cli.run("run", "--verbose", "fixtures.FailsWithCause", "--workspace", workspace.toString());

        assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(ExitCodes.TASK_FAILED);
        // the builds' elapsed times differ: 850ms, 1.2s
        String elapsed = "This build failed in (\\d+ms|\\d+\\.\\ds|\\d+m\\d\\ds)";
        assertThat(verbose.out().replaceAll(elapsed, "T")).isEqualTo(quiet.out().replaceAll(elapsed, "T"));
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThat(verbose.err()).containsPattern("kart: dev\\.kart\\.fixtures\\.FailsWithCause\\(reason=disk quota"
                    + " exceeded\\)\\[[0-9a-f]{32}\\]: attempt " + attempt + " of 2 failed:\njava.lang.IllegalStateException:"
                    + " cannot write the report\n\tat ");
        }
        assertThat(verbose.err().split("Caused by: java.io.IOException: disk quota exceeded", -1)).hasSize(3);
        assertThat(verbose.err()).contains("Caused by: java.io.UncheckedIOException: writing report.csv");
        assertThat(longForm.err()).contains("attempt 1 of 1 failed:", "Caused by: java.io.IOException: disk quota exceeded");
    }

    @Test
    void aValueThatDoesNotParseNamesTheParameterTheValueAndTheType() {
        Cli.Result result = Cli.run("run", "books.BookReport", "--top=abc", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("parameter 'top' of task dev.kart.examples.books.BookReport", "'abc'", "int");
        assertThat(workspace).isEmptyDirectory();
    }

    @Test
    void aMisspeltOptionIsNotTakenForATaskParameter() {
        Cli.Result result = Cli.run("run", "books.BookReport", "--worker", "2", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("unknown option '--worker' for task dev.kart.examples.books.BookReport",
                "did you mean --workers?", "--book, --top, --min-length");
    }

    @Test
    void valuesARecordRejectsAreUsageErrors() {
        Cli.Result result = Cli.run("run", "books.BookReport", "--top", "0", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: task dev.kart.examples.books.BookReport"
                + " rejected its parameters: --top is 0, expected at least 1",
                "Run 'kart run books.BookReport --help' for the task's parameters.");
    }

    @Test
    void aRejectedValueIsNamedByTheOptionTheHelpListsWhicheverSpellingGaveIt() {
        // the record's own words name the Java parameter, minLength; the help lists --min-length
        Cli.Result camel = Cli.run("run", "books.ChapterTfIdf", "--minLength=0", "--workspace", workspace.toString());
        Cli.Result kebab = Cli.run("run", "books.ChapterTfIdf", "--min-length=0", "--workspace", workspace.toString());

        for (Cli.Result result : List.of(camel, kebab)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: task"
                    + " dev.kart.examples.books.ChapterTfIdf rejected its parameters: --min-length is 0, expected at least 1",
                    "Run 'kart run books.ChapterTfIdf --help' for the task's parameters.");
        }
        // no option gave it: the record's words stay as they are, beside the key that gave the value
        Cli.Result configured = Cli.run("run", "books.ChapterTfIdf", "-D",
                "kart.tasks.\"dev.kart.examples.books.ChapterTfIdf\".min-length=0", "--workspace", workspace.toString());
        assertThat(configured.exitCode()).as(configured.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(configured.err()).as(configured.toString()).contains("rejected its parameters: minLength is 0,"
                + " expected at least 1 (values set in config: 'kart.tasks.\"dev.kart.examples.books.ChapterTfIdf\""
                + ".min-length' (the command line))");
    }

    @Test
    void helpAfterATaskShowsKartsOptionsAndTheTasksParametersInOneLayout() {
        Cli.Result result = Cli.run("run", ECHO, "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Usage: kart run [OPTIONS] fixtures.Echo [--PARAMETER=VALUE...]",
                "Task dev.kart.fixtures.Echo", "output: .txt file holding String",
                "comes from config, else from its default; the key:\n  kart.tasks.\"dev.kart.fixtures.Echo\".NAME\n");
        // One table: the task's parameters start in the same column as kart's options and their
        // descriptions too.
        String workers = line(result.out(), "--workers=N");
        String text = line(result.out(), "--text=String");
        assertThat(text.indexOf("--text")).isEqualTo(workers.indexOf("--workers"));
        assertThat(text.indexOf("Default: from-default.")).isEqualTo(workers.indexOf("Worker threads"));
        assertThat(result.out()).containsPattern("--loud\\[=true\\|false] +Default: false\\.")
                .containsPattern("--note=String +Default: \\(empty\\)\\. Not in the unique id\\s+\\(@Insignificant\\)")
                .doesNotContain("--minLength");
        assertThat(result.out().indexOf("--workers=N")).isLessThan(result.out().indexOf("--text=String"));
    }

    @Test
    void helpAfterATaskListsTheNamedOutputsOfTheTaskTheLineWouldBuild() {
        Cli.Result report = Cli.run("run", "books.BookReport", "--help");
        Cli.Result given = Cli.run("run", "fixtures.Exports", "--names=totals,rates", "--help");
        Cli.Result none = Cli.run("run", "fixtures.Exports", "--names=", "--help");
        Cli.Result missing = Cli.run("run", "fixtures.Exports", "--help");
        Cli.Result refused = Cli.run("run", "fixtures.Exports", "--names=no good", "--help");

        for (Cli.Result result : List.of(report, given, none, missing, refused)) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
        assertThat(report.out()).contains("  output: .txt file holding String\n"
                + "  named outputs: summary (.summary.json file holding BookSummary)\n");
        assertThat(given.out()).contains("  named outputs: totals (.totals.json file holding Long), rates (.rates.json"
                + " file holding Long)\n");
        assertThat(none.out()).contains("  named outputs: none with these parameters\n");
        // the run's own reasons: a parameter without a default not given, a value the task refuses
        assertThat(missing.out()).containsPattern("  named outputs: listed once the task can be made \\([^\n]*names[^\n]*\\)\n");
        assertThat(refused.out()).contains("  named outputs: listed once the task can be made (", "'no good'");
        assertThat(Cli.run("run", ECHO, "--help").out()).as("a task class without named outputs").doesNotContain("named outputs");
    }

    @Test
    void helpAfterATaskSaysWhyARunWouldRefuseADefault() {
        Cli.Result help = Cli.run("run", "fixtures.BadDefault", "--help");
        Cli.Result run = Cli.run("run", "fixtures.BadDefault", "--workspace", workspace.toString());

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--window=Duration Default: 30. A run without a value refuses"
                + " this default: '30' is not a valid java.time.Duration (a duration needs a unit: 30s for seconds, as luigi's"
                + " TimeDeltaParameter reads a bare number, or 30ms, as Typesafe Config does). --days=int Default: 7. ");
        // what the help foretells
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'30' is not a valid java.time.Duration (a duration needs a unit");
    }

    @Test
    void helpAfterATaskShowsTheValueConfigSetsBesideTheDefault() throws Exception {
        Path file = Files.writeString(workspace.resolve("kart.conf"),
                "kart.tasks.\"dev.kart.examples.books.BookReport\" {\n  min-length = 5\n}\n");

        Cli.Result result = Cli.run("run", "books.BookReport", "--help", "--config", file.toString(),
                "-D", "kart.tasks.\"dev.kart.examples.books.BookReport\".top=20");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        // the help wraps lines anywhere, even inside a key: compared without whitespace
        String help = result.out().replaceAll("\\s+", "");
        assertThat(help).contains(("--top=int Default: 10. Config sets \"20\" (kart.tasks.\"dev.kart.examples.books.BookReport\"."
                + "top, the command line), used when not given here.").replace(" ", ""))
                .contains(("--min-length=int Default: 3. Config sets 5 (kart.tasks.\"dev.kart.examples.books.BookReport\"."
                        + "min-length, " + file + ", line 2), used when not given here.").replace(" ", ""))
                .contains("Default:PRIDE_AND_PREJUDICE.--top");

        Cli.Result refused = Cli.run("run", "books.BookReport", "--help",
                "-D", "kart.tasks.\"dev.kart.examples.books.BookReport\".top=five");
        assertThat(refused.exitCode()).as(refused.toString()).isZero();
        assertThat(refused.out().replaceAll("\\s+", "")).contains(("Config sets \"five\" (kart.tasks.\"dev.kart.examples.books."
                + "BookReport\".top, the command line), which the run refuses: parameter 'top' of task"
                + " dev.kart.examples.books.BookReport: 'five' is not a valid int").replace(" ", ""));
    }

    @Test
    void helpAfterATaskSaysWhichParametersAreDependenciesAndWhereTheyComeFrom() {
        Cli.Result result = Cli.run("run", "fixtures.Fails", "--reason=x", "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("--reason=String").doesNotContain("--input=");
        assertThat(result.out().replaceAll("\\s+", " ")).contains("--input (Echo) of Fails is a dependency, not a"
                + " command-line parameter: kart builds it from kart.tasks.\"dev.kart.fixtures.Echo\" in config");
    }

    /** Middle's part has no default and, as a dependency made by kart, no option: its help says config must set it. */
    @Test
    void helpNamesTheParametersOfADependencyThatConfigMustSetAndTheRunTakesThemFromThere() {
        String middlePart = "kart.tasks.\"dev.kart.fixtures.chain.Middle\".part";
        Cli.Result unset = Cli.run("run", "chain.Above", "--help");

        assertThat(unset.exitCode()).as(unset.toString()).isZero();
        assertThat(unset.out().replaceAll("\\s+", " ")).contains("--middle (Middle) of Above is a dependency, not a"
                + " command-line parameter", "Middle has no default for part (int) and config sets none: a run fails until"
                + " config does, as in -D '" + middlePart + "=VALUE'.");
        Cli.Result set = Cli.run("run", "chain.Above", "--help", "-D", middlePart + "=1");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).contains("is a dependency, not a").doesNotContain("has no default");

        Cli.Result failing = Cli.runTask(workspace, "chain.Above", "--no-progress");
        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(ExitCodes.USAGE);
        Cli.Result following = Cli.runTask(workspace, "chain.Above", "--no-progress", "-D", middlePart + "=1");
        assertThat(following.exitCode()).as(following.toString()).isZero();
        assertThat(following.out()).contains("dev.kart.fixtures.chain.Above(middle=Middle)");
    }

    @Test
    void kartsOptionsAndTaskParametersMixInAnyOrderAfterTheTask() throws IOException {
        assertThat(echo("--loud", "--rerun", "--text", "mixed", "--no-progress")).isEqualTo("MIXED");
        assertThat(echo("--workers", "1", "--text=mixed", "--no-progress")).isEqualTo("mixed");
        Cli.Result before = Cli.run("run", "--rerun", "--workers", "2", ECHO, "--text", "first", "--workspace",
                workspace.toString());
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out()).contains("dev.kart.fixtures.Echo(text=first, loud=false, note=)");
    }

    @Test
    void aMisspeltParameterGetsTheSameSuggestionAsAMisspeltOption() {
        Cli.Result parameter = Cli.run("run", "books.BookReport", "--tpo=5", "--workspace", workspace.toString());
        Cli.Result option = Cli.run("run", "books.BookReport", "--wokrers", "2", "--workspace", workspace.toString());

        assertThat(parameter.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(parameter.err()).contains("unknown option '--tpo=5' for task dev.kart.examples.books.BookReport"
                + " (did you mean --top?); its parameters: --book, --top, --min-length");
        assertThat(option.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(option.err()).contains("unknown option '--wokrers' for task dev.kart.examples.books.BookReport"
                + " (did you mean --workers?)");
        assertThat(workspace).isEmptyDirectory();
    }

    @Test
    void aTaskParameterBeforeTheTaskIsAUsageErrorSayingWhereItGoes() {
        Cli.Result result = Cli.run("run", "--top=5", "books.BookReport", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("unknown option '--top=5'; task parameters come after the task name");
    }

    @Test
    void aTaskValuedParameterIsNotAnOptionAndTheErrorSaysWhereItsValuesComeFrom() {
        Cli.Result result = Cli.run("run", "fixtures.Fails", "--input=x", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("unknown option '--input=x' for task dev.kart.fixtures.Fails. It is a dependency"
                + " (Echo), built from its own parameters", "-D 'kart.tasks.\"dev.kart.fixtures.Echo\".NAME=VALUE'",
                "its parameters: --reason");
    }

    @Test
    void helpWithoutATaskShowsTheCommandsOptions() {
        Cli.Result result = Cli.run("run", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: kart run", "--workers=N", "--redis-host=HOST", "--local-scheduler");
        assertThat(result.out().lines()).as("every exit code docs/cli.md lists").contains(
                "  1    a task failed for good, or a cache file kart cannot check (nothing ran)",
                "  129  stopped by SIGHUP (its terminal closed); locks released",
                "  130  interrupted by Ctrl-C (SIGINT); locks released", "  143  stopped by SIGTERM; locks released");
        assertThat(result.out()).as("every form of a task's name docs/cli.md lists, for the task and --rerun-task")
                .contains("""
                              TASK [--PARAMETER=VALUE...]
                                                    The task, then its parameters. Name it fully
                                                      qualified (dev.kart.examples.books.BookReport),
                                                      as package.Name (books.BookReport), or by its
                                                      class name alone when no other task has it
                                                      (BookReport).
                        """, """
                                                      on one of them; repeatable. Named as the task to
                                                      build is (books.CountWords, CountWords or fully
                                                      qualified).
                        """);
    }

    @Test
    void aMissingTaskOrBadWorkerCountIsAUsageError() {
        assertThat(Cli.run("run").exitCode()).isEqualTo(ExitCodes.USAGE);
        Cli.Result workers = Cli.run("run", ECHO, "--workers", "0", "--workspace", workspace.toString());
        assertThat(workers.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(workers.err()).contains("--workers 0 must be at least 1");
    }

    @Test
    void aConfigurationErrorNamesTheKeyOrFile(@TempDir Path directory) throws IOException {
        Path config = directory.resolve("bad.conf");
        Files.writeString(config, "kart { workrs = 2 }\n");

        Cli.Result unknownKey = Cli.run("run", ECHO, "--config", config.toString(), "--workspace", workspace.toString());
        Cli.Result missingFile = Cli.run("run", ECHO, "--config", directory.resolve("none.conf").toString());
        Cli.Result wrongType = Cli.run("run", ECHO, "-D", "kart.workers=many", "--workspace", workspace.toString());

        assertThat(unknownKey.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownKey.err()).contains("unknown config key 'kart.workrs'", "kart.workers");
        assertThat(missingFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingFile.err()).contains(directory.resolve("none.conf").toString());
        assertThat(wrongType.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrongType.err()).contains("kart.workers");
    }

    @Test
    void aDefineOfNullClearsAKeySetInAConfigFile(@TempDir Path directory) throws IOException {
        Path config = directory.resolve("limits.conf");
        Files.writeString(config, "kart.task-timeout = 0s\n");

        Cli.Result invalid = Cli.run("run", ECHO, "--config", config.toString(), "--workspace", workspace.toString());
        Cli.Result cleared = Cli.run("run", ECHO, "--config", config.toString(), "-D", "kart.task-timeout=null",
                "--workspace", workspace.toString());

        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(invalid.err()).contains("config key 'kart.task-timeout'", "limits.conf", "is 0s",
                "expected a positive duration");
        assertThat(cleared.exitCode()).as(cleared.toString()).isZero();
    }

    /** A HOCON user's "" is the empty text, as in a file, not the two-character name "". */
    @Test
    void aDefineOfTwoDoubleQuotesIsTheEmptyTextAsInAConfigFile() {
        Cli.Result quoted = Cli.run("run", ECHO, "-D", "kart.lock.redis.sentinel.master=\"\"",
                "-D", "kart.lock.redis.sentinel.nodes=127.0.0.1:26379", "--workspace", workspace.toString());

        assertThat(quoted.exitCode()).as(quoted.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(quoted.err()).contains("config key 'kart.lock.redis.sentinel.master' (the command line) is empty while"
                + " kart.lock.redis.sentinel.nodes (the command line) is not");
    }

    /**
     * A shell user's '' (typed as -D "KEY=''", or quoted twice) reaches kart as two quote characters: HOCON has no
     * single-quoted strings, so it would be the two-character name '', not the empty text the user likely meant.
     */
    @Test
    void aDefineOfTwoSingleQuotesIsRefusedNamingTheKey() {
        Cli.Result quoted = Cli.run("run", ECHO, "-D", "kart.lock.redis.sentinel.master=''", "--workspace",
                workspace.toString());

        assertThat(quoted.exitCode()).as(quoted.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(quoted.err()).contains("-D kart.lock.redis.sentinel.master='': HOCON has no single-quoted strings, so"
                + " '' would be the two characters '', not the empty text; for the empty text write -D"
                + " kart.lock.redis.sentinel.master=\"\" (quoted for the shell: -D 'kart.lock.redis.sentinel.master=\"\"')"
                + " or -D kart.lock.redis.sentinel.master=");
    }

    /**
     * For a key that refuses the empty text, -D KEY="" would only be refused in turn: the error says what the key
     * takes instead, as the key's own error does, with a command to copy.
     */
    @Test
    void aDefineOfTwoSingleQuotesForAKeyThatRefusesTheEmptyTextSaysWhatItTakes() {
        Cli.Result prefix = Cli.run("run", ECHO, "-D", "kart.lock.prefix=''", "--workspace", workspace.toString());
        Cli.Result workspaceKey = Cli.run("run", ECHO, "-D", "kart.workspace=''");

        assertThat(prefix.exitCode()).as(prefix.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(prefix.err()).contains("-D kart.lock.prefix='': HOCON has no single-quoted strings, so '' would be the"
                + " two characters '', not the empty text; nor does kart.lock.prefix take the empty text: write -D"
                + " kart.lock.prefix=VALUE, where VALUE is a non-empty name without spaces\n").doesNotContain("=\"\"");
        assertThat(workspaceKey.exitCode()).as(workspaceKey.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(workspaceKey.err()).contains("-D kart.workspace='': HOCON has no single-quoted strings, so '' would be"
                + " the two characters '', not the empty text; nor does kart.workspace take the empty text: write -D"
                + " kart.workspace=VALUE, where VALUE is a directory (or a path where kart may create one; . for the"
                + " working directory)").doesNotContain("=\"\"");
    }

    /**
     * A duration, a number, a boolean or one of a few names refuses the empty text as its type: -D KEY='' is not sent
     * on to -D KEY="" but told what the key takes, in its own error's words, and null where null unsets it.
     */
    @Test
    void aDefineOfTwoSingleQuotesForATypedKeySaysWhatItTakes() {
        Cli.Result delay = Cli.run("run", ECHO, "-D", "kart.retry.delay=''", "--workspace", workspace.toString());
        Cli.Result workers = Cli.run("run", ECHO, "-D", "kart.workers=''", "--workspace", workspace.toString());
        Cli.Result collision = Cli.run("run", ECHO, "-D", "kart.lock.on-collision=''", "--workspace",
                workspace.toString());
        Cli.Result timeout = Cli.run("run", ECHO, "-D", "kart.task-timeout=''", "--workspace", workspace.toString());
        Cli.Result port = Cli.run("run", ECHO, "-D", "kart.lock.redis.port=''", "--workspace", workspace.toString());

        assertThat(delay.exitCode()).as(delay.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(delay.err()).contains("nor does kart.retry.delay take the empty text: write -D kart.retry.delay=VALUE,"
                + " where VALUE is a duration such as 30s or 5m (units: ns, us, ms, s, m, h, d)\n")
                .doesNotContain("=\"\"");
        assertThat(workers.err()).contains("nor does kart.workers take the empty text: write -D kart.workers=VALUE,"
                + " where VALUE is a number\n").doesNotContain("=\"\"");
        assertThat(collision.err()).contains("nor does kart.lock.on-collision take the empty text: write -D"
                + " kart.lock.on-collision=VALUE, where VALUE is one of fail, wait, defer\n").doesNotContain("=\"\"");
        assertThat(timeout.err()).contains("nor does kart.task-timeout take the empty text: write -D"
                + " kart.task-timeout=VALUE, where VALUE is a duration such as 30s or 5m (units: ns, us, ms, s, m, h, d),"
                + " or null for no limit\n").doesNotContain("=\"\"");
        assertThat(port.err()).as("a backend module's key, by its default's type")
                .contains("nor does kart.lock.redis.port take the empty text").doesNotContain("=\"\"");
    }

    /**
     * The advice for a key of a backend or storage module quotes that module's own error, which kart-core cannot
     * call: the two must not drift apart.
     */
    @Test
    void aDefineOfTwoSingleQuotesForAModulesKeyQuotesWhatThatModulesErrorExpects() {
        // a run that the module refuses for a wrong value of its key; the S3 settings are read for an S3 workspace
        // only, and refused before the store is asked anything
        Map<String, String[]> wrongValueOf = Map.of(
                "kart.lock.redis.client", new String[] {"run", ECHO, "-D", "kart.lock.redis.client=lettuce",
                    "--workspace", workspace.toString()},
                "kart.storage.s3.part-size", new String[] {"run", ECHO, "-D", "kart.storage.s3.part-size=8 parsecs",
                    "-D", "kart.storage.s3.endpoint=http://127.0.0.1:9", "--workspace", "s3://kart-bucket/p"});
        for (Map.Entry<String, String[]> key : wrongValueOf.entrySet()) {
            Cli.Result advice = Cli.run("run", ECHO, "-D", key.getKey() + "=''", "--workspace", workspace.toString());
            Cli.Result wrong = Cli.run(key.getValue());

            Matcher expected = Pattern.compile("where VALUE is (.+)\n").matcher(advice.err());
            assertThat(expected.find()).as(advice.toString()).isTrue();
            assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(wrong.err()).as(wrong.toString()).contains("config key '" + key.getKey() + "'")
                    .contains("expected " + expected.group(1));
        }
    }

    /**
     * An interrupted build's last line says every lock was released only when the lock backend confirmed it; a release
     * Redis never answered is named, with the TTL it may stay held for.
     */
    @Test
    void theLastLineOfAnInterruptedBuildNamesTheLocksWhoseReleaseWasNeverConfirmed() {
        assertThat(RunCommand.releasedLine(List.of(), "kart.lock.ttl = 3m"))
                .isEqualTo("every lock this process held was released.");
        assertThat(RunCommand.releasedLine(List.of("kart:run:38a3"), "kart.lock.ttl = 180s"))
                .isEqualTo("the lock backend never confirmed the release of 1 lock this process held; it may stay held"
                        + " until the TTL runs out (kart.lock.ttl = 180s): kart:run:38a3.");
        assertThat(RunCommand.releasedLine(List.of("kart:run:a", "kart:cache:b"), "kart.lock.ttl = 3m"))
                .isEqualTo("the lock backend never confirmed the release of 2 locks this process held; they may stay"
                        + " held until the TTL runs out (kart.lock.ttl = 3m): kart:run:a, kart:cache:b.");
    }

    /** A task's parameter may take the empty text: only its task knows, so -D KEY="" is offered. */
    @Test
    void aDefineOfTwoSingleQuotesForATaskParameterOffersTheEmptyText() {
        Cli.Result parameter = Cli.run("run", ECHO, "-D", "kart.tasks.\"dev.kart.fixtures.Echo\".text=''",
                "--workspace", workspace.toString());

        assertThat(parameter.exitCode()).as(parameter.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(parameter.err()).contains("; for the empty text write -D kart.tasks.\"dev.kart.fixtures.Echo\".text=\"\"");
    }

    /**
     * The same shell mistake with text inside, -D "kart.lock.prefix='p'", would set the prefix to 'p' with its quotes:
     * refused as '' is, naming the key and the text the user most likely meant.
     */
    @Test
    void aDefineWrappedInSingleQuotesIsRefusedNamingTheKeyAndTheTextInside() {
        Cli.Result quoted = Cli.run("run", ECHO, "-D", "kart.lock.prefix='p'", "--workspace", workspace.toString());

        assertThat(quoted.exitCode()).as(quoted.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(quoted.err()).contains("kart: -D kart.lock.prefix='p': HOCON has no single-quoted strings, so the"
                + " quotes would be part of the value, not around it; for the value p, write -D kart.lock.prefix=p (quoted"
                + " for the shell: -D \"kart.lock.prefix=p\"); to keep the quotes as part of the value, set it in a"
                + " --config file, in double quotes: kart.lock.prefix = \"'p'\"");
        assertThat(Cli.run("run", ECHO, "-D", "kart.lock.prefix=it's", "--workspace", workspace.toString()).exitCode())
                .as("a single quote inside a value is the value's").isZero();
    }

    /**
     * A duration or a number with its quotes kept is no value of its key: -D KEY='5s' is told the value inside, and not
     * sent to a config file to keep the quotes, as a text key is.
     */
    @Test
    void aTypedDefineWrappedInSingleQuotesIsNotSentToKeepTheQuotes() {
        Cli.Result delay = Cli.run("run", ECHO, "-D", "kart.retry.delay='5s'", "--workspace", workspace.toString());
        Cli.Result workers = Cli.run("run", ECHO, "-D", "kart.workers='2'", "--workspace", workspace.toString());

        assertThat(delay.exitCode()).as(delay.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(delay.err()).contains("kart: -D kart.retry.delay='5s': HOCON has no single-quoted strings, so the"
                + " quotes would be part of the value, not around it; for the value 5s, write -D kart.retry.delay=5s"
                + " (quoted for the shell: -D \"kart.retry.delay=5s\")\n").doesNotContain("--config");
        assertThat(workers.exitCode()).as(workers.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(workers.err()).contains("write -D kart.workers=2 (quoted for the shell: -D \"kart.workers=2\")\n")
                .doesNotContain("--config");
    }

    /**
     * -D 'KEY="text"' sets what KEY = "text" does in application.conf, as -D 'KEY=""' sets the empty text: two nodes
     * that write a prefix the two ways take the same locks. A value in double quotes that is no quoted string is refused.
     */
    @Test
    void aDefineInDoubleQuotesIsTheTextInsideAsInAConfigFile() {
        Cli.Result quoted = Cli.run("run", ECHO, "-D", "kart.lock.prefix=\"team a\\\\b\"", "--workspace", workspace.toString());
        Cli.Result broken = Cli.run("run", ECHO, "-D", "kart.lock.prefix=\"a\"b\"", "--workspace", workspace.toString());

        assertThat(quoted.exitCode()).as(quoted.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(quoted.err()).as("the prefix read: the text inside, its escape read")
                .contains("'kart.lock.prefix' (the command line) is 'team a\\b', expected a non-empty name without spaces");
        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(broken.err()).contains("kart: -D kart.lock.prefix=\"a\"b\": a value in double quotes is read as a config"
                + " file reads a quoted string, and this one is not one");
    }

    /** The refusal quotes the value back, but not a password, nor the user information of a Redis URL or workspace. */
    @Test
    void aSecretWrappedInSingleQuotesIsRefusedWithoutShowingIt() {
        Cli.Result password = Cli.run("run", ECHO, "-D", "kart.lock.redis.password='s3cr3t'", "--workspace",
                workspace.toString());
        Cli.Result url = Cli.run("run", ECHO, "-D", "kart.lock.redis.url='redis://kart:s3cr3t@redis.internal:6379'",
                "--workspace", workspace.toString());
        Cli.Result keyPair = Cli.run("run", ECHO, "-D", "kart.workspace='s3://AKIAEXAMPLE:s3cr3t@bucket/p'");

        assertThat(password.exitCode()).as(password.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(password.err()).contains("kart: -D kart.lock.redis.password='***': HOCON has no single-quoted strings,"
                + " so the quotes would be part of the value, not around it; for the value inside the quotes, write"
                + " -D kart.lock.redis.password=VALUE (quoted for the shell: -D \"kart.lock.redis.password=VALUE\")")
                .doesNotContain("s3cr3t");
        assertThat(url.exitCode()).as(url.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(url.err()).contains("-D kart.lock.redis.url='redis://***@redis.internal:6379'")
                .doesNotContain("s3cr3t");
        assertThat(keyPair.exitCode()).as(keyPair.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(keyPair.err()).contains("-D kart.workspace='s3://***@bucket/p'").doesNotContain("s3cr3t", "AKIAEXAMPLE");
    }

    @Test
    void theLocalSchedulerFlagOfThePythonSystemIsAccepted() {
        Cli.Result result = Cli.run("run", "sample.SomeTask", "--local-scheduler", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("dev.kart.examples.sample.SomeTask(name=world)");
    }

    @Test
    void aParameterNamedLikeKartsOwnOptionIsSetInConfigAndTheHelpSaysHow() throws IOException {
        String task = "fixtures.Crowded";
        Cli.Result help = Cli.run("run", task, "--help");
        Cli.Result run = Cli.run("run", task, "--workspace", workspace.toString(), "--noProgress", "--workers", "2",
                "--label=y", "-D", "kart.tasks.\"dev.kart.fixtures.Crowded\".workers=3");

        assertThat(help.out()).contains("--noProgress[=true|false]", "--label=String")
                .doesNotContain("--no-progress[=");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--workers is kart's own option: set workers of Crowded in"
                + " config, as in -D 'kart.tasks.\"dev.kart.fixtures.Crowded\".workers=VALUE'.");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("dev.kart.fixtures.Crowded(workers=3, noProgress=true, label=y)");
        // kart took --workers: the run says so, since a user may have meant the task's
        assertThat(run.err().lines().filter(line -> line.startsWith("kart: warning: --"))).as(run.toString()).containsExactly(
                "kart: warning: --workers after task dev.kart.fixtures.Crowded is kart's own option, not the task's parameter"
                        + " workers, which keeps the value config or its default gives (to set it: -D"
                        + " 'kart.tasks.\"dev.kart.fixtures.Crowded\".workers=VALUE')");
        // before the task's name it is plainly kart's
        assertThat(Cli.run("run", "--workers", "2", task, "--workspace", workspace.toString()).err())
                .doesNotContain("kart's own option");
    }

    @Test
    void aWorkspaceThatCannotBeCreatedIsOneErrorBeforeTheBuildNotAFailureInEveryTask() {
        // /proc takes no directory, even from root, as CI runs the tests
        Cli.Result run = Cli.run("run", ECHO, "--workspace", "/proc/kart-workspace");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).as(run.toString()).first().asString()
                .startsWith("kart: cannot create the workspace /proc/kart-workspace (kart.workspace): ")
                .endsWith("; expected a directory this user can create and write: give another with --workspace DIR");
        assertThat(run.out()).as("no build").doesNotContain("execution summary");
    }

    @Test
    void aMissingValueOfAParameterNamedLikeKartsOwnOptionIsToBeSetInConfigNotGivenHere() {
        Cli.Result run = Cli.run("run", "fixtures.WorkersWithoutDefault", "--workspace", workspace.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).as(run.toString()).first().isEqualTo("kart: missing value for parameter 'workers' of"
                + " task dev.kart.fixtures.WorkersWithoutDefault (int): --workers is kart's own option, so set it in"
                + " config, as in -D 'kart.tasks.\"dev.kart.fixtures.WorkersWithoutDefault\".workers=VALUE', or declare"
                + " @Default");
    }

    private static String line(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow(
                () -> new AssertionError("no line with " + containing + " in\n" + text));
    }

    private String echo(String... options) throws IOException {
        Cli.Result result = Cli.runTask(workspace, ECHO, options);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String output = result.out().lines().filter(line -> line.startsWith("Output: ")).findFirst().orElseThrow()
                .substring("Output: ".length());
        return Files.readString(Path.of(output));
    }

    @Test
    void aDryRunNamesADirectoryStandingWhereAnOutputBelongs() throws Exception {
        Path output = Cli.directoryAtOutputOf(workspace, "occupied");

        Cli.Result dryRun = Cli.run("run", "sample.SomeTask", "--name=occupied", "--dry-run", "--workspace",
                workspace.toString());

        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("output missing: " + output
                + " (a directory stands there: remove it, or the task's publish fails)\n");
    }

    /**
     * A publish refused by a directory at an output's path fails the task after one attempt whatever
     * the retry count: the summary says it was not retried, and why.
     */
    @Test
    void theSummarySaysAPublishRefusedByADirectoryAtAnOutputsPathWasNotRetriedAndWhy() throws Exception {
        Path output = Cli.directoryAtOutputOf(workspace, "occupied-retries");

        Cli.Result run = Cli.run("run", "sample.SomeTask", "--name=occupied-retries", "-D", "kart.retry.count=3",
                "-D", "kart.retry.delay=10ms", "--workspace", workspace.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(run.out()).containsPattern("\n    - dev\\.kart\\.examples\\.sample\\.SomeTask\\(name=occupied-retries\\)"
                + "\\[[0-9a-f]{32}\\] after 1 attempt: CacheWriteException: cannot write cache file "
                + Pattern.quote(output.toString()) + " of .*; the file was not published; not retried: no retry can"
                + " publish while a directory stands there\n");
    }

    @Test
    void aDryRunOfARerunSaysTheRerunReplacesALinkToNothingAtAnOutputsPathAndItDoes() throws Exception {
        Path output = Cli.directoryAtOutputOf(workspace, "rerun-dangling");
        Files.delete(output.resolve("notes.txt"));
        Files.delete(output);
        Files.createSymbolicLink(output, workspace.resolve("gone"));

        Cli.Result dryRun = Cli.run("run", "sample.SomeTask", "--name=rerun-dangling", "--rerun", "--dry-run",
                "--workspace", workspace.toString());
        Cli.Result rerun = Cli.run("run", "sample.SomeTask", "--name=rerun-dangling", "--rerun", "--workspace",
                workspace.toString());

        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("rerun asked (--rerun); " + output
                + ": a symbolic link to nothing (" + workspace.resolve("gone") + " does not exist) stands there, which the rerun"
                + " replaces with the file\n");
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(output).isRegularFile().isNotEmptyFile();
        assertThat(Files.isSymbolicLink(output)).isFalse();
    }

    @Test
    void aDryRunOfARerunNamesADirectoryStandingWhereAnOutputBelongs() throws Exception {
        Path output = Cli.directoryAtOutputOf(workspace, "rerun-occupied");

        Cli.Result dryRun = Cli.run("run", "sample.SomeTask", "--name=rerun-occupied", "--rerun", "--dry-run",
                "--workspace", workspace.toString());

        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("rerun asked (--rerun); " + output
                + ": a directory stands there: remove it, or the task's publish fails\n");
    }

    @Test
    void aDryRunRefusesTheOptionsThatReportABuild() {
        for (List<String> report : List.of(List.of("--json"), List.of("--report", workspace.resolve("r.json").toString()))) {
            List<String> args = new java.util.ArrayList<>(List.of("run", ECHO, "--dry-run", "--workspace", workspace.toString()));
            args.addAll(report);
            Cli.Result refused = Cli.run(args.toArray(String[]::new));

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(refused.err()).contains("kart: " + report.get(0) + " gives the report of a build, and --dry-run"
                    + " runs none: use one or the other");
        }
        assertThat(workspace.resolve("r.json")).doesNotExist();
    }
}
