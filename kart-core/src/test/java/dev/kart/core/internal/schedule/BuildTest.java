package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.core.fixtures.SampleTasks.Counts;
import dev.kart.core.fixtures.SampleTasks.Join;
import dev.kart.core.fixtures.SampleTasks.Shout;
import dev.kart.core.fixtures.SampleTasks.Split;
import dev.kart.core.fixtures.SampleTasks.Words;
import dev.kart.core.fixtures.SampleTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildTest {
    @TempDir
    Path workspace;

    @Test
    void buildsADependencyChainAndReturnsTheRootOutputWithItsDeclaredType() {
        try (Kart kart = Runtimes.kart(workspace)) {
            Map<String, Long> counts = kart.build(new Counts(new Words("a b a c a b", "chain"), 2, false));

            assertThat(counts).containsExactly(Map.entry("a", 3L), Map.entry("b", 2L));
            assertThat(counts.values()).allSatisfy(value -> assertThat(value).isInstanceOf(Long.class));
        }
    }

    @Test
    void aSecondBuildLoadsFromTheCacheWithoutRunningAnything() {
        Counts task = new Counts(new Words("x y x", "second"), 1, false);
        try (Kart kart = Runtimes.kart(workspace)) {
            Map<String, Long> first = kart.build(task);
            BuildReport<Map<String, Long>> second = kart.run(task, BuildOptions.defaults());

            assertThat(second.rootOutput()).contains(first);
            assertThat(second.count(TaskState.DONE)).isZero();
            assertThat(second.rootOutcome().state()).isEqualTo(TaskState.ALREADY_COMPLETE);
            assertThat(second.rootOutcome().cacheLoads()).isEqualTo(1);
            assertThat(SampleTasks.runs("second")).isEqualTo(1);
        }
    }

    @Test
    void insignificantParametersShareTheCache() {
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(new Counts(new Words("q r", "insignificant"), 1, false));
            BuildReport<Map<String, Long>> verbose = kart.run(new Counts(new Words("q r", "insignificant"), 1, true),
                    BuildOptions.defaults());

            assertThat(verbose.rootOutcome().state()).isEqualTo(TaskState.ALREADY_COMPLETE);
        }
    }

    @Test
    void rerunRunsTheRootAgainButNotItsCompleteDependencies() {
        Counts task = new Counts(new Words("m n", "rerun"), 1, false);
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(task);
            BuildReport<Map<String, Long>> again = kart.run(task, BuildOptions.defaults().withRerun(true));

            assertThat(again.rootOutcome().state()).isEqualTo(TaskState.DONE);
            assertThat(SampleTasks.runs("rerun")).isEqualTo(1);
            assertThat(SampleTasks.runs("rerun/counts")).isEqualTo(2);
        }
    }

    @Test
    void outputsLandAtPackagePathWithTaskNameIdAndExtension() {
        Shout shout = new Shout(new Counts(new Words("hi there", "paths"), 1, false));
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThat(kart.build(shout)).isEqualTo("HI THERE");
            String id = kart.run(shout, BuildOptions.defaults()).rootOutcome().uniqueId();

            Path expected = workspace.resolve("dev/kart/core/fixtures/Shout_" + id + ".txt");
            assertThat(expected).hasContent("HI THERE");
        }
    }

    @Test
    void namedOutputsAreWrittenAndReadBackByName() {
        Join join = new Join(new Split(new Words("a b c d e", "named")));
        try (Kart kart = Runtimes.kart(workspace)) {
            Map<String, List<String>> both = kart.build(join);

            assertThat(both).containsEntry("even", List.of("a", "c", "e")).containsEntry("odd", List.of("b", "d"));
            String splitId = kart.run(join, BuildOptions.defaults().withRerun(true)).outcomes().stream()
                    .filter(o -> o.task() instanceof Split).findFirst().orElseThrow().uniqueId();
            assertThat(workspace.resolve("dev/kart/core/fixtures/Split_" + splitId + ".even.json")).exists();
            assertThat(workspace.resolve("dev/kart/core/fixtures/Split_" + splitId + ".odd.txt.gz")).exists();
        }
    }

    @Test
    void writesTaskInfoWithParametersAttemptsHostAndLogLines() throws Exception {
        Words words = new Words("one two", "info");
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(words);
            String id = kart.run(words, BuildOptions.defaults()).rootOutcome().uniqueId();

            Path info = workspace.resolve("log/dev/kart/core/fixtures/Words_" + id + ".json");
            String json = Files.readString(info);
            assertThat(json).contains("\"uniqueId\":\"" + id + "\"", "\"text\":\"one two\"", "\"state\":\"DONE\"",
                    "\"pid\":" + ProcessHandle.current().pid(), "splitting 7 characters", "\"durationMillis\"",
                    "\"host\"");
        }
    }
}
