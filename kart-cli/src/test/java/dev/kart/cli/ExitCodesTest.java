package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How kart words the errors that stop a command, and which exit code each gets. */
class ExitCodesTest {
    private static final String ECHO = "fixtures.Echo";

    @TempDir
    Path workspace;

    @Test
    void aWordOfACommandThatTakesNoneIsNamedWithWhatTheCommandTakes() {
        Cli.Result locks = Cli.run("locks", "extra");
        Cli.Result several = Cli.run("locks", "--lock-backend", "in-memory", "a", "b");

        assertThat(locks.exitCode()).as(locks.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(locks.err().lines()).as(locks.toString()).containsExactly(
                "kart: kart locks takes no task or argument: 'extra'", "Run 'kart locks --help' for usage.");
        assertThat(several.err().lines()).as(several.toString()).first()
                .isEqualTo("kart: kart locks takes no task or argument: 'a', 'b'");
    }

    @Test
    void aKartOptionMistypedAfterTheTaskIsSuggestedByItsFirstWord() {
        Cli.Result result = Cli.run("run", "books.BookReport", "--rerun-everything", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines()).as(result.toString()).first().isEqualTo("kart: unknown option"
                + " '--rerun-everything' for task dev.kart.examples.books.BookReport (did you mean one of --rerun,"
                + " --rerun-all, --rerun-task?); its parameters: --book, --top, --min-length");
    }

    @Test
    void aMistakeInATasksParametersPointsToTheTasksHelpNamedAsTyped() {
        Cli.Result unknown = Cli.run("run", "books.BookReport", "--tpo=5", "--workspace", workspace.toString());
        Cli.Result noValue = Cli.run("tree", "BookReport", "--top", "--workspace", workspace.toString());
        Cli.Result badValue = Cli.run("info", "books.BookReport", "--top=five", "--workspace", workspace.toString());
        Cli.Result secondTask = Cli.run("clean", "books.BookReport", ECHO, "--loud", "yes", "--workspace",
                workspace.toString());

        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err().lines()).as(unknown.toString()).containsExactly("kart: unknown option '--tpo=5' for"
                + " task dev.kart.examples.books.BookReport (did you mean --top?); its parameters: --book, --top,"
                + " --min-length",
                "Run 'kart run books.BookReport --help' for the task's parameters.");
        assertThat(noValue.err().lines()).as(noValue.toString()).containsExactly("kart: task parameter --top of"
                + " dev.kart.examples.books.BookReport needs a value (int): give --top=VALUE",
                "Run 'kart tree BookReport --help' for the task's parameters.");
        assertThat(badValue.exitCode()).as(badValue.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(badValue.err().lines()).as(badValue.toString()).containsExactly("kart: parameter 'top' of task"
                + " dev.kart.examples.books.BookReport: 'five' is not a valid int (expected a whole number)",
                "Run 'kart info books.BookReport --help' for the task's parameters.");
        assertThat(secondTask.err().lines()).as(secondTask.toString()).last()
                .isEqualTo("Run 'kart clean fixtures.Echo --help' for the task's parameters.");
    }

    @Test
    void luigisOptionsKartHasNotBeforeTheTaskAreAnsweredInKartsWords() {
        Cli.Result scheduler = Cli.run("run", "--scheduler-port", "8082", "books.BookReport", "--workspace",
                workspace.toString());
        Cli.Result logLevel = Cli.run("tree", "--log-level=DEBUG", "books.BookReport", "--workspace", workspace.toString());

        assertThat(scheduler.exitCode()).as(scheduler.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(scheduler.err().lines()).as(scheduler.toString()).first().isEqualTo("kart: unknown option"
                + " '--scheduler-port': kart has no central scheduler: nodes share the lock backend (--redis-port,"
                + " kart.lock.redis.port) and the workspace instead (a task's own parameter comes after the task's name)");
        assertThat(logLevel.exitCode()).as(logLevel.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(logLevel.err().lines()).as(logLevel.toString()).first().isEqualTo("kart: unknown option"
                + " '--log-level=DEBUG': luigi's --log-level is -D kart.log.level=DEBUG here (or"
                + " JAVA_OPTS=-Dkart.log.level=DEBUG) (a task's own parameter comes after the task's name)");
        Cli.Result module = Cli.run("run", "--module", "books", "BookReport", "--workspace", workspace.toString());
        assertThat(module.exitCode()).as(module.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(module.err().lines()).as(module.toString()).first().asString().startsWith("kart: unknown option"
                + " '--module': luigi's --module M Task is kart run M.Task here");
        // a command that names no task: luigi's word alone
        Cli.Result locks = Cli.run("locks", "--log-level=DEBUG");
        assertThat(locks.exitCode()).as(locks.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(locks.err().lines()).as(locks.toString()).first().isEqualTo("kart: unknown option"
                + " '--log-level=DEBUG': luigi's --log-level is -D kart.log.level=DEBUG here (or"
                + " JAVA_OPTS=-Dkart.log.level=DEBUG)");
    }

    @Test
    void aTaskClassTheJvmCannotLoadIsOneLineAndVerboseAnywhereAddsItsTrace(@TempDir Path classes) throws Exception {
        // a task compiled here, then its class file marked as the next Java's
        Path source = Files.writeString(Files.createDirectories(classes.resolve("src/newer")).resolve("Greet.java"),
                "package newer; public record Greet(String name) implements dev.kart.task.Task<String> {"
                + " public String run(dev.kart.task.RunContext ctx) { return name; } }");
        Path output = classes.resolve("out");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, errors, "-proc:none", "-d", output.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString())).as(errors.toString()).isZero();
        Path classFile = output.resolve("newer/Greet.class");
        byte[] bytes = Files.readAllBytes(classFile);
        bytes[7] = (byte) (Runtime.version().feature() + 45);
        Files.write(classFile, bytes);

        Cli.Result plain = Cli.run("run", "newer.Greet", "--classpath", output.toString(), "--workspace",
                workspace.toString());
        Cli.Result verboseAfter = Cli.run("run", "newer.Greet", "--classpath", output.toString(), "-v", "--workspace",
                workspace.toString());

        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(plain.err().lines()).as(plain.toString()).singleElement().asString().startsWith("kart: class"
                + " newer.Greet was found on the class path but cannot be loaded: UnsupportedClassVersionError: ")
                .endsWith("compile it with javac --release " + Runtime.version().feature());
        assertThat(verboseAfter.exitCode()).as(verboseAfter.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(verboseAfter.err()).as(verboseAfter.toString())
                .contains("java.lang.UnsupportedClassVersionError: newer/Greet", "\tat ");
    }

    @Test
    void aValueATasksParameterCannotTakeStaysOneLineWithVerbose() {
        Cli.Result verbose = Cli.run("run", "books.BookReport", "--top=five", "-v", "--workspace", workspace.toString());

        assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(verbose.err().lines()).as(verbose.toString()).containsExactly("kart: parameter 'top' of task"
                + " dev.kart.examples.books.BookReport: 'five' is not a valid int (expected a whole number)",
                "Run 'kart run books.BookReport --help' for the task's parameters.");
    }

    @Test
    void optionsThatCannotGoTogetherStayOneLineWithVerbose() {
        Cli.Result verbose = Cli.run("run", "books.BookReport", "--dry-run", "--json", "-v", "--workspace", workspace.toString());

        assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(verbose.err().lines()).as(verbose.toString()).containsExactly("kart: --json gives the report of a"
                + " build, and --dry-run runs none: use one or the other", "Run 'kart run --help' for usage.");
    }

    @Test
    void aTaskParameterBeforeTheTaskPointsToTheHelpOfTheTaskNamedAfterIt() {
        Cli.Result before = Cli.run("run", "--top=3", "books.BookReport", "--workspace", workspace.toString());
        Cli.Result two = Cli.run("tree", "--top=3", "--book=PERSUASION", "BookReport", "--min-length=4", "--workspace",
                workspace.toString());
        Cli.Result clean = Cli.run("clean", "--top=3", "books.BookReport", ECHO, "--workspace", workspace.toString());

        assertThat(before.exitCode()).as(before.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(before.err().lines()).as(before.toString()).containsExactly(
                "kart: unknown option '--top=3'; task parameters come after the task name",
                "Run 'kart run books.BookReport --help' for the task's parameters.");
        assertThat(two.err().lines()).as(two.toString()).containsExactly(
                "kart: unknown option '--top=3'; task parameters come after the task name",
                "Run 'kart tree BookReport --help' for the task's parameters.");
        assertThat(clean.err().lines()).as(clean.toString()).last()
                .isEqualTo("Run 'kart clean books.BookReport --help' for the task's parameters.");
    }

    @Test
    void anOptionOfAnotherCommandIsSaidToBeThatCommandsNotBlamedOnTheTask() {
        Cli.Result afterTask = Cli.run("tree", "books.BookReport", "-q", "--workspace", workspace.toString());
        Cli.Result beforeTask = Cli.run("info", "--rerun", "books.BookReport", "--workspace", workspace.toString());
        Cli.Result withValue = Cli.run("run", "books.BookReport", "--format=json", "--workspace", workspace.toString());
        Cli.Result ofTwo = Cli.run("info", "books.BookReport", "--all", "--workspace", workspace.toString());
        Cli.Result noTask = Cli.run("locks", "--delete");

        assertThat(afterTask.exitCode()).as(afterTask.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(afterTask.err().lines()).as(afterTask.toString()).containsExactly(
                "kart: -q is an option of kart run, not of kart tree", "Run 'kart tree --help' for usage.");
        assertThat(beforeTask.err().lines()).as(beforeTask.toString()).containsExactly(
                "kart: --rerun is an option of kart run, not of kart info", "Run 'kart info --help' for usage.");
        assertThat(withValue.err().lines()).as(withValue.toString()).first().asString()
                .startsWith("kart: --format is an option of kart tree, not of kart run");
        assertThat(ofTwo.err().lines()).as(ofTwo.toString()).first()
                .isEqualTo("kart: --all is an option of kart run and kart tree, not of kart info");
        assertThat(noTask.exitCode()).as(noTask.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTask.err().lines()).as(noTask.toString()).containsExactly(
                "kart: --delete is an option of kart clean, not of kart locks", "Run 'kart locks --help' for usage.");
    }

    @Test
    void anOptionOfAnotherCommandNamesWhatThisCommandDoesInsteadWhereItHasAnEquivalent() {
        Cli.Result json = Cli.run("tree", "books.BookReport", "--json", "--workspace", workspace.toString());
        Cli.Result format = Cli.run("run", "books.BookReport", "--format=json", "--workspace", workspace.toString());
        Cli.Result treeDryRun = Cli.run("tree", "books.BookReport", "--dry-run", "--workspace", workspace.toString());
        Cli.Result pending = Cli.run("run", "--pending", "books.BookReport", "--workspace", workspace.toString());
        Cli.Result cleanDryRun = Cli.run("clean", "books.BookReport", "--dry-run", "--workspace", workspace.toString());
        Cli.Result none = Cli.run("info", "books.BookReport", "--json", "--workspace", workspace.toString());

        assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(json.err().lines()).as(json.toString()).containsExactly("kart: --json is an option of kart run, not"
                + " of kart tree; kart tree prints JSON with --format json", "Run 'kart tree --help' for usage.");
        assertThat(format.err().lines()).as(format.toString()).containsExactly("kart: --format is an option of kart"
                + " tree, not of kart run; kart run prints its build report as JSON with --json",
                "Run 'kart run --help' for usage.");
        assertThat(treeDryRun.err().lines()).as(treeDryRun.toString()).first().isEqualTo("kart: --dry-run is an option"
                + " of kart run, not of kart tree; kart tree runs nothing, and with --pending shows only what a build"
                + " would run");
        assertThat(pending.err().lines()).as(pending.toString()).first().isEqualTo("kart: --pending is an option of"
                + " kart tree, not of kart run; kart run shows what it would run, without running it, with --dry-run");
        assertThat(cleanDryRun.exitCode()).as(cleanDryRun.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(cleanDryRun.err().lines()).as(cleanDryRun.toString()).first().isEqualTo("kart: --dry-run is an"
                + " option of kart run, not of kart clean; kart clean deletes nothing unless --delete is given");
        assertThat(none.err().lines()).as("kart info has no JSON: nothing is added").first()
                .isEqualTo("kart: --json is an option of kart run, not of kart info");
    }

    @Test
    void aMistakeThatIsNoTasksPointsToTheCommandsHelp() {
        Cli.Result before = Cli.run("run", "--top=5", "--workspace", workspace.toString());
        Cli.Result unknownTask = Cli.run("run", "--top=5", "books.BookRepot", "--workspace", workspace.toString());
        Cli.Result kartsOption = Cli.run("run", "books.BookReport", "--workers", "many");

        assertThat(before.err().lines()).as(before.toString()).containsExactly(
                "kart: unknown option '--top=5'; task parameters come after the task name",
                "Run 'kart run --help' for usage.");
        assertThat(unknownTask.err().lines()).as(unknownTask.toString()).containsExactly(
                "kart: unknown option '--top=5'; task parameters come after the task name",
                "Run 'kart run --help' for usage.");
        assertThat(kartsOption.err().lines()).as(kartsOption.toString()).last()
                .isEqualTo("Run 'kart run --help' for usage.");
    }
}
