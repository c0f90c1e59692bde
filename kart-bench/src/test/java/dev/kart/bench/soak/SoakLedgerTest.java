package dev.kart.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SoakLedgerTest {
    private final SoakDag dag = SoakDag.of(42, 60);

    private static String[] run(int round, int task) {
        return new String[] {Integer.toString(round), Integer.toString(task), "1234"};
    }

    @Test
    void theSameSeedGivesTheSameDagWhoseRootReachesEveryTask() {
        SoakDag again = new SoakTask(0, 42, 60).dag();
        SoakDag other = SoakDag.of(43, 60);

        assertThat(again).isSameAs(dag);
        assertThat(SoakScenario.downstreamOf(dag, Set.of(0))).contains(dag.root());
        for (int i = 0; i < dag.size(); i++) {
            int task = i;
            assertThat(SoakScenario.downstreamOf(dag, Set.of(task))).as("downstream of %d", task).contains(dag.root());
            assertThat(Arrays.stream(dag.dependencies(task)).boxed().toList()).as("dependencies of %d", task)
                    .allSatisfy(dependency -> assertThat(dependency).isLessThan(task));
        }
        assertThat(Arrays.deepEquals(IntStream.range(0, 60).mapToObj(dag::dependencies).toArray(),
                IntStream.range(0, 60).mapToObj(other::dependencies).toArray())).isFalse();
    }

    @Test
    void oneRunPerRemovalIsNoDuplicate() {
        SoakLedger ledger = new SoakLedger(dag);
        ledger.ran(0, IntStream.range(0, 60).mapToObj(task -> run(0, task)).toList());
        ledger.removed(1, List.of(5, 7));
        ledger.ran(1, List.<String[]>of(run(1, 5), run(1, 7)));

        assertThat(ledger.executions()).isEqualTo(62);
        assertThat(ledger.duplicates()).isZero();
        assertThat(ledger.strays()).isZero();
    }

    @Test
    void aSecondRunOfTheSameGenerationIsADuplicateInTheSameRoundOrALaterOne() {
        SoakLedger ledger = new SoakLedger(dag);
        ledger.ran(0, List.<String[]>of(run(0, 3), run(0, 3)));
        ledger.ran(1, List.<String[]>of(run(1, 4), run(1, 3)));

        assertThat(ledger.duplicates()).isEqualTo(2);
    }

    @Test
    void aRunUnderAnotherRoundsNumberIsAStray() {
        SoakLedger ledger = new SoakLedger(dag);
        ledger.ran(2, List.<String[]>of(run(1, 3)));

        assertThat(ledger.strays()).isOne();
    }

    @Test
    void theExpectedValueChangesWithTheRoundATaskRanInAndFlowsDownstream() {
        SoakLedger ledger = new SoakLedger(dag);
        long[] before = ledger.expectedValues();
        int task = dag.dependencies(dag.root())[0];
        ledger.removed(3, SoakScenario.downstreamOf(dag, Set.of(task)));
        long[] after = ledger.expectedValues();

        assertThat(after[task]).isNotEqualTo(before[task]);
        assertThat(after[dag.root()]).isNotEqualTo(before[dag.root()]);
        int untouched = IntStream.range(0, dag.size())
                .filter(i -> !SoakScenario.downstreamOf(dag, Set.of(task)).contains(i)).findFirst().orElseThrow();
        assertThat(after[untouched]).isEqualTo(before[untouched]);
    }
}
