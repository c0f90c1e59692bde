package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.LockedTasks;
import dev.kart.lock.redis.behaviour.fixtures.Pause;
import dev.kart.lock.redis.behaviour.fixtures.RunLog;
import dev.kart.lock.redis.behaviour.fixtures.WorkerProcess;
import dev.kart.lock.redis.behaviour.fixtures.Workspaces;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.process.WorkerJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 1: the JVM holding a task's run lock is killed with SIGKILL in the middle of {@code run()}.
 * Its lease is no longer renewed, so after the TTL another process takes the task over, runs it, and
 * the output is published once, by the successor. Run by each binding module for its binding.
 */
public abstract class ProcessKillTakeoverBehaviour {
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);
    private static final String TASK = "Slow-takeover";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path directory;

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    @Test
    void anotherProcessTakesOverAfterTheTtlAndPublishesOnce() throws Exception {
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        Path runLog = directory.resolve("runs.log");
        List<String> arguments = List.of("host=" + REDIS.server().host(), "port=" + REDIS.server().port(),
                "workspace=" + workspace, "prefix=takeover-" + UUID.randomUUID(), "policy=wait", "ttl=5s", "command-timeout=1500ms", "workers=1",
                "root=slow:takeover", "client=" + client().configName());
        // the holder never gets past run(): its gate is never opened
        try (WorkerJvm holder = WorkerProcess.start(directory, "holder", Map.of(RunLog.PROPERTY, runLog.toString(),
                Pause.WORK_PROPERTY, "0", Pause.GATE_PROPERTY, directory.resolve("never").toString()), arguments)) {
            long holderPid = holder.pid();
            awaitLine(runLog, "start", holder);
            try (WorkerJvm successor = WorkerProcess.start(directory, "successor", Map.of(RunLog.PROPERTY,
                    runLog.toString(), Pause.WORK_PROPERTY, "300"), append(arguments, "ready=" + directory.resolve("ready")))) {
                while (!Files.exists(directory.resolve("ready"))) {
                    assertThat(successor.alive()).as("successor alive, output:%n%s", successor.output()).isTrue();
                    Thread.sleep(20);
                }
                holder.kill();

                assertThat(successor.awaitExit(HANG_GUARD)).as("successor's exit, output:%n%s", successor.output()).isZero();
                assertThat(successor.output()).contains("RESULT ok slow:takeover");

                List<String[]> lines = RunLog.read(runLog);
                assertThat(lines).as("run log").extracting(line -> line[0] + " " + line[1] + " " + line[2]).containsExactly(
                        "start " + TASK + " " + holderPid,
                        "start " + TASK + " " + successor.pid(),
                        "end " + TASK + " " + successor.pid());
            }
        }
        try (Kart reader = Workspaces.reader(workspace)) {
            LockedTasks.Slow task = new LockedTasks.Slow("takeover");
            assertThat(reader.isComplete(task)).isTrue();
            assertThat(reader.build(task)).isEqualTo("slow:takeover");
        }
        assertThat(Workspaces.publications(workspace)).as("publications recorded in task info").hasSize(1)
                .allSatisfy(publication -> assertThat(publication.path("fencingToken").asLong()).isPositive());
        assertThat(Workspaces.temporaryFiles(workspace)).as("temporary files left").isEmpty();
        assertThat(RunLog.read(runLog)).as("runs after reading the output").hasSize(3);
    }

    private static void awaitLine(Path runLog, String event, WorkerJvm worker) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (RunLog.read(runLog).stream().noneMatch(line -> line[0].equals(event) && line[2].equals(Long.toString(worker.pid())))) {
            assertThat(worker.alive()).as("%s alive, output:%n%s", worker, worker.output()).isTrue();
            assertThat(System.nanoTime() < deadline).as("%s logged %s within %s", worker, event, HANG_GUARD).isTrue();
            Thread.sleep(20);
        }
    }

    private static List<String> append(List<String> list, String element) {
        List<String> copy = new java.util.ArrayList<>(list);
        copy.add(element);
        return copy;
    }
}
