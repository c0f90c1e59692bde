package dev.kart.bench.contention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetriedRoundsTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final RetriedRounds rounds = new RetriedRounds("contention-spawn-defer: gokart", 3,
            new PrintStream(logged, true, StandardCharsets.UTF_8));
    private final AtomicInteger tried = new AtomicInteger();

    @Test
    void aRoundThatFailsIsTriedAgainAndCountedUntilOneSucceeds() throws Exception {
        String result = rounds.untilSucceeded(() -> tried.incrementAndGet() < 3 ? fail(tried.get()) : "round 3");

        assertThat(result).isEqualTo("round 3");
        assertThat(rounds.failed()).isEqualTo(2);
        assertThat(logged.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "bench: contention-spawn-defer: gokart: a round failed in round-1 (1 so far; try 1 of 3):"
                        + " FileNotFoundError: tmp",
                "bench: contention-spawn-defer: gokart: a round failed in round-2 (2 so far; try 2 of 3):"
                        + " FileNotFoundError: tmp");
        // the count goes on over later rounds
        rounds.untilSucceeded(() -> tried.incrementAndGet() == 4 ? fail(4) : "round 5");
        assertThat(rounds.failed()).isEqualTo(3);
    }

    @Test
    void theLastTrysFailureEndsIt() {
        assertThatThrownBy(() -> rounds.untilSucceeded(() -> fail(tried.incrementAndGet())))
                .isInstanceOf(NodeFailedException.class).hasMessage("round 3 failed");
        assertThat(tried).hasValue(3);
        assertThat(rounds.failed()).isEqualTo(3);
    }

    @Test
    void anyOtherErrorEndsItAtOnceUncounted() {
        assertThatThrownBy(() -> rounds.untilSucceeded(() -> {
            tried.incrementAndGet();
            throw new IllegalStateException("the workspace holds a wrong output");
        })).hasMessage("the workspace holds a wrong output");
        assertThat(tried).hasValue(1);
        assertThat(rounds.failed()).isZero();
    }

    private static String fail(int round) {
        throw new NodeFailedException("round " + round + " failed", Path.of("round-" + round),
                "Traceback (most recent call last):\n  File \"x.py\"\nFileNotFoundError: tmp\n");
    }
}
