package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    private static final String ECHO = "fixtures.Echo";

    @TempDir
    Path workspace;

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
        assertThat(result.err()).contains("rejected its parameters: top is 0, expected at least 1");
    }

    @Test
    void helpAfterATaskListsItsParametersWithTypesDefaultsAndHashing() {
        Cli.Result result = Cli.run("run", ECHO, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: kart run fixtures.Echo [--PARAMETER=VALUE...]", "Task dev.kart.fixtures.Echo",
                "output: .txt file holding String").containsPattern("--text +String +from-default +yes")
                .containsPattern("--loud +boolean +false +yes").containsPattern("--note +String +no \\(@Insignificant\\)");
    }

    @Test
    void helpWithoutATaskShowsTheCommandsOptions() {
        Cli.Result result = Cli.run("run", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: kart run", "--workers=N", "--redis-host=HOST", "--local-scheduler");
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
    void theLocalSchedulerFlagOfThePythonSystemIsAccepted() {
        Cli.Result result = Cli.run("run", "sample.SomeTask", "--local-scheduler", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("dev.kart.examples.sample.SomeTask(name=world)");
    }

    private String echo(String... options) throws IOException {
        String[] args = new String[options.length + 4];
        args[0] = "run";
        args[1] = ECHO;
        args[2] = "--workspace";
        args[3] = workspace.toString();
        System.arraycopy(options, 0, args, 4, options.length);
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String output = result.out().lines().filter(line -> line.startsWith("Output: ")).findFirst().orElseThrow()
                .substring("Output: ".length());
        return Files.readString(Path.of(output));
    }
}
