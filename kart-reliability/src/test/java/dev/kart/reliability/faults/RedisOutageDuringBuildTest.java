package dev.kart.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.TaskRef;
import dev.kart.reliability.fixtures.Events;
import dev.kart.reliability.fixtures.PublishWatch;
import dev.kart.reliability.fixtures.RedisDagNodes;
import dev.kart.reliability.fixtures.Work;
import dev.kart.reliability.fixtures.WorkspaceFiles;
import dev.kart.reliability.fixtures.dag.Total;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Four JVMs build the 40-task DAG ({@code @RunWithLock}, 250 ms per task; the processes use the
 * collision policies defer, defer, wait and fail) against one redis-server and one workspace, and in
 * the middle of it redis-server is restarted (empty: no persistence), or frozen with SIGSTOP for twice
 * the lease TTL. Every process must end within the hang guard with the right result (tasks whose lock
 * calls failed are retried), every cache file must be published exactly once (counted by inotify),
 * every output must be correct and no temporary file may be left. It does not guard the data epoch
 * ({@code RedisEpoch}): a normal run publishes by hard link, which the file system refuses when the
 * file exists, so an old holder publishing under a lease the restarted Redis lost, while another
 * holder computes the same task, leaves one publication all the same; {@link RedisDataLossTest} is
 * the test that fails without the epoch.
 */
class RedisOutageDuringBuildTest {
    /**
     * Renewed every 1.67 s: a renewal may come over three seconds late on a busy machine. Five seconds, not
     * three, so that the command timeout can be 1.5 s, under the renew interval as kart requires.
     */
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration HANG_GUARD = Duration.ofMinutes(3);
    private static final int PUBLISHED_BEFORE_FAULT = 10;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    @TempDir
    Path directory;

    @ParameterizedTest(name = "redis-server {0}, client = {1}")
    @CsvSource({"restarted, jedis", "paused, jedis", "restarted, redisson", "paused, redisson"})
    void everyProcessEndsAndEveryFileIsPublishedOnce(String fault, String client) throws Exception {
        TestRedis redis = REDIS.server();
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        Path packageDirectory = Files.createDirectories(workspace.resolve(Total.class.getPackageName().replace('.', '/')));
        Path events = directory.resolve("events.log");
        String prefix = "outage-" + fault + "-" + client;
        Map<String, Integer> publications;
        try (PublishWatch watch = PublishWatch.of(packageDirectory)) {
            try (RedisDagNodes nodes = RedisDagNodes.start(directory, client + "-" + fault, HANG_GUARD,
                    Map.of(Events.PROPERTY, events.toString(), Work.PROPERTY, "250"),
                    List.of("kart.workspace=" + workspace, "kart.lock.prefix=" + prefix,
                            "kart.lock.ttl=" + TTL.toMillis() + "ms", "kart.lock.redis.client=" + client,
                            "kart.lock.redis.host=" + redis.host(), "kart.lock.redis.port=" + redis.port(),
                            // the test is about the faults, which outlast any command timeout: it only has to
                            // end a command sent into one. 800 ms (under a 3 s TTL's renew interval) failed this
                            // test on CI at load 13-22 only; 1.5 s, as LostReplyDuringBuildTest, keeps sub-second
                            // scheduling out of it
                            "kart.lock.redis.connect-timeout=5s", "kart.lock.redis.command-timeout=1500ms"))) {
                nodes.go();
                nodes.awaitPublished(watch, PUBLISHED_BEFORE_FAULT);
                nodes.awaitBackendsOpened(events);
                if (fault.equals("restarted")) {
                    redis.restart();
                } else {
                    redis.pause();
                    try {
                        Thread.sleep(TTL.multipliedBy(2).toMillis());
                    } finally {
                        redis.resume();
                    }
                }
                nodes.assertEachBuiltTheDag();
            }
            publications = watch.counts();
        }

        Map<String, List<String>> publishers = Events.read(events).stream().filter(e -> e.event().equals("publish"))
                .collect(Collectors.groupingBy(e -> e.subject().substring(e.subject().lastIndexOf('/') + 1,
                        e.subject().lastIndexOf('#')), TreeMap::new,
                        Collectors.mapping(e -> "pid " + e.pid() + " token " + e.subject().substring(e.subject().lastIndexOf('#') + 1),
                                Collectors.toList())));
        Map<String, Long> runs = Events.read(events).stream().filter(e -> e.event().equals("run"))
                .collect(Collectors.groupingBy(Events.Event::subject, TreeMap::new, Collectors.counting()));
        System.out.printf("RedisOutageDuringBuildTest %s/%s: %d run() calls for 40 tasks, publications %s%n", fault, client,
                runs.values().stream().mapToLong(Long::longValue).sum(), publications);
        assertThat(publications).as("publications per cache file (inotify); publishing processes and their cache lease"
                + " tokens: %s", publishers).hasSize(40)
                .allSatisfy((file, count) -> assertThat(count).as("publications of %s", file).isEqualTo(1));
        try (Kart reader = WorkspaceFiles.reader(workspace)) {
            for (TaskRef node : reader.graph(Total.dag())) {
                assertThat(reader.isComplete(node.task())).as("%s", node.label()).isTrue();
                assertThat((Object) reader.load(node.task())).as("output of %s", node.label())
                        .isEqualTo(Total.expected(node.task()));
            }
        }
        assertThat(WorkspaceFiles.temporaryFiles(workspace)).as("temporary files left").isEmpty();
    }
}
