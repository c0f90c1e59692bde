package dev.kart.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.lock.HeldLock;
import dev.kart.reliability.fixtures.Events;
import dev.kart.reliability.fixtures.KartJar;
import dev.kart.reliability.fixtures.Work;
import dev.kart.reliability.fixtures.hold.Hold;
import dev.kart.test.support.redis.RedisServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;

/**
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP (a closed terminal) on {@code kart run} while its task holds its
 * run lock on Redis: the process interrupts the task, releases its leases before it exits, records the
 * task as interrupted (with the stack) and exits 130, 143 or 129 after a summary saying so. A second node, started before the
 * signal and waiting for the same task (on-collision = wait), runs it within 2 s of the signal, instead of after the TTL
 * (180 s by default) as when locks were left behind. Real processes (the runnable jar), a real
 * redis-server, both bindings, both signals; and a signal delivered twice in a row, as GNU
 * {@code timeout} delivers it (to the process, then to its process group), counts as one.
 */
class InterruptReleasesLocksTest {
    /** What the issue allows between the signal and the lock being free for the next node. */
    private static final Duration WITHIN = Duration.ofSeconds(2);
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);
    private static final Pattern INTERRUPTED_STATE = Pattern.compile("\"state\"\\s*:\\s*\"INTERRUPTED\"");

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path directory;

    @ParameterizedTest(name = "client = {0}, SIG{1} x {3}")
    @CsvSource({"jedis, INT, 130, 1", "jedis, TERM, 143, 1", "redisson, INT, 130, 1", "redisson, TERM, 143, 1",
            "jedis, TERM, 143, 2", "redisson, HUP, 129, 1"})
    void aSignalledRunReleasesItsLocksAtOnceAndExitsWithTheSignalsCode(String client, String signal, int exitCode,
            int deliveries) throws Exception {
        String prefix = "interrupt-" + UUID.randomUUID();
        Path workspace = directory.resolve("workspace");
        Path events = directory.resolve("events.log");
        String name = "held-" + client + "-" + signal + "-" + deliveries;
        List<String> args = new ArrayList<>(List.of("run", Hold.class.getName(), "--name=" + name, "--no-progress",
                "--classpath", KartJar.testClasses().toString(), "--workspace", workspace.toString(),
                "--redis-host", REDIS.server().host(), "--redis-port", Integer.toString(REDIS.server().port()),
                "-D", "kart.lock.prefix=" + prefix, "-D", "kart.lock.redis.client=" + client));
        String eventsOption = "-D" + Events.PROPERTY + "=" + events;

        try (Kart observer = Kart.builder().workspace(directory.resolve("observer")).set("kart.lock.backend", "redis")
                .set("kart.lock.prefix", prefix).set("kart.lock.redis.client", client)
                .set("kart.lock.redis.host", REDIS.server().host()).set("kart.lock.redis.port", REDIS.server().port())
                .build();
                KartJar.Running first = KartJar.start(directory, Map.of(), List.of(eventsOption,
                        "-D" + Work.PROPERTY + "=600000"), args)) {
            awaitEvent(events, "run-start", first.pid(), first);
            assertThat(heldBy(observer, first.pid())).as("locks held by the first node while its task runs").isNotEmpty();

            List<String> secondArgs = new ArrayList<>(args);
            secondArgs.addAll(List.of("-D", "kart.lock.on-collision=wait"));
            // the second node holds the task until the test has read the first node's task info: both
            // nodes write the task's one info file, the second when it ends
            Path release = directory.resolve("release-second");
            try (KartJar.Running second = KartJar.start(directory, Map.of(), List.of(eventsOption,
                    "-D" + Work.PROPERTY + "=600000", "-D" + Hold.RELEASE_PROPERTY + "=" + release), secondArgs)) {
                awaitWaiting(second, prefix);

                if (deliveries == 2) {
                    first.signalTwice(signal, HANG_GUARD);
                } else {
                    first.signal(signal);
                }
                long signalled = System.nanoTime();
                awaitEvent(events, "run-start", second.pid(), second);
                Duration toSecondStart = Duration.ofNanos(System.nanoTime() - signalled);
                System.out.printf("InterruptReleasesLocksTest: %s, SIG%s: the second node started the task %d ms after"
                        + " the signal%n", client, signal, toSecondStart.toMillis());
                List<HeldLock> leftByFirst = heldBy(observer, first.pid());

                KartJar.Result ended = first.await(HANG_GUARD);
                assertThat(ended.exitCode()).as("exit code of the signalled node: %s", ended).isEqualTo(exitCode);
                assertThat(ended.out()).as("%s", ended).contains("interrupted while running",
                        "Interrupted by SIG" + signal);
                assertThat(ended.err()).as("%s", ended).contains("kart: SIG" + signal + ": stopping the build;"
                        + " releasing every lock this process holds (a task that does not stop on the interrupt is waited"
                        + " for up to kart.interrupt-grace = 10s; send it again to quit at once)");
                assertThat(leftByFirst).as("locks of the signalled node when the second node started the task")
                        .isEmpty();
                assertThat(toSecondStart).as("from SIG%s to the second node starting the task", signal)
                        .isLessThanOrEqualTo(WITHIN);
                assertThat(interruptedInfo(workspace, first.pid())).as("task info of the interrupted attempt")
                        .isPresent().get().asString().contains("InterruptedException", "at ");

                Files.createFile(release);
                KartJar.Result secondEnded = second.await(HANG_GUARD);
                assertThat(secondEnded.exitCode()).as("%s", secondEnded).isZero();
            }
        }
        try (Jedis redis = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            Set<String> left = redis.keys(prefix + ":run:*");
            left.addAll(redis.keys(prefix + ":cache:*"));
            assertThat(left).as("lock keys left once both nodes ended").isEmpty();
        }
    }

    private static List<HeldLock> heldBy(Kart observer, long pid) {
        return observer.lockBackend().heldLocks().stream().filter(lock -> lock.holder().contains(":" + pid + "#")).toList();
    }

    /**
     * Waits until the second node waits for the run lock: both bindings then listen for its release
     * on a channel named after the key (Redisson's {@code redisson_lock__channel:{key}}, the Jedis
     * binding's key itself).
     */
    private static void awaitWaiting(KartJar.Running node, String prefix) throws Exception {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (true) {
            try (Jedis redis = new Jedis(REDIS.server().host(), REDIS.server().port())) {
                if (redis.pubsubChannels("*" + prefix + ":run:*").size() > 0) {
                    return;
                }
            }
            assertThat(node.alive()).as("second node alive while starting; it printed:%n%s", node.output()).isTrue();
            assertThat(System.nanoTime() - deadline).as("waited for the second node to wait for the lock").isNegative();
            Thread.sleep(20);
        }
    }

    private static void awaitEvent(Path events, String event, long pid, KartJar.Running node) throws Exception {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (Events.read(events).stream().noneMatch(e -> e.event().equals(event) && e.pid() == pid)) {
            assertThat(node.alive()).as("node %d alive until %s; it printed:%n%s", pid, event, node.output()).isTrue();
            assertThat(System.nanoTime() - deadline).as("waited for %s of %d", event, pid).isNegative();
            Thread.sleep(10);
        }
    }

    /** The text of a task info file that records the node {@code pid}'s attempt as interrupted. */
    private static java.util.Optional<String> interruptedInfo(Path workspace, long pid) throws Exception {
        Path log = workspace.resolve("log");
        if (!Files.isDirectory(log)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> files = Files.walk(log)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String text = Files.readString(file);
                if (INTERRUPTED_STATE.matcher(text).find() && text.matches("(?s).*\"pid\"\\s*:\\s*" + pid + "\\b.*")) {
                    return java.util.Optional.of(text);
                }
            }
        }
        return java.util.Optional.empty();
    }
}
