package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kart.core.BuildOptions;
import dev.kart.core.Kart;
import dev.kart.examples.sample.SomeTask;
import dev.kart.fixtures.FailsWithCause;
import dev.kart.lock.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class InfoCommandTest {
    private static final String THIS_PROCESS = ":" + ProcessHandle.current().pid();

    @TempDir
    Path workspace;

    @Test
    void showsWhetherTheTaskIsCompleteWhoRanItWithItsFencingTokensAndItsAttempts() {
        Cli.Result before = Cli.run("info", "sample.SomeTask", "--name=info", "--workspace", workspace.toString());

        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out()).startsWith("dev.kart.examples.sample.SomeTask(name=info)[")
                .containsPattern("unique id +[0-9a-f]{32}\n")
                .containsPattern("complete +no\n")
                .containsPattern("outputs +" + quoted(workspace.resolve("dev/kart/examples/sample/SomeTask_")) + "[0-9a-f]{32}\\.txt \\(missing\\)\n")
                .containsPattern("ran by +unknown: no task info file\n")
                .contains("No node left task info for this task");
        assertThat(workspace.resolve("log")).doesNotExist();

        Cli.Result run = Cli.run("run", "sample.SomeTask", "--name=info", "--workspace", workspace.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Cli.Result after = Cli.run("info", "sample.SomeTask", "--name=info", "--workspace", workspace.toString());

        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).containsPattern("complete +yes\n")
                .containsPattern("outputs +" + quoted(workspace.resolve("dev/kart/examples/sample/SomeTask_")) + "[0-9a-f]{32}\\.txt\n")
                .containsPattern("task info +" + quoted(workspace.resolve("log/dev/kart/examples/sample/SomeTask_")) + "[0-9a-f]{32}\\.json\n")
                .containsPattern("ran by +[^ ]+" + THIS_PROCESS + "[ ,(].*done at \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z after 1 attempt \\(")
                .containsPattern("run lease +fencing token \\d+\n")
                .containsPattern("published +dev/kart/examples/sample/SomeTask_[0-9a-f]{32}\\.txt, fencing token \\d+, at ")
                .containsPattern("\nNodes:\n +NODE +RECORD +STATE +ATTEMPTS +COLLISIONS +LOCK WAIT +RUN LEASE TOKENS\n")
                .containsPattern(THIS_PROCESS + "[^\n]* +task info +DONE +1 +0 +0ms +\\d+\n")
                .containsPattern("\nAttempts:\n +NODE +# +START +DURATION +OUTCOME +COLLISIONS +LOCK WAIT +ERROR\n")
                .containsPattern(THIS_PROCESS + "[^\n]* +1 +\\d{4}-[^ ]+Z +\\d+(ms|\\.\\ds) +DONE +0 +0ms\n");
    }

    /**
     * No task info is no attempt that ended here with task info on, which is when it is written: the task may never
     * have run, or its run was killed (a second Ctrl-C, kill -9) or crashed before; it is not said never to have
     * run. The in-memory backend knows only this process's locks: nothing is said of the task's run lock.
     */
    @Test
    void withoutTaskInfoTheTaskIsNotSaidNeverToHaveRunForARunKilledBeforeItsEndLeavesNoneEither() {
        Cli.Result info = Cli.run("info", "sample.SomeTask", "--name=killed", "--workspace", workspace.toString());

        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).containsPattern("ran by +unknown: no task info file\n")
                .contains("\nNo node left task info for this task: no attempt of it ended in this workspace with task"
                        + " info on (kart.task-info.enabled), which is when task info is written. It may never have run"
                        + " here (a build does not run it once a task it depends on failed: kart info of that task says),"
                        + " or the process that ran it was killed or crashed before its attempt ended.\n")
                .doesNotContain("has not run", "run lock");
    }

    @Test
    void theExamplesOfItsHelpRun() {
        Cli.Result help = Cli.run("info", "--help");
        List<String> examples = HelpExamplesTest.examples(help);

        assertThat(examples).as(help.out()).isNotEmpty();
        for (String example : examples) {
            Cli.Result result = HelpExamplesTest.runAsPrinted(example, workspace);
            assertThat(result.exitCode()).as(example + ": " + result).isZero();
        }
    }

    /**
     * Another node holds the task's run lock: this one collides and fails it (on-collision = fail, no
     * retry); then the other node runs it. Both nodes' records are shown, the publisher's as the
     * task's.
     */
    @Test
    void showsEveryNodesAttemptsWithTheNodeThatPublishedAsTheOneThatRanIt() {
        SomeTask task = new SomeTask("two-nodes");
        try (Kart other = Kart.builder().workspace(workspace).set("kart.durable", false).build()) {
            String id = other.uniqueId(task);
            Lease held = other.lockBackend().runLock().tryAcquire(id).orElseThrow();
            Cli.Result collided = Cli.run("run", "sample.SomeTask", "--name=two-nodes", "--workspace", workspace.toString(),
                    "-D", "kart.lock.on-collision=fail", "-D", "kart.retry.count=0");
            assertThat(collided.exitCode()).as(collided.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            held.close();
            long runLease = other.run(task, BuildOptions.defaults()).rootOutcome().lock().runLeaseTokens().get(0);

            Cli.Result info = Cli.run("info", "sample.SomeTask", "--name=two-nodes", "--workspace", workspace.toString());

            assertThat(info.exitCode()).as(info.toString()).isZero();
            List<String> lines = info.out().lines().toList();
            assertThat(info.out()).containsPattern("complete +yes\n")
                    .containsPattern("task info +[^\n]*SomeTask_" + id + "\\.json, and 1 record of single nodes beside it\n")
                    .containsPattern("ran by +[^ ]+" + THIS_PROCESS + "( \\(runtime \\d+\\))?, done at ")
                    .containsPattern("run lease +fencing token " + runLease + "\n");
            assertThat(lines).filteredOn(line -> line.matches(" +[^ ]+" + THIS_PROCESS + ".* +task info +DONE +1 +0 +0ms +"
                    + runLease)).hasSize(1);
            assertThat(lines).filteredOn(line -> line.matches(" +[^ ]+" + THIS_PROCESS + ".* +own +FAILED +1 +1 +0ms +-"))
                    .hasSize(1);
            assertThat(lines).filteredOn(line -> line.contains(" DONE ") && line.matches(".* +1 +\\d{4}-.*"))
                    .as("attempts of the node that ran it").hasSize(1);
            assertThat(lines).filteredOn(line -> line.matches(".* +1 +\\d{4}-\\S+Z +\\S+ +FAILED +1 +0ms +"
                    + "LockCollisionException: .*another node holds its run lock.*"))
                    .as("attempts of the node that collided").hasSize(1);
        }
    }

    /**
     * A directory at the task info path: the failed run's record went to the node's own file, and ran by says what
     * it says instead of that there is no record; a complete task without any record is not said never to have run.
     */
    @Test
    void withADirectoryAtTheTaskInfoPathRanBySaysWhatTheNodesOwnRecordSays() throws Exception {
        Path infoFile;
        try (Kart kart = Kart.builder().workspace(workspace).build()) {
            infoFile = workspace.resolve("log/dev/kart/fixtures/FailsWithCause_" + kart.uniqueId(
                    new FailsWithCause("disk quota exceeded")) + ".json");
        }
        Files.createDirectories(infoFile);
        Cli.Result run = Cli.runTask(workspace, "fixtures.FailsWithCause");
        Cli.Result info = Cli.run("info", "fixtures.FailsWithCause", "--workspace", workspace.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).containsPattern("ran by +no node published its outputs; the latest node's own record says"
                + " FAILED \\([^ ]+" + THIS_PROCESS + "[^\n,]*, at \\d{4}-\\S+Z\\)\n");
    }

    @Test
    void verboseShowsTheWholeStoredStackTraceOfEachFailedAttempt() {
        Cli.Result run = Cli.runTask(workspace, "fixtures.FailsWithCause", "-D", "kart.retry.count=1",
                "-D", "kart.retry.delay=10ms");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TASK_FAILED);

        Cli.Result brief = Cli.run("info", "fixtures.FailsWithCause", "--workspace", workspace.toString());
        Cli.Result verbose = Cli.run("info", "fixtures.FailsWithCause", "--workspace", workspace.toString(), "-v");

        assertThat(brief.exitCode()).as(brief.toString()).isZero();
        // the ERROR column words each attempt's error as the run's summary does: the cause to fix first
        String summaryLine = "IOException: disk quota exceeded (cannot write the report)";
        assertThat(run.out()).contains("after 2 attempts: " + summaryLine
                + " (at dev.kart.fixtures.FailsWithCause.run(FailsWithCause.java:19))\n");
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThat(brief.out()).containsPattern(" +" + attempt + " +\\d{4}-\\S+Z +\\S+ +FAILED +0 +0ms +"
                    + Pattern.quote(summaryLine) + "\n");
        }
        assertThat(brief.out()).contains("(-v shows the whole stack trace of each failed attempt)")
                .doesNotContain("Caused by", "Stack traces:", "java.lang.IllegalStateException");
        assertThat(verbose.exitCode()).as(verbose.toString()).isZero();
        String traces = verbose.out().substring(verbose.out().indexOf("\nStack traces:\n"));
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThat(traces).containsPattern("\n  [^ ]+" + THIS_PROCESS + "[^\n]* attempt " + attempt + ", FAILED at \\d{4}-"
                    + "[^\n]+Z:\n    java\\.lang\\.IllegalStateException: cannot write the report\n        at ");
        }
        assertThat(traces.split("\n    Caused by: java.io.UncheckedIOException: writing report.csv\n", -1)).hasSize(3);
        assertThat(traces.split("\n    Caused by: java.io.IOException: disk quota exceeded\n        at ", -1)).hasSize(3);
    }

    @Test
    void showsTheLinesTheTaskLoggedTheLastOnesUnlessVerbose() {
        Cli.Result run = Cli.runTask(workspace, "fixtures.LogsLines", "--count=24", "-q");
        assertThat(run.exitCode()).as(run.toString()).isZero();

        Cli.Result brief = Cli.run("info", "fixtures.LogsLines", "--count=24", "--workspace", workspace.toString());
        Cli.Result verbose = Cli.run("info", "fixtures.LogsLines", "--count=24", "--workspace", workspace.toString(), "-v");

        assertThat(brief.exitCode()).as(brief.toString()).isZero();
        String instant = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
        // 24 lines and the warning: the last 20 are lines 6 to 24 and the warning, whose second line follows it
        assertThat(brief.out()).containsPattern("\nLog:\n  [^ ]+" + THIS_PROCESS + "[^\n]* \\(task info\\), 25 lines, the last "
                        + InfoText.LOG_LINES_SHOWN + " shown \\(-v shows every line\\):\n    " + instant + " INFO line 6\n")
                .containsPattern("\n    " + instant + " INFO line 24\n    " + instant + " WARN a warning\n      of two lines\n")
                .doesNotContain("INFO line 5\n", "INFO line 1\n");
        assertThat(verbose.out()).containsPattern("\nLog:\n  [^ ]+" + THIS_PROCESS + "[^\n]* \\(task info\\), 25 lines:\n    "
                        + instant + " INFO line 1\n")
                .contains("INFO line 5\n");
    }

    @Test
    void aTaskInfoFileCutShortIsSaidToBeUnreadableNotMissingAndWhereItStops() throws Exception {
        Path record = recordOfSomeTask("cut");
        byte[] whole = Files.readAllBytes(record);
        Files.write(record, java.util.Arrays.copyOf(whole, 60));

        Cli.Result info = Cli.run("info", "sample.SomeTask", "--name=cut", "--workspace", workspace.toString());

        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).containsPattern("task info +" + quoted(record) + " \\(cannot be read: see below\\)\n")
                .containsPattern("ran by +unknown: the task info file cannot be read\n")
                .contains("The task's info file cannot be read (below): it may have been cut short by a kill during its first write")
                .doesNotContain("No node left task info", "(none)", "Source")
                .containsPattern("could not read " + quoted(record) + ": Unexpected end-of-input[^\n]*, at line 1, column 61\n");
    }

    @Test
    void aTaskInfoFileWithoutAFieldEveryRecordHoldsIsUnreadableNamingTheField() throws Exception {
        Path record = recordOfSomeTask("edited");
        Files.writeString(record, Files.readString(record).replace("\"lock\":", "\"lock-edited\":"));

        Cli.Result info = Cli.run("info", "sample.SomeTask", "--name=edited", "--workspace", workspace.toString());

        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).contains("could not read ").contains(": the record has no field 'lock' (or it is null),"
                + " which every task info record holds");
    }

    @Test
    void theInsignificantParametersAreShownAsTheRecordedRunHadThem() {
        Cli.Result run = Cli.run("run", "sample.SlowTask", "--name=as-run", "--seconds=0", "--workspace", workspace.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();

        Cli.Result info = Cli.run("info", "sample.SlowTask", "--name=as-run", "--workspace", workspace.toString());
        Cli.Result noneInsignificant = Cli.run("info", "sample.SomeTask", "--name=as-run", "--workspace",
                workspace.toString());

        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).startsWith("dev.kart.examples.sample.SlowTask(name=as-run, seconds=10)[")
                .containsPattern("\n  ran with +seconds=0 \\(@Insignificant, as the recorded run had them\\)\n");
        assertThat(noneInsignificant.out()).doesNotContain("ran with");
    }

    @Test
    void withoutATaskItSaysWhatIsMissing() {
        Cli.Result result = Cli.run("info", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("missing TASK");
    }

    /** Runs {@code sample.SomeTask --name=NAME}, the only task of the workspace, and gives its task info file. */
    private Path recordOfSomeTask(String name) throws Exception {
        Cli.Result run = Cli.run("run", "sample.SomeTask", "--name=" + name, "--workspace", workspace.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (Stream<Path> files = Files.walk(workspace.resolve("log"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
        }
    }

    private static String quoted(Path path) {
        return Pattern.quote(new PathDisplay().apply(path));
    }

    @Test
    void namesADirectoryStandingWhereAnOutputBelongs() throws Exception {
        Path output = Cli.directoryAtOutputOf(workspace, "occupied");

        Cli.Result info = Cli.run("info", "sample.SomeTask", "--name=occupied", "--workspace", workspace.toString());

        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).containsPattern("complete +no\n")
                .contains(output + " (missing: a directory stands there: remove it, or the task's publish fails)\n");
        assertThat(output.resolve("notes.txt")).as("the user's file, left as it was").hasContent("mine");
    }

    /**
     * A directory stands where the task's info file belongs: the run keeps its record in its own file
     * beside it, and {@code kart info} names the directory rather than saying there is no task info
     * file, and the node that published the task from its own record, which says DONE.
     */
    @Test
    void namesADirectoryWhereTheTaskInfoFileBelongsAndTheNodeThatRanTheTaskFromItsOwnRecord() throws Exception {
        Path infoFile = infoFileOf(new SomeTask("occupied-ran-by"));
        Files.createDirectories(infoFile);
        Cli.Result run = Cli.run("run", "sample.SomeTask", "--name=occupied-ran-by", "--workspace", workspace.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();

        Cli.Result info = Cli.run("info", "sample.SomeTask", "--name=occupied-ran-by", "--workspace", workspace.toString());

        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).containsPattern("task info +" + quoted(infoFile)
                + " \\(none: a directory stands there\\), and 1 record of single nodes beside it\n");
        assertThat(info.out()).containsPattern("ran by +[^ ]+" + THIS_PROCESS + "( \\(runtime \\d+\\))?, done at \\d{4}-\\d\\d-"
                        + "\\d\\dT[0-9:.]+Z after 1 attempt \\(\\S+\\), as its own record says\n")
                .containsPattern("run lease +fencing token \\d+\n")
                .containsPattern("published +dev/kart/examples/sample/SomeTask_[0-9a-f]{32}\\.txt, fencing token \\d+, at ")
                .containsPattern(THIS_PROCESS + "[^\n]* +own +DONE +1 +0 +0ms +\\d+\n")
                .doesNotContain("unknown");
    }

    /**
     * The run that publishes a task whose info file a directory stands in the way of succeeds: its
     * warning says what stands there, where the record went instead and how to mend it, not that the
     * task should run again, nor kart's own exception class.
     */
    @Test
    void theWarningAboutADirectoryAtTheTaskInfoPathNamesTheNodesOwnFileAndHowToMendIt() throws Exception {
        Path infoFile = infoFileOf(new SomeTask("occupied-warning"));
        Files.createDirectories(infoFile);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Cli.Result run = runLogging("occupied-warning", logged);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path ownFile;
        try (Stream<Path> beside = Files.list(infoFile.getParent())) {
            ownFile = beside.filter(path -> path.getFileName().toString().contains(".node-")).findFirst().orElseThrow();
        }
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).singleElement()
                .asString().startsWith("could not write task info " + infoFile + " of dev.kart.examples.sample.SomeTask("
                        + "name=occupied-warning)[")
                .endsWith("]: a directory stands there (remove it: a rerun of the task writes its record there); this"
                        + " node's record of the task is in its own file " + ownFile + " instead")
                .doesNotContain("Exception", "run the task again");
    }

    /**
     * A file stands where the directory of the task's info file belongs: it refuses the task's record
     * and the node's own record alike, the run warns about each, and {@code kart info} names the file.
     */
    @Test
    void aFileWhereTheTaskInfoDirectoryBelongsRefusesEveryRecordWithAWarningForEach() throws Exception {
        Path infoFile = infoFileOf(new SomeTask("file-in-the-way"));
        Path directory = infoFile.getParent();
        Files.createDirectories(directory.getParent());
        Files.writeString(directory, "mine");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Cli.Result run = runLogging("file-in-the-way", logged);
        Cli.Result info = Cli.run("info", "sample.SomeTask", "--name=file-in-the-way", "--workspace", workspace.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String inTheWay = "a file stands at " + directory + ", where a directory belongs (remove it: ";
        String task = " of dev.kart.examples.sample.SomeTask(name=file-in-the-way)[";
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                own -> assertThat(own).startsWith("could not write task info " + infoFile.toString().replace(".json",
                        ".node-")).contains(task).endsWith("]: " + inTheWay + "later runs can write their records of"
                        + " the task there)"),
                main -> assertThat(main).startsWith("could not write task info " + infoFile + task).endsWith("]: "
                        + inTheWay + "a rerun of the task writes its record there); this node's own"
                        + " file could not take its record either"));
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).containsPattern("task info +" + quoted(infoFile) + " \\(none: a file stands at "
                + quoted(directory) + ", where a directory belongs\\)\n")
                .containsPattern("ran by +unknown: no task info file\n")
                .contains("\nNo node left task info for this task: its outputs exist, made by a run whose record could"
                        + " not be written, was removed, or was never written (kart.task-info.enabled = false).\n");
        assertThat(directory).as("the user's file, left as it was").hasContent("mine");
    }

    @Test
    void aFifoWhereTheTaskInfoFileBelongsDoesNotHangTheRunWhosePublishReplacesIt() throws Exception {
        Path infoFile = infoFileOf(new SomeTask("fifo-info"));
        Files.createDirectories(infoFile.getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", infoFile.toString()).start();
        assertThat(mkfifo.waitFor()).as("mkfifo's exit code").isZero();

        Cli.Result run = assertTimeoutPreemptively(Duration.ofMinutes(1), () -> Cli.run("run", "sample.SomeTask",
                "--name=fifo-info", "--workspace", workspace.toString()));
        Cli.Result info = assertTimeoutPreemptively(Duration.ofMinutes(1), () -> Cli.run("info", "sample.SomeTask",
                "--name=fifo-info", "--workspace", workspace.toString()));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(infoFile).as("the FIFO replaced by the task's record").isRegularFile();
        assertThat(info.out()).containsPattern("task info +" + quoted(infoFile) + "\n")
                .containsPattern("ran by +\\S+ \\(runtime \\d+\\), done at ");
    }

    /**
     * A lock setting that only opening the backend checks (a Redisson YAML file that is none) leaves the run lock
     * unknown, with the error naming the key; kart info still shows what the workspace holds and exits 0.
     */
    @Test
    void aLockSettingOnlyOpeningChecksLeavesTheRunLockUnknownAndTheInfoShown() throws Exception {
        Path yaml = Files.writeString(workspace.resolveSibling(workspace.getFileName() + "-redisson.yaml"),
                "singleServerConfig: [not, a, map\n");
        try {
            Cli.Result info = Cli.run("info", "sample.SomeTask", "--name=bad-redisson", "--workspace",
                    workspace.toString(), "-D", "kart.lock.redis.redisson-config=" + yaml);

            assertThat(info.exitCode()).as(info.toString()).isZero();
            assertThat(info.out()).containsPattern("complete +no\n")
                    .containsPattern("\n  run lock +unknown: config key 'kart.lock.redis.redisson-config' is "
                            + Pattern.quote(yaml.toAbsolutePath().toString()) + ", which is not a Redisson YAML"
                            + " configuration: [^\n]+\n");
        } finally {
            Files.deleteIfExists(yaml);
        }
    }

    private Path infoFileOf(SomeTask task) {
        try (Kart kart = Kart.builder().workspace(workspace).build()) {
            return workspace.resolve("log/dev/kart/examples/sample/SomeTask_" + kart.uniqueId(task) + ".json");
        }
    }

    /** Runs {@code SomeTask} of that name, with what the task info writer logs going to {@code logged}. */
    private Cli.Result runLogging(String name, ListAppender<ILoggingEvent> logged) {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.kart.core.internal.info.TaskInfoWriter");
        logged.start();
        logger.addAppender(logged);
        try {
            return Cli.run("run", "sample.SomeTask", "--name=" + name, "--workspace", workspace.toString());
        } finally {
            logger.detachAppender(logged);
        }
    }
}
