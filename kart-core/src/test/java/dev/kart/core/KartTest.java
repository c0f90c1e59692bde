package dev.kart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.CacheReadException;
import dev.kart.TaskDefinitionException;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.core.fixtures.SampleTasks.Counts;
import dev.kart.core.fixtures.SampleTasks.Join;
import dev.kart.core.fixtures.SampleTasks.Leaf;
import dev.kart.core.fixtures.SampleTasks.Shout;
import dev.kart.core.fixtures.SampleTasks.Split;
import dev.kart.core.fixtures.SampleTasks.Words;
import dev.kart.core.fixtures.SampleTasks;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.NamedOutput;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import dev.kart.task.TypeRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime facade as an embedding application uses it: build, and questions about the workspace. */
class KartTest {
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
    void aBuildThatDoesNotAskForTheRootOutputDoesNotReadACompleteRoot() throws Exception {
        Counts task = new Counts(new Words("x y x", "unread"), 1, false);
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(task);
            // a file no format can read: a build that read it would fail
            Path root = workspace.resolve(kart.outputs(task).get(0).relativePath());
            Files.writeString(root, "{ not json");

            BuildReport<Map<String, Long>> unread = kart.run(task, BuildOptions.defaults().withRootOutput(false));

            assertThat(unread.succeeded()).as(unread.summary()).isTrue();
            assertThat(unread.rootOutput()).isEmpty();
            assertThat(unread.rootOutcome().state()).isEqualTo(TaskState.ALREADY_COMPLETE);
            assertThat(unread.rootOutcome().cacheLoads()).isZero();
            assertThat(Files.readString(root)).isEqualTo("{ not json");
            assertThatThrownBy(() -> kart.run(task, BuildOptions.defaults())).as("the default reads it")
                    .isInstanceOf(CacheReadException.class);
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

    /**
     * Task info is created in place on its first write (WorkspaceStorage.createRecord), so a process
     * killed while writing it can leave it empty or cut short: the cache must not care, and the
     * task's next run must replace it with a whole record.
     */
    @Test
    void taskInfoCutShortByAKillNeitherBreaksTheCacheNorOutlivesTheNextRun() throws Exception {
        Counts counts = new Counts(new Words("x y x", "torn-info"), 1, false);
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(counts);
            String wordsId = kart.uniqueId(counts.words());
            Path wordsInfo = workspace.resolve("log/dev/kart/core/fixtures/Words_" + wordsId + ".json");
            Path countsInfo = workspace.resolve("log/dev/kart/core/fixtures/Counts_" + kart.uniqueId(counts) + ".json");
            byte[] whole = Files.readAllBytes(wordsInfo);
            Files.write(wordsInfo, java.util.Arrays.copyOf(whole, whole.length / 2));
            Files.write(countsInfo, new byte[0]);
            int runs = SampleTasks.runs("torn-info");

            assertThat(kart.isComplete(counts)).isTrue();
            assertThat(kart.build(counts)).containsExactly(Map.entry("x", 2L), Map.entry("y", 1L));
            assertThat(kart.load(counts.words())).containsExactly("x", "y", "x");
            assertThat(SampleTasks.runs("torn-info")).isEqualTo(runs);

            kart.run(counts.words(), BuildOptions.defaults().withRerun(true));

            assertThat(SampleTasks.runs("torn-info")).isEqualTo(runs + 1);
            String json = Files.readString(wordsInfo);
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("state").asText())
                    .isEqualTo("DONE");
            try (var files = Files.list(wordsInfo.getParent())) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".kart-tmp"));
            }
        }
    }

    @Test
    void aCompleteTasksOutputIsLoadedWithoutRunningAnything() {
        Counts counts = new Counts(new Words("p q p", "load"), 1, false);
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThat(kart.isComplete(counts)).isFalse();
            kart.build(counts);
            int runs = SampleTasks.runs("load/counts");

            assertThat(kart.isComplete(counts)).isTrue();
            assertThat(kart.load(counts)).containsExactly(Map.entry("p", 2L), Map.entry("q", 1L));
            assertThat(SampleTasks.runs("load/counts")).isEqualTo(runs);
        }
    }

    @Test
    void loadingATaskThatIsNotCompleteFailsNamingItAndRunsNothing() {
        Counts counts = new Counts(new Words("never built", "not-complete"), 1, false);
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThatThrownBy(() -> kart.load(counts)).isInstanceOf(TaskNotCompleteException.class)
                    .hasMessageContaining(Counts.class.getName()).hasMessageContaining("is not complete")
                    .hasMessageContaining(kart.outputs(counts).get(0).relativePath());

            assertThat(SampleTasks.runs("not-complete")).isZero();
            assertThat(Path.of(kart.outputs(counts).get(0).uri())).doesNotExist();
        }
    }

    @Test
    void outputLocationsNameTheMainOutputAndEachNamedOutputInTheWorkspace() {
        Split split = new Split(new Words("a b c", "locations"));
        Shout shout = new Shout(new Counts(new Words("x", "locations"), 1, false));
        try (Kart kart = Runtimes.kart(workspace)) {
            String splitId = kart.uniqueId(split);
            assertThat(kart.outputs(split)).extracting(OutputLocation::relativePath).containsExactly(
                    "dev/kart/core/fixtures/Split_" + splitId + ".even.json",
                    "dev/kart/core/fixtures/Split_" + splitId + ".odd.txt.gz");
            assertThat(kart.outputs(split)).noneMatch(OutputLocation::isMain)
                    .extracting(location -> (Object) location.namedOutput().orElseThrow()).containsExactly(Split.EVEN, Split.ODD);

            OutputLocation main = kart.outputs(shout).get(0);
            assertThat(main.isMain()).isTrue();
            assertThat(Path.of(main.uri())).isEqualTo(workspace.toAbsolutePath().resolve(main.relativePath()));

            kart.build(new Join(split));
            assertThat(kart.load(split, Split.ODD)).containsExactly("b");
        }
    }

    @Test
    void theGraphListsEveryTaskOnceDependenciesFirstAndTheIdsAreTheBuildsIds() {
        Words words = new Words("g h", "graph");
        Counts counts = new Counts(words, 1, false);
        Shout shout = new Shout(counts);
        try (Kart kart = Runtimes.kart(workspace)) {
            List<TaskRef> graph = kart.graph(shout);

            assertThat(graph).extracting(TaskRef::task).containsExactly(words, counts, shout);
            BuildReport<String> report = kart.run(shout, BuildOptions.defaults());
            assertThat(report.outcomes()).extracting(TaskOutcome::uniqueId)
                    .containsExactlyElementsOf(graph.stream().map(TaskRef::uniqueId).toList());
            assertThat(kart.uniqueId(shout)).isEqualTo(report.rootOutcome().uniqueId()).matches("[0-9a-f]{32}");
            assertThat(kart.graph(shout)).as("complete tasks' dependencies are listed too").hasSize(3);
        }
    }

    @Test
    void removingATasksOutputsMakesItRunAgainAndKeepsItsDependencies() {
        Words words = new Words("r s", "remove");
        Counts counts = new Counts(words, 1, false);
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(counts);

            assertThat(kart.remove(counts)).isEqualTo(1);
            assertThat(kart.isComplete(counts)).isFalse();
            assertThat(kart.isComplete(words)).isTrue();
            assertThat(kart.remove(counts)).isZero();
            BuildReport<Map<String, Long>> rebuilt = kart.run(counts, BuildOptions.defaults());
            assertThat(rebuilt.rootOutcome().state()).isEqualTo(TaskState.DONE);
            assertThat(rebuilt.outcomes().get(0).state()).isEqualTo(TaskState.ALREADY_COMPLETE);
        }
    }

    @Test
    void anOutcomeSaysWhatTheLockLayerDid() {
        Locked locked = new Locked("lock-activity");
        try (Kart kart = Runtimes.kart(workspace)) {
            TaskOutcome ran = kart.run(locked, BuildOptions.defaults()).rootOutcome();

            assertThat(ran.lock().runLock()).isTrue();
            assertThat(ran.lock().policy()).isEqualTo(CollisionPolicy.WAIT);
            assertThat(ran.lock().collisions()).isZero();
            assertThat(ran.lock().runLeaseTokens()).singleElement().satisfies(token -> assertThat(token).isPositive());
            assertThat(ran.lock().publishTokens()).singleElement().satisfies(token -> assertThat(token).isPositive());
            assertThat(ran.lock().ranBy()).hasValueSatisfying(node -> assertThat(node).endsWith(":" + ProcessHandle.current().pid()));

            TaskOutcome cached = kart.run(locked, BuildOptions.defaults()).rootOutcome();
            assertThat(cached.state()).isEqualTo(TaskState.ALREADY_COMPLETE);
            assertThat(cached.lock().runLeaseTokens()).isEmpty();
            assertThat(cached.lock().ranBy()).as("complete before the build: who ran it is not this build's to say").isEmpty();
        }
    }

    @Test
    void anOutputItsFormatCannotStoreIsRefusedBeforeAnyTaskRuns() throws IOException {
        CountAsText root = new CountAsText(new Leaf(3, "format-check"));
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThatThrownBy(() -> kart.build(root)).isInstanceOf(TaskDefinitionException.class)
                    .hasMessageContainingAll("output of " + CountAsText.class.getName(), "cannot be written as .txt",
                            "txt stores String or List<String>, not java.lang.Long");
            assertThatThrownBy(() -> kart.build(new MetricsAsBytes())).isInstanceOf(TaskDefinitionException.class)
                    .hasMessageContainingAll("named output 'metrics' of " + MetricsAsBytes.class.getName(),
                            "cannot be written as .bin.gz", "bin stores byte[], not java.util.Map<java.lang.String, java.lang.Long>");
        }
        assertThat(SampleTasks.runs("format-check")).as("runs of the refused root's dependency").isZero();
        assertThat(CountAsText.RUNS).as("runs of the refused root").hasValue(0);
        try (Stream<Path> files = Files.walk(workspace)) {
            assertThat(files.filter(Files::isRegularFile)).as("files in the workspace").isEmpty();
        }
    }

    @Test
    void aSerOutputOfAClassOutsideTheAllowListIsRefusedUntilACommaSeparatedListAllowsIt() {
        Kept kept = new Kept("allow-list");
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThatThrownBy(() -> kart.build(kept)).isInstanceOf(TaskDefinitionException.class)
                    .hasMessageContainingAll("output of " + Kept.class.getName(), "cannot be written as .ser",
                            Kept.Value.class.getName() + " is not one of them",
                            "its package as dev.kart.core.*, to kart.formats.java.allow");
        }
        // as -D gives it on the command line: one string, its elements separated by commas
        try (Kart kart = Runtimes.kart(workspace, "kart.formats.java.allow", "java.lang.*, java.util.*,dev.kart.core.*")) {
            assertThat(kart.build(kept)).isEqualTo(new Kept.Value("allow-list"));
            assertThat(kart.run(kept, BuildOptions.defaults()).rootOutput()).as("read back from its file")
                    .contains(new Kept.Value("allow-list"));
        }
    }

    /** Stores a Serializable record of this package with Java serialization. */
    @OutputFormat("ser")
    record Kept(String word) implements Task<Kept.Value> {
        /** @param word the value */
        record Value(String word) implements java.io.Serializable {
        }

        @Override
        public Value run(RunContext ctx) {
            return new Value(word);
        }
    }

    /** Declares a {@code Long} output but the txt format, which stores text only. */
    @OutputFormat("txt")
    record CountAsText(Leaf leaf) implements Task<Long> {
        static final AtomicInteger RUNS = new AtomicInteger();

        @Override
        public Long run(RunContext ctx) {
            RUNS.incrementAndGet();
            return (long) ctx.load(leaf);
        }
    }

    /** A {@code Task<Void>} whose one named output holds a map in a format for bytes. */
    record MetricsAsBytes() implements Task<Void> {
        static final NamedOutput<Map<String, Long>> METRICS = NamedOutput.of("metrics", "bin.gz", new TypeRef<Map<String, Long>>() { });

        @Override
        public List<NamedOutput<?>> namedOutputs() {
            return List.of(METRICS);
        }

        @Override
        public Void run(RunContext ctx) {
            ctx.dump(METRICS, Map.of("x", 1L));
            return null;
        }
    }

    /** A task that runs under its run lock, waiting when another node holds it. */
    @RunWithLock(onCollision = CollisionPolicy.WAIT)
    record Locked(String key) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return "locked " + key;
        }
    }
}
