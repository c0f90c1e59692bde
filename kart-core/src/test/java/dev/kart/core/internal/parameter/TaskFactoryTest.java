package dev.kart.core.internal.parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.fixtures.Internals;
import dev.kart.config.KartConfigException;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.task.Default;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskFactoryTest {
    @TempDir
    Path workspace;

    record Source(@Default("2024-01-01") LocalDate day, String region) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return region + "@" + day;
        }
    }

    record Report(Source source, @Default("3") int topN) implements Task<String> {
        Report {
            if (topN < 1) {
                throw new IllegalArgumentException("topN must be at least 1, got " + topN);
            }
        }

        @Override
        public String run(RunContext ctx) {
            return ctx.load(source) + " top " + topN;
        }
    }

    @Test
    void valuesComeFromTheCommandLineThenConfigThenDefaultsAndDependenciesAreBuiltTheSameWay() {
        try (Internals kart = Runtimes.internals(workspace, "kart.tasks.\"" + Source.class.getName() + "\".region", "emea")) {
            Task<?> report = kart.task(Report.class, Map.of("top-n", "5"));

            assertThat(report).isEqualTo(new Report(new Source(LocalDate.of(2024, 1, 1), "emea"), 5));
            assertThat(kart.task(Report.class, Map.of())).isEqualTo(new Report(new Source(LocalDate.of(2024, 1, 1), "emea"), 3));
        }
    }

    record Export(String table, boolean dryRun, Boolean compress, @Default("true") boolean header) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return table;
        }
    }

    @Test
    void aBooleanWithoutDefaultIsFalseUnlessGivenAsLuigisBoolParameter() {
        try (Internals kart = Runtimes.internals(workspace,
                "kart.tasks.\"" + Export.class.getName() + "\".compress", "true")) {
            assertThat(kart.task(Export.class, Map.of("table", "sales")))
                    .isEqualTo(new Export("sales", false, true, true));
            assertThat(kart.task(Export.class, Map.of("table", "sales", "dry-run", "true", "header", "false")))
                    .isEqualTo(new Export("sales", true, true, false));
        }
        try (Internals kart = Runtimes.internals(workspace)) {
            assertThat(kart.task(Export.class, Map.of("table", "sales"))).as("a boxed Boolean too")
                    .isEqualTo(new Export("sales", false, false, true));
        }
    }

    @Test
    void missingUnknownAndRejectedValuesAreClearErrors() {
        try (Internals kart = Runtimes.internals(workspace)) {
            assertThatThrownBy(() -> kart.task(Source.class, Map.of())).isInstanceOf(ParameterValueException.class)
                    .hasMessageContaining("missing value for parameter 'region' of task " + Source.class.getName())
                    .hasMessageContaining("--region=");
            assertThatThrownBy(() -> kart.task(Report.class, Map.of())).isInstanceOf(ParameterValueException.class)
                    .as("a dependency's parameter has no option of the command line: config is the one way to give it")
                    .hasMessage("missing value for parameter 'region' of task " + Source.class.getName() + " (java.lang.String),"
                            + " a dependency made for a task-valued parameter: set it in config, as in -D 'kart.tasks.\""
                            + Source.class.getName() + "\".region=VALUE', or declare @Default");
            assertThatThrownBy(() -> kart.task(Report.class, Map.of("top", "5"))).isInstanceOf(ParameterValueException.class)
                    .hasMessageContaining("has no parameter 'top'").hasMessageContaining("topN: int");
            assertThatThrownBy(() -> kart.task(Source.class, Map.of("region", "x", "day", "yesterday")))
                    .isInstanceOf(ParameterValueException.class)
                    .hasMessageContaining("parameter 'day'").hasMessageContaining("'yesterday'").hasMessageContaining("ISO date");
            assertThatThrownBy(() -> kart.task(Report.class, Map.of("topN", "0", "source", "x")))
                    .isInstanceOf(ParameterValueException.class);
        }
        try (Internals kart = Runtimes.internals(workspace, "kart.tasks.\"" + Source.class.getName() + "\".region", "x")) {
            assertThatThrownBy(() -> kart.task(Report.class, Map.of("topN", "0")))
                    .as("a value the record's validation refuses is a bad value, as one that does not parse")
                    .isInstanceOf(ParameterValueException.class)
                    .hasMessageContaining(Report.class.getName()).hasMessageContaining("rejected its parameters: --top-n must be at least 1, got 0");
        }
    }

    @Test
    void aValueTheTaskRejectsNamesTheConfigKeysThatGaveValues() {
        String key = "kart.tasks.\"" + Report.class.getName() + "\".top-n";
        try (Internals kart = Runtimes.internals(workspace, key, "0",
                "kart.tasks.\"" + Source.class.getName() + "\".region", "x")) {
            assertThatThrownBy(() -> kart.task(Report.class, Map.of()))
                    .isInstanceOf(ParameterValueException.class)
                    .hasMessageContaining("topN must be at least 1, got 0")
                    .hasMessageContaining("(values set in config: 'kart.tasks.\"" + Report.class.getName() + "\".top-n' (");
            assertThatThrownBy(() -> kart.task(Report.class, Map.of("top-n", "-1")))
                    .as("a value from the command line: no config key gave one")
                    .isInstanceOf(ParameterValueException.class).hasMessageContaining("got -1")
                    .hasMessageNotContaining("config");
        }
    }

    @Test
    void aParameterSetUnderBothSpellingsOfItsNameIsAnErrorNamingBothKeys() {
        String section = "kart.tasks.\"" + Report.class.getName() + "\"";
        assertThatThrownBy(() -> Runtimes.internals(workspace, section + ".topN", "2", section + ".top-n", "4").close())
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("config keys '" + section + ".topN' (")
                .hasMessageContaining("and '" + section + ".top-n' (")
                .hasMessageContaining("both set parameter 'topN' of task " + Report.class.getName() + ": keep one of them");
    }
}
