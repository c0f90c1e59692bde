package dev.kart.bench.contention;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.task.CollisionPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpawnScenarioTest {
    @AfterEach
    void clearRounds() {
        System.clearProperty(SpawnScenario.ROUNDS_PROPERTY);
    }

    @Test
    void aRoundCountThatIsNoPositiveNumberIsRefusedBeforeAnythingStarts() {
        System.setProperty(SpawnScenario.ROUNDS_PROPERTY, "0");

        assertThatThrownBy(() -> new SpawnScenario("x", CollisionPolicy.DEFER, 4, 40, 250, 1, 5).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dkart.bench.spawn.rounds=0 is not a number of rounds; expected a whole number of at least 1,"
                        + " such as 40");
    }
}
