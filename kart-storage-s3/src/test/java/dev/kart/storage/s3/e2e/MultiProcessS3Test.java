package dev.kart.storage.s3.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kart.core.Kart;
import dev.kart.core.TaskRef;
import dev.kart.lock.redis.behaviour.fixtures.LockedTasks;
import dev.kart.lock.redis.behaviour.fixtures.Pause;
import dev.kart.lock.redis.behaviour.fixtures.RunLog;
import dev.kart.lock.redis.behaviour.fixtures.WorkerProcess;
import dev.kart.storage.StoredObject;
import dev.kart.storage.WorkspaceStorage;
import dev.kart.storage.s3.TestStorage;
import dev.kart.test.support.process.WorkerJvm;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.s3.AtomicS3Server;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four worker JVMs (kart-lock-redis's {@code PipelineWorker}) build the 40-task {@code @RunWithLock}
 * DAG together on one {@code s3://} workspace (an {@link AtomicS3Server} on a free loopback port)
 * with Redis locks (a real redis-server): every {@code run()} executes once across the four, every
 * object read back through the storage is right, task info records one publication per run, and no
 * upload is left unfinished.
 */
class MultiProcessS3Test {
    private static final int PROCESSES = 4;
    private static final Duration HANG_GUARD = Duration.ofMinutes(3);
    private static final String BUCKET = "kart-multi";
    private static AtomicS3Server server;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path directory;

    @BeforeAll
    static void startServer() {
        server = AtomicS3Server.start().createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void fourProcessesBuildTheDagOnOneBucketAndEveryTaskRunsOnce() throws Exception {
        String prefix = "multi-" + UUID.randomUUID();
        URI workspace = URI.create("s3://" + BUCKET + "/" + prefix);
        Path runLog = directory.resolve("runs.log");
        Path go = directory.resolve("go");
        Map<String, String> properties = new HashMap<>(storageSettings());
        properties.put(RunLog.PROPERTY, runLog.toString());
        properties.put(Pause.WORK_PROPERTY, "250");
        List<WorkerJvm> workers = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                workers.add(WorkerProcess.start(directory, "s3-" + i, properties, List.of("host=" + REDIS.server().host(),
                        "port=" + REDIS.server().port(), "workspace=" + workspace, "prefix=" + prefix, "policy=defer",
                        "workers=2", "root=dag", "ready=" + directory.resolve("ready-" + i), "go=" + go, "client=jedis")));
            }
            awaitReady(workers);
            Files.createFile(go);
            for (WorkerJvm worker : workers) {
                int exit = worker.awaitExit(HANG_GUARD);
                assertThat(exit).as("exit code of %s, which printed:%n%s", worker, worker.output()).isZero();
                assertThat(worker.output()).as("result of %s", worker).contains("RESULT ok " + LockedTasks.TOTAL);
            }
        } finally {
            workers.forEach(WorkerJvm::close);
        }

        Map<String, Long> runs = RunLog.read(runLog).stream()
                .collect(Collectors.groupingBy(line -> line[1], TreeMap::new, Collectors.counting()));
        assertThat(runs).as("run() executions per task, across the %d processes", PROCESSES).hasSize(40)
                .allSatisfy((task, count) -> assertThat(count).as("runs of %s", task).isEqualTo(1L));

        try (Kart reader = Kart.builder().workspace(workspace).set("kart.lock.backend", "in-memory")
                .set("kart.task-info.enabled", false).set("kart.storage.s3.endpoint", server.endpoint().toString())
                .set("kart.storage.s3.path-style-access", true).build()) {
            List<TaskRef> graph = reader.graph(LockedTasks.dag());
            assertThat(graph).hasSize(40).allSatisfy(task -> assertThat(reader.isComplete(task.task())).as("%s", task).isTrue());
            for (TaskRef task : graph) {
                assertThat((Object) reader.load(task.task())).as("output of %s", task.label()).isEqualTo(expected(task.task()));
            }
        }
        assertThat(RunLog.read(runLog)).as("runs after reading the outputs").hasSize(40);
        assertThat(server.unfinishedUploads(BUCKET)).as("unfinished uploads").noneMatch(key -> key.startsWith(prefix + "/"));

        // through the storage: 40 cache objects, and task info with one publication each
        ObjectMapper json = new ObjectMapper();
        try (WorkspaceStorage storage = TestStorage.open(workspace, server.endpoint())) {
            List<StoredObject> objects = storage.list("");
            assertThat(objects).filteredOn(object -> !object.path().startsWith("log/")).as("cache objects").hasSize(40)
                    .allSatisfy(object -> assertThat(object.size()).isPositive());
            List<JsonNode> publications = new ArrayList<>();
            for (StoredObject info : storage.list("log/")) {
                if (info.path().endsWith(".json")) {
                    try (InputStream in = storage.read(info.path())) {
                        json.readTree(in).path("publications").forEach(publications::add);
                    }
                }
            }
            assertThat(publications).as("publications in task info, one per run").hasSize(40)
                    .allSatisfy(publication -> assertThat(publication.path("fencingToken").asLong()).isPositive());
        }
    }

    /** The workers' -D settings: the endpoint, path-style access, test credentials, no instance metadata. */
    private static Map<String, String> storageSettings() {
        return Map.of("kart.storage.s3.endpoint", server.endpoint().toString(), "kart.storage.s3.path-style-access", "true",
                "aws.accessKeyId", "kart-test", "aws.secretAccessKey", "kart-test-secret", "aws.region", "us-east-1",
                "aws.disableEc2Metadata", "true");
    }

    private static Object expected(Object task) {
        if (task instanceof LockedTasks.Square s) {
            return (long) s.n() * s.n();
        }
        if (task instanceof LockedTasks.SumOfSquares sum) {
            return sum.squares().stream().mapToLong(s -> (long) s.n() * s.n()).sum();
        }
        return LockedTasks.TOTAL;
    }

    private void awaitReady(List<WorkerJvm> workers) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        for (int i = 0; i < workers.size(); i++) {
            WorkerJvm worker = workers.get(i);
            while (!Files.exists(directory.resolve("ready-" + i))) {
                if (!worker.alive()) {
                    throw new AssertionError(worker + " ended before it was ready:\n" + worker.output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(worker + " was not ready within " + HANG_GUARD + ":\n" + worker.output());
                }
                Thread.sleep(20);
            }
        }
    }
}
