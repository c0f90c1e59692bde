package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kart run} with {@code --rerun-task}, {@code --rerun-all} and {@code --dry-run}. */
class RerunCommandTest {
    private static final String TOP = "chain.Top";

    @TempDir
    Path workspace;

    @Test
    void aCorruptOutputInTheMiddleIsFixedByRerunningItsClassWithWhatDependsOnIt() throws IOException {
        Path top = output(Cli.run("run", TOP, "--workspace", workspace.toString()));
        Path middle = only("Middle_", ".json", 2).get(0);
        String good = Files.readString(middle);
        Files.writeString(middle, "{corrupt");
        Map<Path, FileTime> bottoms = times("Bottom_");

        Cli.Result fixed = Cli.run("run", TOP, "--rerun-task", "Middle", "--workspace", workspace.toString());

        assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).contains("Scheduled 5 tasks of which:", "* 3 ran successfully:",
                "dev.kart.fixtures.chain.Middle(part=0)", "dev.kart.fixtures.chain.Middle(part=1)",
                "dev.kart.fixtures.chain.Top(width=2)", "* 2 were already complete:",
                "dev.kart.fixtures.chain.Bottom(part=0)", "dev.kart.fixtures.chain.Bottom(part=1)");
        assertThat(middle).hasContent(good);
        assertThat(top).hasContent("middle of bottom 0\nmiddle of bottom 1\n");
        assertThat(times("Bottom_")).as("the bottoms were loaded, not written again").isEqualTo(bottoms);
    }

    @Test
    void rerunTaskTakesTheFullyQualifiedNameToo() {
        Cli.run("run", TOP, "--workspace", workspace.toString());

        Cli.Result result = Cli.run("run", TOP, "--rerun-task", "dev.kart.fixtures.chain.Bottom", "--rerun-task",
                "chain.Bottom", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("* 5 ran successfully:").doesNotContain("already complete");
    }

    @Test
    void rerunAllRunsEveryTaskAndRerunOnlyTheRoot() throws IOException {
        Cli.run("run", TOP, "--workspace", workspace.toString());
        List<Path> taskInfo = taskInfoFiles();

        Cli.Result root = Cli.run("run", TOP, "--rerun", "--workspace", workspace.toString());
        Cli.Result all = Cli.run("run", TOP, "--rerun-all", "--workspace", workspace.toString());

        assertThat(root.out()).contains("Scheduled 3 tasks of which:", "* 1 ran successfully:",
                "* 2 were already complete:");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("Scheduled 5 tasks of which:", "* 5 ran successfully:")
                .doesNotContain("already complete");
        assertThat(taskInfoFiles()).as("each rerun's record replaced the one before it").hasSize(5)
                .isEqualTo(taskInfo);
    }

    @Test
    void aRerunTaskNotInTheGraphIsAUsageErrorNamingTheGraphsClasses() {
        Cli.Result absent = Cli.run("run", "chain.Middle", "--part=0", "--rerun-task", "chain.Top", "--workspace",
                workspace.toString());
        Cli.Result unknown = Cli.run("run", TOP, "--rerun-task", "chain.Midle", "--workspace", workspace.toString());
        Cli.Result secondAbsent = Cli.run("run", "chain.Middle", "--part=0", "--rerun-task", "chain.Bottom",
                "--rerun-task", "chain.Top", "--dry-run", "--workspace", workspace.toString());

        assertThat(absent.exitCode()).as(absent.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(absent.err()).contains("--rerun-task chain.Top: no task of dev.kart.fixtures.chain.Top is in the graph"
                + " of chain.Middle; its task classes are [chain.Bottom, chain.Middle]");
        assertThat(secondAbsent.exitCode()).as(secondAbsent.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(secondAbsent.err()).contains("--rerun-task chain.Top: no task of dev.kart.fixtures.chain.Top is in the"
                + " graph of chain.Middle").doesNotContain("chain.Bottom:");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("--rerun-task chain.Midle: unknown task 'chain.Midle'", "chain.Middle");
        assertThat(workspace).isEmptyDirectory();
    }

    @Test
    void aDryRunSaysWhatWouldRunAndWhyAndWritesNothing() throws IOException {
        Cli.run("run", "chain.Middle", "--part=1", "--workspace", workspace.toString());
        Map<Path, FileTime> before = times("");

        Cli.Result dry = Cli.run("run", TOP, "--dry-run", "--workspace", workspace.toString());

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("Dry run of dev.kart.fixtures.chain.Top(width=2)[",
                "nothing was run, locked or written.", "3 of 4 tasks would run, in this order (dependencies first):",
                "  dev.kart.fixtures.chain.Bottom(part=0)[", "  dev.kart.fixtures.chain.Middle(part=0)[",
                "      output missing: " + workspace.resolve("dev/kart/fixtures/chain/Middle_"),
                ".json; after 1 pending dependency", "      output missing: "
                        + workspace.resolve("dev/kart/fixtures/chain/Top_"), ".txt; after 1 pending dependency",
                "1 task is complete: loaded from the workspace, not run.")
                .doesNotContain("Middle(part=1)[", "execution summary");
        assertThat(times("")).as("every file of the workspace, task info included, as it was").isEqualTo(before);
    }

    @Test
    void aDryRunNamesTheRerunsAskedAndWritesNothing() throws IOException {
        Cli.run("run", TOP, "--workspace", workspace.toString());
        Map<Path, FileTime> before = times("");

        Cli.Result dry = Cli.run("run", TOP, "--dry-run", "--rerun-task", "chain.Middle", "--workspace",
                workspace.toString());
        Cli.Result complete = Cli.run("run", TOP, "--dry-run", "--workspace", workspace.toString());
        Cli.Result all = Cli.run("run", TOP, "--dry-run", "--rerun-all", "--workspace", workspace.toString());

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("3 of 5 tasks would run", "rerun asked (--rerun-task chain.Middle)",
                "rerun: it depends on a task named by --rerun-task; after 2 pending dependencies",
                "2 tasks are complete: loaded from the workspace, not run.");
        assertThat(complete.out()).contains("Nothing would run: chain.Top is complete.");
        assertThat(all.out()).contains("5 of 5 tasks would run", "rerun asked (--rerun-all)");
        assertThat(times("")).isEqualTo(before);
    }

    @Test
    void aDryRunShowsManyTasksOfOneClassAndReasonAsOneLineAndAllListsEach() {
        Cli.run("run", "chain.Middle", "--part=3", "--workspace", workspace.toString());

        Cli.Result dry = Cli.run("run", TOP, "--width=4", "--dry-run", "--workspace", workspace.toString());
        Cli.Result all = Cli.run("run", TOP, "--width=4", "--dry-run", "--all", "--workspace", workspace.toString());

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        // Middle(part=3) is complete, so the build does not look below it: Bottom(part=3) is not in the graph
        assertThat(dry.out()).contains("7 of 8 tasks would run, in this order (dependencies first):",
                "  - 3 dev.kart.fixtures.chain.Bottom, such as dev.kart.fixtures.chain.Bottom(part=0)[",
                "  - 3 dev.kart.fixtures.chain.Middle, such as dev.kart.fixtures.chain.Middle(part=0)[",
                "      output missing: " + workspace.resolve("dev/kart/fixtures/chain/Middle_"),
                "  dev.kart.fixtures.chain.Top(width=4)[", ".txt; after 3 pending dependencies",
                "Tasks of one class with one reason are shown as one line with a count and the reason of the first;"
                        + " --all lists each.", "1 task is complete: loaded from the workspace, not run.")
                .doesNotContain("Bottom(part=1)", "Middle(part=1)", "Middle(part=3)");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("7 of 8 tasks would run", "  dev.kart.fixtures.chain.Bottom(part=0)[",
                "  dev.kart.fixtures.chain.Bottom(part=1)[", "  dev.kart.fixtures.chain.Bottom(part=2)[",
                "  dev.kart.fixtures.chain.Middle(part=0)[",
                "  dev.kart.fixtures.chain.Middle(part=1)[", "  dev.kart.fixtures.chain.Middle(part=2)[")
                .doesNotContain(" such as ", "--all lists each", "Middle(part=3)");
    }

    @Test
    void allWithoutDryRunIsAUsageError() {
        Cli.Result result = Cli.run("run", TOP, "--all", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--all lists every task of a dry run: use it with --dry-run");
        assertThat(workspace).isEmptyDirectory();
    }

    @Test
    void aDryRunOfAnEmptyWorkspaceDoesNotCreateIt() {
        Path absent = workspace.resolve("absent");

        Cli.Result dry = Cli.run("run", "chain.Locked", "--name=x", "--dry-run", "--workspace", absent.toString());

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("3 of 3 tasks would run");
        assertThat(dry.err()).as("no lock is taken, so no note on the in-memory lock").isEmpty();
        assertThat(absent).doesNotExist();
    }

    @Test
    void theInMemoryLockNoteIsPrintedOncePerRunWhenTasksRunUnderTheRunLock() {
        Cli.Result locked = Cli.run("run", "chain.Locked", "--name=x", "--workspace", workspace.toString());
        Cli.Result runAll = Cli.run("run", TOP, "-D", "kart.lock.run-all=true", "--workspace", workspace.resolve("all")
                .toString());
        Cli.Result plain = Cli.run("run", TOP, "--workspace", workspace.resolve("plain").toString());
        Cli.Result cached = Cli.run("run", "chain.Locked", "--name=x", "--workspace", workspace.toString());
        Cli.Result quiet = Cli.run("run", "chain.Locked", "--name=y", "-q", "--workspace", workspace.toString());

        String note = "kart: note: the in-memory lock backend coordinates this process only; other processes on this"
                + " workspace do not see its run locks";
        assertThat(locked.exitCode()).as(locked.toString()).isZero();
        assertThat(locked.err().split(note, -1)).as(locked.err()).hasSize(2);
        assertThat(runAll.err().split(note, -1)).as("once for five locked tasks: " + runAll.err()).hasSize(2);
        assertThat(plain.err()).as("no task locks its run").isEmpty();
        assertThat(cached.err()).as("nothing runs").isEmpty();
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).as("--quiet keeps warnings and errors only").isEmpty();
    }

    private static Path output(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return Path.of(result.out().lines().filter(line -> line.startsWith("Output: ")).findFirst().orElseThrow()
                .substring("Output: ".length()));
    }

    private List<Path> only(String prefix, String suffix, int count) throws IOException {
        try (Stream<Path> files = Files.list(workspace.resolve("dev/kart/fixtures/chain"))) {
            List<Path> found = files.filter(file -> file.getFileName().toString().startsWith(prefix)
                    && file.getFileName().toString().endsWith(suffix)).sorted().toList();
            assertThat(found).hasSize(count);
            return found;
        }
    }

    /** @return every file of the workspace whose name starts with the prefix, with its modification time */
    private Map<Path, FileTime> times(String prefix) throws IOException {
        Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.walk(workspace)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().startsWith(prefix)).toList()) {
                times.put(file, Files.getLastModifiedTime(file));
            }
        }
        return times;
    }

    /** Every file under the workspace's {@code log/}, in order. */
    private List<Path> taskInfoFiles() throws IOException {
        try (Stream<Path> files = Files.walk(workspace.resolve("log"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
