package dev.kart.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.TaskRef;
import dev.kart.reliability.fixtures.Events;
import dev.kart.reliability.fixtures.PublishWatch;
import dev.kart.reliability.fixtures.Work;
import dev.kart.reliability.fixtures.WorkerProcess;
import dev.kart.reliability.fixtures.WorkspaceFiles;
import dev.kart.reliability.fixtures.dag.Total;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.redis.TestRedis;
import dev.kart.test.support.process.WorkerJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * calls failed are retried), every cache file must be published exactly once (counted by inotify: a
 * holder publishing with a lease Redis no longer has, while another holder computes the same task,
 * shows as a second publication), every output must be correct and no temporary file may be left.
 */
class RedisOutageDuringBuildTest {
    private static final int PROCESSES = 4;
    private static final String[] POLICIES = {"defer", "defer", "wait", "fail"};
    /** Renewed every second: a renewal may come over a second late on a busy machine. */
    private static final Duration TTL = Duration.ofSeconds(3);
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
        Path go = directory.resolve("go");
        String prefix = "outage-" + fault + "-" + client;
        List<WorkerJvm> workers = new ArrayList<>();
        Map<String, Integer> publications;
        try (PublishWatch watch = PublishWatch.of(packageDirectory)) {
            try {
                for (int i = 0; i < PROCESSES; i++) {
                    workers.add(WorkerProcess.start(directory, client + "-" + fault + "-" + i, Map.of(),
                            Map.of(Events.PROPERTY, events.toString(), Work.PROPERTY, "250"),
                            List.of("root=dag", "ready=" + directory.resolve("ready-" + i), "go=" + go,
                                    "kart.workspace=" + workspace, "kart.workers=2", "kart.durable=false",
                                    "kart.retry.count=100", "kart.retry.delay=200ms",
                                    "inject-faults=true", "kart.lock.backend=redis", "kart.lock.prefix=" + prefix,
                                    "kart.lock.ttl=" + TTL.toMillis() + "ms", "kart.lock.on-collision=" + POLICIES[i],
                                    "kart.lock.redis.client=" + client, "kart.lock.redis.host=" + redis.host(),
                                    "kart.lock.redis.port=" + redis.port(), "kart.lock.redis.connect-timeout=5s",
                                    "kart.lock.redis.command-timeout=800ms")));
                }
                awaitReady(workers);
                Files.createFile(go);
                awaitPublished(watch, workers);
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
                for (WorkerJvm worker : workers) {
                    int exit = worker.awaitExit(HANG_GUARD);
                    assertThat(exit).as("exit code of %s, which printed:%n%s", worker, worker.output()).isZero();
                    assertThat(worker.output()).as("result of %s", worker).contains("RESULT ok " + Total.VALUE);
                }
            } finally {
                workers.forEach(WorkerJvm::close);
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

    private void awaitReady(List<WorkerJvm> workers) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        for (int i = 0; i < workers.size(); i++) {
            while (!Files.exists(directory.resolve("ready-" + i))) {
                for (WorkerJvm worker : workers) {
                    if (!worker.alive() || System.nanoTime() - deadline > 0) {
                        throw new AssertionError(worker + " did not get ready; it printed:\n" + worker.output());
                    }
                }
                Thread.sleep(20);
            }
        }
    }

    private static void awaitPublished(PublishWatch watch, List<WorkerJvm> workers) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (watch.published() < PUBLISHED_BEFORE_FAULT) {
            if (System.nanoTime() - deadline > 0 || workers.stream().noneMatch(WorkerJvm::alive)) {
                throw new AssertionError("fewer than " + PUBLISHED_BEFORE_FAULT + " files published; the workers printed:\n"
                        + workers.stream().map(WorkerJvm::output).collect(Collectors.joining("\n")));
            }
            Thread.sleep(5);
        }
    }
}
