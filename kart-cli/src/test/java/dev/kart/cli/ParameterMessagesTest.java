package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code kart run} says about parameter values it cannot take: the parameter, the value and what it takes. */
class ParameterMessagesTest {
    private static final String WEIGHTED = "fixtures.Weighted";

    @TempDir
    Path workspace;

    @Test
    void aMapKeyGivenTwiceIsRefusedNamingTheParameterAndTheKey() {
        Cli.Result twice = run(WEIGHTED, "--weights", "a=1,a=2");

        assertThat(twice.exitCode()).as(twice.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.err()).contains("parameter 'weights' of task dev.kart.fixtures.Weighted: key 'a' is given"
                + " twice in 'a=1,a=2' ('a=1' and 'a=2'); give each key of the map once");
        assertThat(workspace).isEmptyDirectory();
        Cli.Result once = run(WEIGHTED, "--weights", "a=1,b=2", "--count", "3");
        assertThat(once.exitCode()).as(once.toString()).isZero();
        assertThat(once.out()).containsPattern("dev\\.kart\\.fixtures\\.Weighted\\(weights=\\{(a=1, b=2|b=2, a=1)},"
                + " count=3\\)");
    }

    @Test
    void aWholeNumberTooLargeForAnIntIsOutOfRangeAndTheMessageSaysTheRange() {
        Cli.Result result = run(WEIGHTED, "--count", "2147483648");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("parameter 'count' of task dev.kart.fixtures.Weighted: 2147483648 is out of"
                + " range for int (expected a whole number from -2147483648 to 2147483647)")
                .doesNotContain("not a valid");
    }

    @Test
    void aFlagGivenAValueOtherThanTrueOrFalseGetsOneErrorWithOrWithoutTheEqualsSign() {
        Cli.Result separate = run("fixtures.Echo", "--loud", "yes");
        Cli.Result joined = run("fixtures.Echo", "--loud=yes");
        String expected = "kart: task parameter --loud of dev.kart.fixtures.Echo takes true or false, not 'yes'"
                + " (--loud alone means true)";

        assertThat(separate.exitCode()).as(separate.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(joined.exitCode()).as(joined.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(separate.err()).startsWith(expected);
        assertThat(joined.err()).isEqualTo(separate.err());
        // clean names several tasks: "yes" is not taken for a task name either
        Cli.Result clean = Cli.run("clean", "fixtures.Echo", "--loud", "yes", "--workspace", workspace.toString());
        assertThat(clean.exitCode()).as(clean.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(clean.err()).contains("task parameter --loud of dev.kart.fixtures.Echo takes true or false, not 'yes'");
    }

    @Test
    void helpLeavesOutParametersThatHoldTasksAndSaysTheyAreSetInCodeOnly() {
        Cli.Result help = Cli.run("run", "fixtures.Gather", "--help");

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("--separator=String").doesNotContain("--inputs", "--by-name", "--byName");
        String flat = help.out().replaceAll("\\s+", " ");
        assertThat(flat).contains("inputs (List<Echo>) of Gather is set in code only: it holds tasks that kart cannot"
                + " make from the command line or config.", "byName (Map<String, Echo>) of Gather is set in code only")
                .doesNotContain("kart builds it from");
    }

    @Test
    void aTaskWithAParameterSetInCodeOnlyCannotBeRunAndTheErrorSaysWhy() {
        Cli.Result run = run("fixtures.Gather");
        Cli.Result given = run("fixtures.Gather", "--inputs=x");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("parameter 'inputs' of task dev.kart.fixtures.Gather", "is set in code only")
                .doesNotContain("give --inputs");
        assertThat(given.exitCode()).as(given.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(given.err()).contains("unknown option '--inputs=x' for task dev.kart.fixtures.Gather. It is set in"
                + " code only (List<Echo>)").doesNotContain("set those in config");
    }

    private Cli.Result run(String task, String... options) {
        return Cli.runTask(workspace, task, options);
    }
}
