package dev.kart.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kart.core.Kart;
import dev.kart.reliability.fixtures.Events;
import dev.kart.reliability.fixtures.KartJar;
import dev.kart.reliability.fixtures.Work;
import dev.kart.reliability.fixtures.WorkerProcess;
import dev.kart.reliability.fixtures.WorkspaceFiles;
import dev.kart.reliability.fixtures.hold.Hold;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.process.WorkerJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two applications share one Redis with different key prefixes, one of which starts with the other
 * ({@code billing} and {@code billing-staging}, the case a careless key pattern would mix up). Each
 * builds the same {@code @RunWithLock} task (the same unique id) in its own workspace at the same
 * time: both hold "the same" run lock at once, neither meets a collision, and {@code kart locks} of
 * each lists its own locks only.
 */
class PrefixIsolationTest {
    private static final List<String> PREFIXES = List.of("billing", "billing-staging");
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path directory;

    @ParameterizedTest(name = "client = {0}")
    @ValueSource(strings = {"jedis", "redisson"})
    void twoPrefixesOnOneRedisNeverSeeEachOthersLocks(String client) throws Exception {
        Hold task = new Hold("shared-" + client);
        Path events = directory.resolve("events.log");
        Path go = directory.resolve("go");
        Path release = directory.resolve("release");
        List<WorkerJvm> workers = new ArrayList<>();
        List<KartJar.Result> listings = new ArrayList<>();
        try {
            for (String prefix : PREFIXES) {
                workers.add(WorkerProcess.start(directory, prefix, Map.of(),
                        // held until the test has listed the locks (a hang guard of a minute)
                        Map.of(Events.PROPERTY, events.toString(), Work.PROPERTY, "60000",
                                Hold.RELEASE_PROPERTY, release.toString()),
                        List.of("root=hold:" + task.name(), "go=" + go, "kart.workspace=" + directory.resolve(prefix),
                                "kart.retry.count=0", "kart.lock.on-collision=fail", "kart.lock.backend=redis",
                                "kart.lock.prefix=" + prefix, "kart.lock.redis.client=" + client,
                                "kart.lock.redis.host=" + REDIS.server().host(), "kart.lock.redis.port=" + REDIS.server().port())));
            }
            Files.createFile(go);
            awaitBothHolding(events, workers);
            for (String prefix : PREFIXES) {
                listings.add(KartJar.run(directory, "locks", "--redis-host", REDIS.server().host(), "--redis-port",
                        Integer.toString(REDIS.server().port()), "-D", "kart.lock.prefix=" + prefix, "-D",
                        "kart.lock.redis.client=" + client));
            }
            assertThat(Events.read(events).stream().filter(e -> e.event().equals("run-end")))
                    .as("runs that ended while the locks were listed").isEmpty();
            Files.createFile(release);
            for (WorkerJvm worker : workers) {
                assertThat(worker.awaitExit(HANG_GUARD)).as("exit code of %s, which printed:%n%s", worker, worker.output())
                        .isZero();
            }
        } finally {
            workers.forEach(WorkerJvm::close);
        }

        String uniqueId;
        try (Kart reader = WorkspaceFiles.reader(directory.resolve(PREFIXES.get(0)))) {
            uniqueId = reader.uniqueId(task);
        }
        for (int i = 0; i < PREFIXES.size(); i++) {
            String own = PREFIXES.get(i);
            String other = PREFIXES.get(1 - i);
            KartJar.Result listing = listings.get(i);
            assertThat(listing.exitCode()).as("%s", listing).isZero();
            assertThat(listing.out()).as("kart locks of %s: %s", own, listing)
                    .contains(own + ":run:" + uniqueId, "1 lock held")
                    .doesNotContain(other + ":");
            JsonNode info = taskInfo(directory.resolve(own), task);
            assertThat(info.path("lock").path("collisions").asInt()).as("run-lock collisions of %s", own).isZero();
            assertThat(info.path("state").asText()).isEqualTo("DONE");
        }
    }

    private static void awaitBothHolding(Path events, List<WorkerJvm> workers) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (Events.read(events).stream().filter(e -> e.event().equals("run-start")).count() < workers.size()) {
            if (workers.stream().anyMatch(w -> !w.alive()) || System.nanoTime() - deadline > 0) {
                throw new AssertionError("both applications did not start their run; they printed:\n"
                        + workers.stream().map(WorkerJvm::output).toList());
            }
            Thread.sleep(20);
        }
    }

    private static JsonNode taskInfo(Path workspace, Hold task) throws java.io.IOException {
        try (Kart reader = WorkspaceFiles.reader(workspace)) {
            return WorkspaceFiles.taskInfo(workspace, task, reader.uniqueId(task));
        }
    }
}
