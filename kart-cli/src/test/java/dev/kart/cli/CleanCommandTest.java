package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanCommandTest {
    @TempDir
    Path directory;

    private Path workspace;
    private Path kept;
    private Path unreached;
    private Path oldTemp;
    private Path youngTemp;
    private Path foreign;
    private Path outside;

    @BeforeEach
    void twoCachedTasksAndOtherFiles() throws IOException {
        workspace = directory.resolve("workspace");
        kept = output(Cli.run("run", "fixtures.Echo", "--text=keep", "--workspace", workspace.toString()));
        unreached = output(Cli.run("run", "fixtures.Echo", "--text=old", "--workspace", workspace.toString()));
        Path folder = kept.getParent();
        oldTemp = Files.writeString(folder.resolve("." + kept.getFileName() + ".00ff00ff00ff00ff.kart-tmp"), "half");
        Files.setLastModifiedTime(oldTemp, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        youngTemp = Files.writeString(folder.resolve("." + kept.getFileName() + ".0123456789abcdef.kart-tmp"), "now");
        foreign = Files.writeString(workspace.resolve("notes.txt"), "mine");
        outside = Files.writeString(directory.resolve("Echo_0123456789abcdef0123456789abcdef.txt"), "outside");
    }

    @Test
    void aDryRunListsWhatNoRootReachesAndDeletesNothing() {
        Cli.Result result = Cli.run("clean", "fixtures.Echo", "--text=keep", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("1 cache file reached by fixtures.Echo(text=keep) (1 task), kept.",
                "1 cache file not reached by these tasks:", unreached.toString(), oldTemp.toString(),
                "Dry run: nothing was deleted. Add --delete to delete these 2 files",
                "Also kept: 1 recent temporary file (maybe being written), 1 file not named like kart's cache files.",
                "is never deleted.");
        assertThat(result.out()).doesNotContain(kept + "  (", youngTemp.toString());
        assertThat(Files.exists(unreached) && Files.exists(oldTemp) && Files.exists(kept)).isTrue();
    }

    @Test
    void deleteRemovesOnlyUnreachedCacheFilesAndOldTemporaryFiles() {
        Cli.Result result = Cli.run("clean", "fixtures.Echo", "--text=keep", "--delete", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("deleted " + unreached, "deleted " + oldTemp, "Deleted 2 files",
                "Deleted under the cache locks of the in-memory lock backend, which keep out this process's builds only;");
        assertThat(unreached).doesNotExist();
        assertThat(oldTemp).doesNotExist();
        assertThat(kept).exists();
        assertThat(youngTemp).exists();
        assertThat(foreign).exists();
        assertThat(outside).exists();
        assertThat(workspace.resolve("log/dev/kart/fixtures")).isNotEmptyDirectory();
        try (var info = Files.list(workspace.resolve("log/dev/kart/fixtures"))) {
            assertThat(info.count()).isEqualTo(2);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void severalRootsEachWithTheirParametersKeepTheirOutputs() {
        Cli.Result result = Cli.run("clean", "fixtures.Echo", "--text=keep", "fixtures.Echo", "--text", "old",
                "--temp-grace", "3h", "--delete", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("2 cache files reached by fixtures.Echo(text=keep), fixtures.Echo(text=old) (2 tasks), kept.",
                "Nothing to clean.", "Also kept: 2 recent temporary files");
        assertThat(unreached).exists();
        assertThat(oldTemp).exists();
    }

    @Test
    void whatIsAlsoKeptNamesOnlyWhatThereIs() {
        Cli.Result result = Cli.run("clean", "fixtures.Echo", "--text=keep", "--temp-grace", "0s", "--workspace",
                workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Also kept: 1 file not named like kart's cache files.")
                .doesNotContain("recent temporary");
    }

    @Test
    void byDefaultOnlyTheFamiliesTheRootsReachAreConsideredAndTheDryRunSaysSo() {
        Path otherPipeline = output(Cli.run("run", "books.ReadBook", "--workspace", workspace.toString()));
        Path otherClass = output(Cli.run("run", "fixtures.Crowded", "--workspace", workspace.toString()));

        Cli.Result dryRun = Cli.run("clean", "fixtures.Echo", "--text=keep", "--workspace", workspace.toString());

        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("Considering only the cache files of the 1 task class these tasks reach;"
                + " add --all-families to consider every cache file in the workspace.", unreached.toString(),
                "Also kept: 2 files of other task classes (not considered without --all-families).");
        assertThat(dryRun.out()).doesNotContain(otherPipeline.toString(), otherClass.toString());

        Cli.Result deleted = Cli.run("clean", "fixtures.Echo", "--text=keep", "--delete", "--workspace",
                workspace.toString());

        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(unreached).doesNotExist();
        assertThat(otherPipeline).as("another package's output").exists();
        assertThat(otherClass).as("another class's output").exists();
        assertThat(kept).exists();
    }

    @Test
    void allFamiliesConsidersEveryCacheFileOfTheWorkspace() {
        Path otherPipeline = output(Cli.run("run", "books.ReadBook", "--workspace", workspace.toString()));

        Cli.Result dryRun = Cli.run("clean", "fixtures.Echo", "--text=keep", "--all-families", "--workspace",
                workspace.toString());

        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("Considering every cache file in the workspace (--all-families), of any task"
                + " class.", "2 cache files not reached by these tasks:", otherPipeline.toString(), unreached.toString())
                .doesNotContain("of other task classes");

        Cli.run("clean", "fixtures.Echo", "--text=keep", "--all-families", "--delete", "--workspace",
                workspace.toString());

        assertThat(otherPipeline).doesNotExist();
        assertThat(kept).exists();
    }

    @Test
    void kartsOptionsMayStandBeforeBetweenAndAfterTheTasks() {
        Cli.Result result = Cli.run("clean", "--temp-grace", "3h", "fixtures.Echo", "--delete", "--text=keep",
                "fixtures.Echo", "--workspace", workspace.toString(), "--text", "old");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("2 cache files reached by fixtures.Echo(text=keep), fixtures.Echo(text=old) (2 tasks), kept.",
                "Nothing to clean.");
    }

    @Test
    void aParameterOfAnotherTaskOnTheLineIsNotTakenForThisOnes() {
        Cli.Result result = Cli.run("clean", "fixtures.Echo", "books.BookReport", "--text=keep", "--workspace",
                workspace.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("unknown option '--text=keep' for task dev.kart.examples.books.BookReport");
        assertThat(unreached).exists();
    }

    @Test
    void aTempGraceThatIsNoDurationOrIsNegativeIsAUsageErrorAndNothingIsDeleted() {
        Cli.Result bogus = Cli.run("clean", "fixtures.Echo", "--text=keep", "--temp-grace", "bogus", "--delete",
                "--workspace", workspace.toString());
        Cli.Result negative = Cli.run("clean", "fixtures.Echo", "--text=keep", "--temp-grace", "-5m", "--delete",
                "--workspace", workspace.toString());

        assertThat(bogus.exitCode()).as(bogus.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(bogus.err()).contains("kart: --temp-grace needs a duration with a unit, such as 10m, 90s or PT1H, got 'bogus'")
                .doesNotContain("Exception");
        assertThat(negative.exitCode()).as(negative.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(negative.err()).contains("kart: --temp-grace needs a duration of 0 or more, such as 10m, got '-5m'");
        assertThat(unreached).exists();
        assertThat(youngTemp).exists();
    }

    @Test
    void sizesAreInTheLargestUnitTheyReachOnceRounded() throws IOException {
        Path folder = unreached.getParent();
        Path belowAMebibyte = Files.write(folder.resolve(unreached.getFileName().toString()
                .replaceFirst("_[0-9a-f]{32}", "_" + "1".repeat(32))), new byte[1024 * 1024 - 1]);
        Path kibibytes = Files.write(folder.resolve(unreached.getFileName().toString()
                .replaceFirst("_[0-9a-f]{32}", "_" + "2".repeat(32))), new byte[3000]);

        Cli.Result result = Cli.run("clean", "fixtures.Echo", "--text=keep", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains(belowAMebibyte + "  (1.0 MiB)", kibibytes + "  (2.9 KiB)")
                .doesNotContain("1024.0 KiB");
    }

    @Test
    void helpAfterTheTasksDescribesEachTaskOnce() {
        Cli.Result result = Cli.run("clean", "fixtures.Echo", "--text=a", "fixtures.Echo", "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("--temp-grace=DURATION", "--delete", "--text=String");
        assertThat(result.out().split("Task dev.kart.fixtures.Echo", -1)).hasSize(2);
    }

    @Test
    void theHelpsSynopsisSaysSeveralTasksMayBeGiven() {
        Cli.Result named = Cli.run("clean", "fixtures.Echo", "--help");
        Cli.Result none = Cli.run("clean", "--help");

        assertThat(named.exitCode()).as(named.toString()).isZero();
        assertThat(named.out().replaceAll("\\s+", " ")).startsWith("Usage: kart clean [OPTIONS] fixtures.Echo"
                + " [--PARAMETER=VALUE...] [TASK [--PARAMETER=VALUE...]]... Lists the cache files");
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.out().replaceAll("\\s+", " ")).contains(" [-D=KEY=VALUE]... TASK [--PARAMETER=VALUE...]..."
                + " Lists the cache files");
    }

    private static Path output(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return Path.of(result.out().lines().filter(line -> line.startsWith("Output: ")).findFirst().orElseThrow()
                .substring("Output: ".length()));
    }
}
