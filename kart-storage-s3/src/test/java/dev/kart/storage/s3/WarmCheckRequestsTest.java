package dev.kart.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import dev.kart.test.support.s3.AtomicS3Server;
import dev.kart.test.support.s3.AtomicS3Server.RequestKind;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A kart runtime on an {@code s3://} workspace checks many complete tasks with ListObjectsV2 pages,
 * one per 1,000 tasks, not a HeadObject each: counted by {@link AtomicS3Server}.
 */
class WarmCheckRequestsTest {
    private static final String BUCKET = "kart-warm";
    private static final int WIDTH = 1_050;
    static final Queue<Integer> RAN = new ConcurrentLinkedQueue<>();
    private static AtomicS3Server server;

    record Child(int index) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            RAN.add(index);
            return index;
        }
    }

    /** Depends on its children without reading them, so a warm build costs their check alone. */
    record Census(int width) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return width;
        }

        @Override
        public List<Task<?>> requires() {
            return IntStream.range(0, width).<Task<?>>mapToObj(Child::new).toList();
        }
    }

    @BeforeAll
    static void startServer() {
        server = AtomicS3Server.start().createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Kart kart(String prefix) {
        return CountedRequests.kart(server, BUCKET, prefix, Map.of());
    }

    @Test
    void aWarmBuildOf1050CompleteChildrenCostsTwoListPagesNotAHeadEach() {
        try (Kart kart = kart("warm-build")) {
            assertThat(kart.build(new Census(WIDTH))).isEqualTo(WIDTH);
            assertThat(kart.remove(new Census(WIDTH))).isEqualTo(1);
            RAN.clear();
            CountedRequests requests = CountedRequests.from(server);

            assertThat(kart.build(new Census(WIDTH))).isEqualTo(WIDTH);

            assertThat(RAN).as("children run again").isEmpty();
            // two pages of the children's directory; and one LIST of the root's records of single nodes, which its
            // publish asks for (records of earlier builds) as it replaced the root's task info
            assertThat(requests.of(RequestKind.LIST_OBJECTS)).as("ListObjectsV2 requests").isEqualTo(3);
            // the root's own check in the walk and its task info, no child's
            assertThat(requests.of(RequestKind.HEAD_OBJECT)).as("HeadObject requests").isLessThan(10);
            // the root's previous task info, read before it is written again; no child's output
            assertThat(requests.of(RequestKind.GET_OBJECT)).as("GetObject requests").isLessThan(3);
        }
    }

    @Test
    void aChildMissingFromTheListingIsBuiltAgain() {
        try (Kart kart = kart("one-missing")) {
            kart.build(new Census(WIDTH));
            kart.remove(new Census(WIDTH));
            assertThat(kart.remove(new Child(1_011))).isEqualTo(1);
            RAN.clear();

            assertThat(kart.build(new Census(WIDTH))).isEqualTo(WIDTH);

            assertThat(RAN).containsExactly(1_011);
            assertThat(server.keys(BUCKET)).anyMatch(key -> key.startsWith("one-missing/") && key.contains("Child_"));
            assertThat(kart.isComplete(new Child(1_011))).isTrue();
        }
    }
}
