package dev.kart.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import dev.kart.test.support.s3.AtomicS3Server;
import dev.kart.test.support.s3.AtomicS3Server.RequestKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a cold build on an {@code s3://} workspace asks the store, counted by {@link AtomicS3Server}:
 * no HeadObject per task right before it runs (the walk's listing is fresh), and no GetObject when a
 * task loads what a task of the same process just published (kart.storage.s3.published-cache-size).
 */
class ColdBuildRequestsTest {
    private static final String BUCKET = "kart-cold";
    private static final int WIDTH = 60;
    /** Added to every child's value, so that a child built by "another node" can be told apart. */
    static final AtomicInteger OFFSET = new AtomicInteger();
    private static AtomicS3Server server;

    record Child(int index) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return index + OFFSET.get();
        }
    }

    /** Loads every child. */
    record Sum(int width) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return IntStream.range(0, width).map(i -> ctx.load(new Child(i))).sum();
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

    private static Kart kart(String prefix, String publishedCacheSize) {
        return CountedRequests.kart(server, BUCKET, prefix, Map.of("kart.storage.s3.published-cache-size", publishedCacheSize));
    }

    private static int sum(int width) {
        return width * (width - 1) / 2;
    }

    @Test
    void aColdBuildAsksNoHeadBeforeEachTaskAndLoadsWhatItPublishedWithoutAGet() {
        OFFSET.set(0);
        try (Kart kart = kart("cold", "32MiB")) {
            CountedRequests requests = CountedRequests.from(server);

            assertThat(kart.build(new Sum(WIDTH))).isEqualTo(sum(WIDTH));

            // the walk lists the children's directory once; the root is asked for on its own
            assertThat(requests.of(RequestKind.LIST_OBJECTS)).as("ListObjectsV2 pages").isEqualTo(1);
            assertThat(requests.of(RequestKind.HEAD_OBJECT)).as("HeadObject requests").isLessThan(5);
            assertThat(requests.of(RequestKind.GET_OBJECT)).as("GetObject requests").isLessThan(5);
            // each task's output and its task info
            assertThat(requests.of(RequestKind.PUT_OBJECT)).as("PutObject requests").isEqualTo(2L * (WIDTH + 1));
        }
    }

    @Test
    void withoutPublishedCopiesEveryLoadIsAGet() {
        OFFSET.set(0);
        try (Kart kart = kart("no-copies", "0")) {
            CountedRequests requests = CountedRequests.from(server);

            assertThat(kart.build(new Sum(WIDTH))).isEqualTo(sum(WIDTH));

            assertThat(requests.of(RequestKind.GET_OBJECT)).as("GetObject requests").isGreaterThanOrEqualTo(WIDTH);
        }
    }

    @Test
    void anObjectThisProcessRemovedIsReadFromTheStoreOnceAnotherNodePublishedItAgain() {
        OFFSET.set(0);
        try (Kart kart = kart("removed", "32MiB")) {
            assertThat(kart.build(new Sum(WIDTH))).isEqualTo(sum(WIDTH));
            assertThat(kart.remove(new Sum(WIDTH))).isEqualTo(1);
            assertThat(kart.remove(new Child(3))).isEqualTo(1);
            OFFSET.set(1_000);
            try (Kart otherNode = kart("removed", "32MiB")) {
                assertThat(otherNode.build(new Child(3))).isEqualTo(1_003);
            }
            OFFSET.set(0);

            assertThat(kart.build(new Sum(WIDTH))).as("the sum with the other node's child 3").isEqualTo(sum(WIDTH) + 1_000);
        }
    }
}
