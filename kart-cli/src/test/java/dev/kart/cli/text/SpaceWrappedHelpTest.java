package dev.kart.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Option descriptions wrapped at spaces only: a dotted config key is never cut, the rest is laid out as picocli lays it out. */
class SpaceWrappedHelpTest {
    private static final String KEY_AT_THE_EDGE = "The lock backend: in-memory, redis, or auto (kart.lock.backend).";

    @Test
    void aConfigKeyAtTheEndOfALineMovesWholeToTheNext() {
        CommandSpec command = command(KEY_AT_THE_EDGE);

        List<String> lines = new CommandLine(command).setHelpFactory(SpaceWrappedHelp::new).getUsageMessage().lines()
                .toList();

        assertThat(new CommandLine(command(KEY_AT_THE_EDGE)).getUsageMessage())
                .as("picocli's own help, which cuts the key after a dot").doesNotContain("(kart.lock.backend)");
        assertThat(lines).contains("      --lock-backend=NAME   The lock backend: in-memory, redis, or auto",
                "                              (kart.lock.backend).");
    }

    @Test
    void anOptionInADescriptionStaysOnTheLineOfItsValue() {
        String description = "Set any configuration key, such as -D kart.retry.count=2; or (-D kart.task-timeout=null).";

        List<String> lines = new CommandLine(command(description)).setHelpFactory(SpaceWrappedHelp::new).getUsageMessage()
                .lines().toList();

        assertThat(lines).containsSequence("      --lock-backend=NAME   Set any configuration key, such as",
                "                              -D kart.retry.count=2; or",
                "                              (-D kart.task-timeout=null).");
    }

    @Test
    void aWordLongerThanTheColumnStandsWholeOnALineOfItsOwn() {
        String word = "x".repeat(70);

        String usage = new CommandLine(command("A " + word + " word.")).setHelpFactory(SpaceWrappedHelp::new)
                .getUsageMessage();

        assertThat(usage.lines()).containsExactly("Usage: cmd [--lock-backend=NAME]",
                "      --lock-backend=NAME   A",
                "                              " + word,
                "                              word.");
    }

    @Test
    void theFooterKeepsAnOptionWithALongWordAfterItAndAnIndentedLineWhole() {
        String key = "'kart.tasks.\"com.example.analytics.pipelines.daily.DailyCustomerAggregation\".day=VALUE'.";
        CommandSpec command = command("Short.");
        command.usageMessage().footer("a run fails until config does, as in -D " + key,
                "  kart.tasks.\"com.example.analytics.pipelines.daily.CustomerReportForManagement\".NAME");

        List<String> lines = new CommandLine(command).setHelpFactory(SpaceWrappedHelp::new).getUsageMessage().lines()
                .toList();

        assertThat(lines).containsSequence("a run fails until config does, as in", "-D " + key,
                "  kart.tasks.\"com.example.analytics.pipelines.daily.CustomerReportForManagement\".NAME");
    }

    @Test
    void linesAfterTheFirstAreIndentedAsPicocliIndentsThem() {
        String description = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";

        String wrapped = new CommandLine(command(description)).setHelpFactory(SpaceWrappedHelp::new).getUsageMessage();

        assertThat(wrapped).isEqualTo(new CommandLine(command(description)).getUsageMessage());
    }

    private static CommandSpec command(String description) {
        CommandSpec command = CommandSpec.create().name("cmd");
        command.addOption(OptionSpec.builder("--lock-backend").paramLabel("NAME").type(String.class)
                .description(description).build());
        return command;
    }
}
