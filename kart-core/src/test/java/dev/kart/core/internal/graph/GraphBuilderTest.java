package dev.kart.core.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.fixtures.Internals;
import dev.kart.core.Kart;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphBuilderTest {
    @TempDir
    Path workspace;

    record Ping(int round) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return "ping";
        }

        @Override
        public List<Task<?>> requires() {
            return List.of(new Pong(round));
        }
    }

    record Pong(int round) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return "pong";
        }

        @Override
        public List<Task<?>> requires() {
            return List.of(new Ping(round));
        }
    }

    record Leaf(int value) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return value;
        }
    }

    record Pair(Leaf left, Leaf right) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return ctx.load(left) + ctx.load(right);
        }
    }

    record Top(Pair first, Pair second) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return ctx.load(first) * ctx.load(second);
        }
    }

    record Chain(Chain previous, int step) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return previous == null ? step : ctx.load(previous) + step;
        }
    }

    @Test
    void aCycleIsAnErrorNamingEveryTaskInIt() {
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThatThrownBy(() -> kart.build(new Ping(1))).isInstanceOf(CycleException.class)
                    .hasMessageContaining("dependency cycle")
                    .hasMessageContaining(Ping.class.getName() + "(round=1)")
                    .hasMessageContaining(Pong.class.getName() + "(round=1)");
        }
    }

    @Test
    void equalTasksReachedByTwoPathsAreOneNode() {
        Top top = new Top(new Pair(new Leaf(1), new Leaf(2)), new Pair(new Leaf(1), new Leaf(2)));
        try (Internals kart = Runtimes.internals(workspace)) {
            TaskGraph graph = kart.graph(top, true);

            assertThat(graph.nodes()).hasSize(4);
            assertThat(graph.nodes().get(graph.nodes().size() - 1)).isSameAs(graph.root());
            assertThat(kart.build(top)).isEqualTo(9);
        }
    }

    @Test
    void dependenciesOfCompleteTasksAreNotVisitedUnlessAsked() {
        Pair pair = new Pair(new Leaf(3), new Leaf(4));
        try (Internals kart = Runtimes.internals(workspace)) {
            kart.build(pair);

            assertThat(kart.graph(pair, false).nodes()).hasSize(1);
            TaskGraph full = kart.graph(pair, true);
            assertThat(full.nodes()).hasSize(3).allMatch(TaskNode::complete);
            assertThat(full.completeCount()).isEqualTo(3);
        }
    }

    @Test
    void longChainsAreBuiltWithoutExhaustingTheStack() {
        Chain chain = null;
        for (int step = 1; step <= 3_000; step++) {
            chain = new Chain(chain, 1);
        }
        try (Kart kart = Runtimes.kart(workspace, "kart.task-info.enabled", false)) {
            assertThat(kart.build(chain)).isEqualTo(3_000);
        }
    }
}
