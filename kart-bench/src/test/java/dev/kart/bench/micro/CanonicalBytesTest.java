package dev.kart.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.internal.identity.UniqueIds;
import dev.kart.task.Task;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalBytesTest {

    @Test
    void theBytesOfEveryTaskOfTheChainHashToItsUniqueId() {
        List<Task<Integer>> chain = ChainLink.chain(UniqueIdBenchmarks.CHAIN);

        byte[][] bytes = CanonicalBytes.checked(chain);

        assertThat(bytes.length).isEqualTo(1_000);
        UniqueIds ids = new UniqueIds();
        for (int i : new int[] {0, 1, 999}) {
            String digest = HexFormat.of().formatHex(CanonicalBytes.sha256().digest(bytes[i]), 0, 16);
            assertThat(digest).as("task %d", i).isEqualTo(ids.of(chain.get(i)));
        }
    }

    @Test
    void aTaskParameterEntersAsItsDependencysUniqueId() {
        TrainModel task = TrainModel.sample();

        byte[][] bytes = CanonicalBytes.checked(List.of(task.tokens(), task));

        String text = new String(bytes[1], StandardCharsets.UTF_8);
        assertThat(text).startsWith("dev.kart.bench.micro.TrainModel\n")
                .contains("\ntokens=t" + new UniqueIds().of(task.tokens()) + ";\n")
                .contains("\nmodel=s17:gradient-boosting\n");
    }
}
