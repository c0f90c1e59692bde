package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.kart.cli.task.TaskLine;
import dev.kart.cli.tree.TreeFormat;
import dev.kart.core.internal.model.TaskType;
import dev.kart.fixtures.Echo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The commands' picocli model, built in code with their options bound to their fields. */
class CommandModelTest {
    @Test
    void valuesGivenBeforeOrAfterTheTaskLandInTheCommandsFields() {
        CommandSpec run = RunCommand.create(new RuntimeOptions(Optional.empty()));
        new CommandLine(run);  // TaskLine prints through the command's command line

        TaskLine.parse(run, List.of("--workers=2", "--verbose", "Echo", "--text=x", "--rerun-task", "Echo",
                "-D", "kart.retry.count=1", "-D", "flag=", "--report", "report.json"), name -> TaskType.of(Echo.class),
                false, option -> Optional.empty());

        assertThat(run.findOption("--workers").<Integer>getValue()).isEqualTo(2);
        assertThat(run.findOption("--rerun-task").<List<String>>getValue()).containsExactly("Echo");
        assertThat(run.findOption("--set").<Map<String, String>>getValue())
                .containsExactly(entry("kart.retry.count", "1"), entry("flag", ""));
        // ExitCodes reads it so, to print a failed command's stack trace
        assertThat(run.findOption("--verbose").<Boolean>getValue()).isTrue();
        assertThat(run.findOption("--report").getValue().toString()).isEqualTo("report.json");
    }

    @Test
    void eachParseStartsFromTheCommandsInitialValues() {
        CommandSpec tree = TreeCommand.create(new RuntimeOptions(Optional.empty()));
        CommandLine line = new CommandLine(tree).setCaseInsensitiveEnumValuesAllowed(true);  // as KartCommand's

        line.parseArgs("--pending", "--depth", "2", "--format", "dot", "-D", "a=b");
        line.parseArgs();

        assertThat(tree.findOption("--pending").<Boolean>getValue()).isFalse();
        assertThat(tree.findOption("--depth").<Integer>getValue()).isNull();
        assertThat(tree.findOption("--format").<TreeFormat>getValue()).isEqualTo(TreeFormat.TEXT);
        assertThat(tree.findOption("--set").<Map<String, String>>getValue()).isEmpty();
    }

    @Test
    void eachModelIsBoundToACommandOfItsOwn() {
        CommandSpec first = CleanCommand.create(new RuntimeOptions(Optional.empty()));
        CommandSpec second = CleanCommand.create(new RuntimeOptions(Optional.empty()));

        new CommandLine(first).parseArgs("--delete", "--temp-grace", "1h");
        new CommandLine(second).parseArgs();

        assertThat(second.findOption("--delete").<Boolean>getValue()).isFalse();
        assertThat(second.findOption("--temp-grace").<Duration>getValue()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theHelpSaysACommandNeedsOneTaskOrTakesSeveral() {
        for (String command : List.of("run", "tree", "info")) {
            Cli.Result help = Cli.run(command, "--help");

            assertThat(help.exitCode()).as(help.toString()).isZero();
            // the synopsis, then the list of parameters and options
            assertThat(help.out().replaceAll("\\s+", " ")).as(command).contains("]... TASK [--PARAMETER=VALUE...] ")
                    .doesNotContain("[TASK", "TASK [--PARAMETER=VALUE...]...");
            assertThat(help.out()).as(command).contains("\n      TASK [--PARAMETER=VALUE...]\n");
        }
        Cli.Result clean = Cli.run("clean", "--help");
        assertThat(clean.out().replaceAll("\\s+", " ")).contains("]... TASK [--PARAMETER=VALUE...]... ")
                .doesNotContain("[TASK");
        assertThat(clean.out()).contains("\n      TASK [--PARAMETER=VALUE...]...\n");
    }
}
