package dev.kart.test.support.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.support.process.WorkerJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dockerd a test JVM starts for itself (in a JVM of its own, so this one's Testcontainers is not
 * pointed at a daemon the test stops): it leaves the machine's network as it was, and no dockerd, mount
 * or directory of it outlives the JVM, whether the JVM stops it or dies by SIGKILL.
 */
class TestDockerdTest {
    /** Starting is about a second and stopping a few; a busy machine may take much longer. */
    private static final Duration GUARD = Duration.ofMinutes(3);

    @TempDir
    Path directory;

    @Test
    void startsWithoutTouchingTheNetworkAndLeavesNothingOnceStopped() throws Exception {
        Path report = directory.resolve("report");
        try (WorkerJvm worker = WorkerJvm.start(directory, "stop", DockerdHolder.class, Map.of(), Map.of(),
                List.of(report.toString(), "stop"))) {
            assertThat(worker.awaitExit(GUARD)).as("exit code of a JVM that printed:%n%s", worker.output()).isZero();
            assertThat(worker.output()).contains("stopped");
        }
        Map<String, String> seen = read(report);
        assertThat(seen.get("interfaces-after")).as("network interfaces while dockerd ran")
                .isEqualTo(seen.get("interfaces-before"));
        assertThat(seen.get("forwarding-after")).as("net.ipv4.ip_forward while dockerd ran")
                .isEqualTo(seen.get("forwarding-before"));
        assertThat(ProcessHandle.of(Long.parseLong(seen.get("pid")))).as("dockerd after stop()").isEmpty();
        assertThat(Path.of(seen.get("directory"))).as("its directory after stop()").doesNotExist();
        assertThat(mountsUnder(seen.get("directory"))).as("its mounts after stop()").isEmpty();
    }

    @Test
    void aJvmKilledWithSigkillLeavesNoDockerdBehind() throws Exception {
        Path report = directory.resolve("report");
        Map<String, String> seen;
        try (WorkerJvm worker = WorkerJvm.start(directory, "hold", DockerdHolder.class, Map.of(), Map.of(),
                List.of(report.toString(), "hold"))) {
            awaitTrue(() -> Files.exists(report) || !worker.alive(), "the worker's dockerd to start");
            assertThat(report).as("report of a worker that printed:%n%s", worker.output()).exists();
            seen = read(report);
            assertThat(ProcessHandle.of(Long.parseLong(seen.get("pid")))).as("dockerd while its JVM runs").isPresent();
            worker.kill();
        }
        long pid = Long.parseLong(seen.get("pid"));
        awaitTrue(() -> ProcessHandle.of(pid).isEmpty(), "dockerd " + pid + " to end after its JVM was killed");
        Path daemonDirectory = Path.of(seen.get("directory"));
        awaitTrue(() -> !Files.exists(daemonDirectory), daemonDirectory + " to be deleted");
        assertThat(mountsUnder(seen.get("directory"))).as("its mounts after its JVM was killed").isEmpty();
    }

    @Test
    void saysWhatIsMissingWhenItCannotStartOne() {
        Map<String, String> ready = Map.of("PATH", System.getenv("PATH"), "TESTCONTAINERS_RYUK_DISABLED", "true",
                "TESTCONTAINERS_CHECKS_DISABLE", "true");
        assertThat(TestDockerd.unavailableReason(ready)).as("kart's build runs as root with docker.io installed").isEmpty();

        assertThat(TestDockerd.unavailableReason(Map.of("PATH", "/nonexistent"))).get(InstanceOfAssertFactories.STRING)
                .contains("dockerd is not on PATH (/nonexistent)").contains("apt-get install docker.io");
        Map<String, String> withRyuk = new HashMap<>(ready);
        withRyuk.remove("TESTCONTAINERS_RYUK_DISABLED");
        assertThat(TestDockerd.unavailableReason(withRyuk)).get(InstanceOfAssertFactories.STRING)
                .contains("TESTCONTAINERS_RYUK_DISABLED=true");
        Map<String, String> withChecks = new HashMap<>(ready);
        withChecks.put("TESTCONTAINERS_CHECKS_DISABLE", "false");
        assertThat(TestDockerd.unavailableReason(withChecks)).get(InstanceOfAssertFactories.STRING)
                .contains("TESTCONTAINERS_CHECKS_DISABLE=true");
    }

    private static Map<String, String> read(Path report) throws IOException {
        return Files.readAllLines(report).stream().map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    private static List<String> mountsUnder(String directory) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().filter(line -> line.contains(" " + directory + "/"))
                .toList();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + GUARD + " for " + what);
            }
            Thread.sleep(50);
        }
    }
}
