package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.internal.graph.RerunClassNotInGraphException;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which complete tasks run again: the root ({@code rerun}), every task of named classes and what
 * depends on them ({@code rerunTasks}), or all ({@code rerunAll}); and {@code kart.lock.run-all}.
 */
class RerunSelectionTest {
    /** Runs of each task class, by simple name. */
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @TempDir
    Path workspace;

    /** The bottom of the graph: two of them. */
    record Source(int part) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            ran(this);
            return "source " + part;
        }
    }

    /** In the middle: each reads its source. */
    record Middle(int part) implements Task<String> {
        @Override
        public List<Task<?>> requires() {
            return List.of(new Source(part));
        }

        @Override
        public String run(RunContext ctx) {
            ran(this);
            return "middle of " + ctx.load(new Source(part));
        }
    }

    /** Beside the middle: depends on no Middle, so a rerun of Middle leaves it alone. */
    record Side() implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            ran(this);
            return "side";
        }
    }

    /** The root: both middles and the side. */
    record Top() implements Task<String> {
        @Override
        public List<Task<?>> requires() {
            return List.of(new Middle(0), new Middle(1), new Side());
        }

        @Override
        public String run(RunContext ctx) {
            ran(this);
            return ctx.load(new Middle(0)) + ", " + ctx.load(new Middle(1)) + ", " + ctx.load(new Side());
        }
    }

    private static void ran(Task<?> task) {
        RUNS.computeIfAbsent(task.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
    }

    @BeforeEach
    void noRunsYet() {
        RUNS.clear();
    }

    @Test
    void aNamedClassRunsAgainWithEveryTaskThatDependsOnItAndNothingElse() {
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(new Top());
            RUNS.clear();

            BuildReport<String> report = kart.run(new Top(), BuildOptions.defaults().withRerunTask(Middle.class));

            assertThat(report.succeeded()).as(report.summary()).isTrue();
            assertThat(runs()).isEqualTo(Map.of("Middle", 2, "Top", 1));
            assertThat(states(report)).isEqualTo(Map.of("Middle", "DONE DONE", "Side", "ALREADY_COMPLETE",
                    "Source", "ALREADY_COMPLETE ALREADY_COMPLETE", "Top", "DONE"));
            assertThat(report.summary()).contains("* 3 ran successfully:", "* 3 were already complete:");
        }
    }

    @Test
    void theRootAloneOrEveryTaskRunsAgainWhenAsked() {
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(new Top());
            RUNS.clear();

            kart.run(new Top(), BuildOptions.defaults().withRerun(true));
            assertThat(runs()).isEqualTo(Map.of("Top", 1));
            RUNS.clear();

            BuildReport<String> all = kart.run(new Top(), BuildOptions.defaults().withRerunAll(true));
            assertThat(runs()).isEqualTo(Map.of("Source", 2, "Middle", 2, "Side", 1, "Top", 1));
            assertThat(all.count(TaskState.DONE)).isEqualTo(6);
        }
    }

    @Test
    void aNamedClassWithoutTaskInTheGraphIsRefusedBeforeAnythingRuns() {
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThatThrownBy(() -> kart.run(new Middle(0), BuildOptions.defaults().withRerunTask(Top.class)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("asked to rerun the tasks of " + Top.class.getName())
                    .hasMessageContaining("has no task of that class; its task classes are [" + Middle.class.getName()
                            + ", " + Source.class.getName() + "]")
                    .isInstanceOfSatisfying(RerunClassNotInGraphException.class, refused -> {
                        assertThat(refused.missing()).containsExactly(Top.class.getName());
                        assertThat(refused.graphClasses()).containsExactly(Middle.class.getName(), Source.class.getName());
                    });
            assertThat(RUNS).isEmpty();
        }
    }

    @Test
    void runAllLocksEveryTasksRunUnlessItsOwnSectionSaysNot() {
        try (Kart kart = Runtimes.kart(workspace.resolve("plain"))) {
            BuildReport<String> report = kart.run(new Top(), BuildOptions.defaults());
            assertThat(report.outcomes()).allSatisfy(outcome -> assertThat(outcome.lock().runLeaseTokens()).isEmpty());
        }
        try (Kart kart = Runtimes.kart(workspace.resolve("locked"), "kart.lock.run-all", true,
                "kart.tasks.\"" + Side.class.getName() + "\".lock-run", false)) {
            BuildReport<String> report = kart.run(new Top(), BuildOptions.defaults());

            for (TaskOutcome outcome : report.outcomes()) {
                boolean side = outcome.task() instanceof Side;
                assertThat(outcome.lock().runLock()).as(outcome.label()).isEqualTo(!side);
                assertThat(outcome.lock().runLeaseTokens()).as(outcome.label()).hasSize(side ? 0 : 1);
            }
        }
    }

    private static Map<String, Integer> runs() {
        Map<String, Integer> runs = new TreeMap<>();
        RUNS.forEach((name, count) -> runs.put(name, count.get()));
        return runs;
    }

    private static Map<String, String> states(BuildReport<?> report) {
        Map<String, String> states = new TreeMap<>();
        for (TaskOutcome outcome : report.outcomes()) {
            states.merge(outcome.task().getClass().getSimpleName(), outcome.state().name(), (a, b) -> a + " " + b);
        }
        return states;
    }
}
