package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code kart} command itself: alone, {@code --version}, and shell completion. */
class KartCommandTest {
    @TempDir
    Path directory;

    @Test
    void kartAlonePrintsTheUsageAndExitsWithTwo() {
        Cli.Result result = Cli.run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("kart: name a command.").contains("Usage: kart", "run", "tree", "info",
                "clean", "locks", "generate-completion", "Exit codes:");
        assertThat(result.err().lines()).as("each exit code on a line of its own, unwrapped").contains(
                "  0    all done", "  1    a task failed for good, or a cache file kart cannot check (nothing ran)",
                "  3    lock backend or workspace store unreachable",
                "  129  stopped by SIGHUP (its terminal closed); locks released",
                "  130  interrupted by Ctrl-C (SIGINT); locks released", "  143  stopped by SIGTERM; locks released",
                "Shell completion (bash; zsh after bashcompinit):", "  source <(kart generate-completion)");
    }

    @Test
    void anUnknownCommandIsNamedWithTheCommandsAndOnlyAClosePieceOfAdvice() {
        Cli.Result far = Cli.run("frobnicate");
        Cli.Result slip = Cli.run("rnu", "sample.SomeTask");

        assertThat(far.exitCode()).as(far.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(far.err()).startsWith("kart: unknown command 'frobnicate'; the commands are run, tree, info, clean,"
                + " locks, generate-completion.").doesNotContain("did you mean", "Did you mean", "Unmatched argument");
        assertThat(slip.exitCode()).as(slip.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(slip.err()).startsWith("kart: unknown command 'rnu' (did you mean run?); the commands are ");
    }

    @Test
    void aTaskNamedWithoutACommandIsToldToGoAfterRun() {
        // luigi's habit: the task where kart's command goes
        Cli.Result task = Cli.run("books.BookReport", "--local-scheduler");

        assertThat(task.exitCode()).as(task.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(task.err()).startsWith("kart: unknown command 'books.BookReport' (to build a task: kart run"
                + " books.BookReport); the commands are run, tree, info, clean, locks, generate-completion.");
        // a command word in the wrong case is a slip of it, and a file name no task
        assertThat(Cli.run("Run", "books.BookReport").err()).startsWith("kart: unknown command 'Run' (did you mean run?)");
        assertThat(Cli.run("data.csv").err()).startsWith("kart: unknown command 'data.csv'; the commands are ");
    }

    @Test
    void luigisModuleAndWorkerOptionsAreAnsweredInKartsWords() {
        Cli.Result module = Cli.run("locks", "--module", "books");
        Cli.Result timeout = Cli.run("locks", "--worker-timeout=5");
        Cli.Result unset = Cli.run("locks", "--worker-timeout");

        assertThat(module.exitCode()).as(module.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(module.err()).startsWith("kart: unknown option '--module': luigi's --module M Task is kart run M.Task"
                + " here");
        assertThat(timeout.err()).startsWith("kart: unknown option '--worker-timeout=5': luigi's --worker-timeout is"
                + " kart.task-timeout here (-D kart.task-timeout=5s;");
        assertThat(unset.err()).startsWith("kart: unknown option '--worker-timeout': luigi's --worker-timeout is"
                + " kart.task-timeout here (-D kart.task-timeout=10m;");
        // luigi's durations are floats, and a worker_timeout of 0 is none
        assertThat(Cli.run("locks", "--worker-timeout=2.5").err()).contains("(-D kart.task-timeout=2.5s;");
        assertThat(Cli.run("locks", "--worker-timeout=0").err()).contains("(-D kart.task-timeout=null;");
    }

    /** Python's True and False, as a gokart user may write them, are offered as HOCON reads booleans. */
    @Test
    void gokartsPythonBooleansAreOfferedInLowerCase() {
        assertThat(Cli.run("locks", "--redis-fail-on-collision=False").err())
                .contains("-D kart.lock.fail-on-collision=false here");
        assertThat(Cli.run("locks", "--should-lock-run=True").err()).contains("-D kart.lock.run-all=true here");
    }

    /** The -D offered carries the value the user gave, so that it can be copied as it is. */
    @Test
    void gokartsLockAndRetryOptionsAreAnsweredWithTheKeysToSet() {
        Cli.Result failOnCollision = Cli.run("run", "sample.SomeTask", "--redis-fail-on-collision=false");
        Cli.Result lockRun = Cli.run("run", "--should-lock-run", "sample.SomeTask");
        Cli.Result timeout = Cli.run("locks", "--redis-timeout=180");
        Cli.Result retries = Cli.run("run", "sample.SomeTask", "--scheduler-retry-count=5");
        Cli.Result delayGiven = Cli.run("run", "sample.SomeTask", "--retry-delay=30");
        Cli.Result delay = Cli.run("run", "sample.SomeTask", "--retry-delay", "60");

        for (Cli.Result result : List.of(failOnCollision, lockRun, timeout, retries, delay, delayGiven)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(failOnCollision.err()).as(failOnCollision.toString()).startsWith("kart: unknown option"
                + " '--redis-fail-on-collision=false' for task dev.kart.examples.sample.SomeTask: gokart's"
                + " --redis-fail-on-collision is -D kart.lock.fail-on-collision=false here (true fails, false waits; per task"
                + " kart.tasks.\"pkg.Task\".fail-on-collision), or choose the policy with -D kart.lock.on-collision=fail,"
                + " wait or defer; its parameters: --name");
        assertThat(lockRun.err()).as(lockRun.toString()).startsWith("kart: unknown option '--should-lock-run': gokart's"
                + " --should-lock-run is -D kart.lock.run-all=true here (per task @RunWithLock, or"
                + " kart.tasks.\"pkg.Task\".lock-run=true)");
        assertThat(timeout.err()).as(timeout.toString()).startsWith("kart: unknown option '--redis-timeout=180': gokart's"
                + " --redis-timeout is -D kart.lock.ttl=180s here, with its unit");
        assertThat(retries.err()).as(retries.toString()).contains("luigi's retry_count (--scheduler-retry-count) is"
                + " -D kart.retry.count=5 here (per task kart.tasks.\"pkg.Task\".retry-count)");
        assertThat(delay.err()).as(delay.toString()).contains("unknown option '--retry-delay' for task"
                + " dev.kart.examples.sample.SomeTask: luigi's retry_delay (--scheduler-retry-delay) is"
                + " -D kart.retry.delay=60s here, with its unit");
        assertThat(delayGiven.err()).as(delayGiven.toString()).contains("luigi's retry_delay (--scheduler-retry-delay) is"
                + " -D kart.retry.delay=30s here, with its unit");
    }

    @Test
    void anOptionOfACommandGivenBeforeTheCommandIsToldToGoAfterIt() {
        Cli.Result quiet = Cli.run("-q", "run", "books.BookReport");
        Cli.Result withValue = Cli.run("--workers=2", "run", "books.BookReport");
        Cli.Result ofSeveral = Cli.run("--all", "tree", "books.BookReport");
        Cli.Result unknown = Cli.run("--quite", "run", "books.BookReport");

        assertThat(quiet.exitCode()).as(quiet.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(quiet.err().lines()).as(quiet.toString()).containsExactly(
                "kart: -q is an option of kart run: give it after the command (kart run -q ...)",
                "Run 'kart --help' for usage.");
        assertThat(withValue.err().lines()).as(withValue.toString()).first()
                .isEqualTo("kart: --workers is an option of kart run: give it after the command (kart run --workers ...)");
        assertThat(ofSeveral.err().lines()).as(ofSeveral.toString()).first().isEqualTo("kart: --all is an option of"
                + " kart run and kart tree: give it after the command (kart COMMAND --all ...)");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err().lines()).as("no command has it").first().isEqualTo("kart: unknown option '--quite'");
    }

    @Test
    void anOptionGivenBeforeTheCommandIsPointedOnlyToCommandsWhoseHelpListsIt() {
        Cli.Result workspace = Cli.run("--workspace=/tmp", "run", "books.BookReport");

        assertThat(workspace.exitCode()).as(workspace.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(workspace.err().lines()).as(workspace.toString()).first().asString()
                .startsWith("kart: --workspace is an option of kart ").doesNotContain("kart locks");
    }

    @Test
    void versionNamesKartAndTheJdkWithItsVendor() {
        Cli.Result result = Cli.run("--version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines().toList()).hasSize(2).first().asString().startsWith("kart ");
        assertThat(result.out()).contains("Java " + Runtime.version(), System.getProperty("java.vendor"));
    }

    @Test
    void versionGivenToACommandPointsToKartsOwnInsteadOfAnotherCommands() {
        Cli.Result run = Cli.run("run", "--version");
        Cli.Result tree = Cli.run("tree", "books.BookReport", "-V");
        Cli.Result completion = Cli.run("generate-completion", "-V");
        Cli.Result locks = Cli.run("locks", "--version");
        Cli.Result locksHelp = Cli.run("locks", "--help");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).as(run.toString()).first()
                .isEqualTo("kart: --version is an option of kart itself: kart --version");
        assertThat(tree.exitCode()).as(tree.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(tree.err().lines()).as(tree.toString()).first()
                .isEqualTo("kart: -V is an option of kart itself: kart -V");
        assertThat(completion.exitCode()).as(completion.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(completion.out()).as("not picocli's version of its completion command").isEmpty();
        assertThat(completion.err().lines()).as(completion.toString()).first()
                .isEqualTo("kart: -V is an option of kart itself: kart -V");
        assertThat(locks.exitCode()).as(locks.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(locks.err().lines()).as(locks.toString()).first()
                .isEqualTo("kart: --version is an option of kart itself: kart --version");
        assertThat(locksHelp.out()).as("kart locks --help, as the other commands' help").contains("--help")
                .doesNotContain("--version", "-V");
    }

    @Test
    void generateCompletionPrintsABashScriptThatCompletesKartsCommandsAndOptions() throws Exception {
        Cli.Result result = Cli.run("generate-completion");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path script = Files.writeString(directory.resolve("kart-completion.bash"), result.out());
        // bash itself loads the script and asks it what follows "kart r" and "kart run --worke"
        String probe = "source " + script + "\n"
                + "complete -p kart\n"
                + "COMP_WORDS=(kart r); COMP_CWORD=1; COMP_LINE='kart r'; COMP_POINT=6; _complete_kart; echo \"${COMPREPLY[@]}\"\n"
                + "COMP_WORDS=(kart run --worke); COMP_CWORD=2; COMP_LINE='kart run --worke'; COMP_POINT=16; _complete_kart;"
                + " echo \"${COMPREPLY[@]}\"\n";
        Cli.Result bash = KartProcess.run(directory, Map.of(), List.of("bash", "-c", probe));

        assertThat(bash.exitCode()).as(bash.toString()).isZero();
        assertThat(bash.out().lines().toList()).as(bash.toString()).hasSize(3);
        assertThat(bash.out().lines().toList().get(0)).contains("complete", "kart");
        assertThat(bash.out().lines().toList().get(1)).isEqualTo("run");
        assertThat(bash.out().lines().toList().get(2)).isEqualTo("--workers");
    }

    @Test
    void generateCompletionRefusesWordsAfterItAsEveryCommandDoes() {
        Cli.Result words = Cli.run("generate-completion", "extra", "words");
        Cli.Result option = Cli.run("generate-completion", "--bash");

        assertThat(words.exitCode()).as(words.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(words.out()).as("no script").isEmpty();
        assertThat(words.err().lines()).as(words.toString()).containsExactly(
                "kart: kart generate-completion takes no task or argument: 'extra', 'words'",
                "Run 'kart generate-completion --help' for usage.");
        assertThat(option.exitCode()).as(option.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(option.out()).as("no script").isEmpty();
        assertThat(option.err().lines()).as(option.toString()).first().isEqualTo("kart: unknown option '--bash'");
    }

    @Test
    void picocliNotesNothingOnStderrBesideKartsOwnError() throws Exception {
        // picocli's tracer prints on System.err, past the command's streams: only a process shows what it prints
        List<String> command = List.of(KartProcess.java(), "-cp", System.getProperty("java.class.path"),
                KartCommand.class.getName(), "run", "books.BookReport", "-D", "kart.tasks.\"x=1");
        Cli.Result result = KartProcess.run(directory, Map.of(), command);
        List<String> traced = new java.util.ArrayList<>(command);
        traced.add(1, "-Dpicocli.trace=WARN");
        Cli.Result asked = KartProcess.run(directory, Map.of(), traced);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: -D needs KEY=VALUE whose KEY is a"
                + " config path such as kart.workers, got 'kart.tasks.\"x=1'", "Run 'kart run --help' for usage.");
        assertThat(asked.err()).as("a picocli.trace of one's own is kept").contains("[picocli WARN] Unbalanced quotes");
    }

    @Test
    void theUsageListsGenerateCompletion() throws IOException {
        Cli.Result result = Cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("generate-completion", "source <(kart generate-completion)");
    }
}
