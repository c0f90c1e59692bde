package dev.kart.cli.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.examples.books.BookReport;
import dev.kart.fixtures.Crowded;
import dev.kart.fixtures.Echo;
import dev.kart.fixtures.Fails;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

class TaskOptionsTest {
    private static final Set<String> KART = Set.of("--workers", "--no-progress", "--workspace");

    @Test
    void eachValueParameterIsAnOptionInKebabCaseWithItsDeclaredNameAsAHiddenSecondSpelling() {
        TaskOptions options = TaskOptions.of(TaskType.of(BookReport.class), KART);

        assertThat(options.shown()).extracting(OptionSpec::longestName).containsExactly("--book", "--top", "--min-length");
        assertThat(options.options()).filteredOn(OptionSpec::hidden).extracting(OptionSpec::longestName)
                .containsExactly("--minLength");
        assertThat(options.options()).allSatisfy(option -> assertThat(TaskOptions.parameterOf(option)).isPresent());
        OptionSpec top = options.shown().get(1);
        assertThat(top.arity().min()).isEqualTo(1);
        assertThat(top.arity().max()).isEqualTo(1);
        assertThat(top.paramLabel()).isEqualTo("int");
        assertThat(String.join(" ", top.description())).isEqualTo("Default: 10.");
        assertThat(String.join(" ", options.shown().get(0).description()))
                .isEqualTo("One of PRIDE_AND_PREJUDICE, PERSUASION. Default: PRIDE_AND_PREJUDICE.");
    }

    @Test
    void aBooleanTakesAnOptionalTrueOrFalseAndAnInsignificantParameterSaysSo() {
        List<OptionSpec> shown = TaskOptions.of(TaskType.of(Echo.class), KART).shown();

        OptionSpec loud = shown.get(1);
        assertThat(loud.longestName()).isEqualTo("--loud");
        assertThat(loud.arity().min()).isZero();
        assertThat(loud.arity().max()).isEqualTo(1);
        assertThat(loud.paramLabel()).isEqualTo("true|false");
        assertThat(String.join(" ", shown.get(2).description())).isEqualTo(
                "Default: (empty). Not in the unique id (@Insignificant).");
    }

    record Flagged(boolean dryRun) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return "dry run " + dryRun;
        }
    }

    @Test
    void aBooleanWithoutDefaultShowsItsImplicitFalse() {
        OptionSpec dryRun = TaskOptions.of(TaskType.of(Flagged.class), KART).shown().get(0);

        assertThat(dryRun.longestName()).isEqualTo("--dry-run");
        assertThat(String.join(" ", dryRun.description())).as("luigi's BoolParameter: false unless given")
                .isEqualTo("Default: false.");
    }

    @Test
    void aTaskValuedParameterHasNoOption() {
        TaskOptions options = TaskOptions.of(TaskType.of(Fails.class), KART);

        assertThat(options.options()).extracting(OptionSpec::longestName).containsExactly("--reason");
        assertThat(options.shadowed()).isEmpty();
    }

    @Test
    void kartsOwnOptionNamesAreNotTaken() {
        TaskOptions options = TaskOptions.of(TaskType.of(Crowded.class), KART);

        assertThat(options.shown()).extracting(OptionSpec::longestName).containsExactly("--noProgress", "--label");
        assertThat(options.options()).noneMatch(OptionSpec::hidden);
        assertThat(options.shadowed()).extracting(TaskParameter::name).containsExactly("workers");
    }
}
