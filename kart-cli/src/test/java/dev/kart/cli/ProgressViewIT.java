package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.support.redis.RedisServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress view of {@code kart run} as a user sees it: the runnable jar started in a real
 * terminal (a tmux session, 160 by 20), its screen read while the build runs. The elapsed time ticks
 * while one long task runs, the running tasks are named, and a task whose run lock another
 * {@code kart run} holds (over a real Redis) says whose it is, by host and process id, and when that
 * lease expires, counted apart from the running tasks, whether it waits or is deferred. A second
 * Ctrl-C, which quits at once, takes the view off the terminal before its line. Timing is never
 * asserted: every screen is polled for with generous timeouts.
 */
class ProgressViewIT {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    /** Starting a JVM on a busy machine, and the view's first frame. */
    private static final Duration STARTED = Duration.ofSeconds(90);
    /** How long a task's seconds may take on a busy machine, and the build's end after them. */
    private static final Duration FINISHED = Duration.ofSeconds(120);
    /** How long the first process holds the run lock the second one waits for. */
    private static final int HELD_SECONDS = 12;
    private static final Pattern ELAPSED = Pattern.compile("^kart .*\\((\\d+):(\\d\\d):(\\d\\d)\\) running");

    @TempDir
    Path directory;

    private final TmuxScreens screens = new TmuxScreens(160, 20);

    @AfterEach
    void killTheSessions() throws Exception {
        screens.close();
    }

    @Test
    void theElapsedTimeTicksWhileLongTasksRunAndTheRunningTasksAreNamed() throws Exception {
        screens.start("fan", directory, kartRun("fixtures.SlowFan", "--width=4", "--seconds=6", "--workers", "4"));

        List<String> first = screens.await("fan", "the running tasks named", screen -> screen.stream().anyMatch(
                line -> line.startsWith("running: Slow(n=") && line.endsWith(" and 1 more")), STARTED);
        int firstSeconds = elapsedSeconds(first).orElseThrow();
        List<String> later = screens.await("fan", "the elapsed time past " + firstSeconds + " s",
                screen -> elapsedSeconds(screen).orElse(-1) > firstSeconds, STARTED);
        List<String> done = screens.await("fan", "the end", TmuxScreens::exited, FINISHED);

        assertThat(first).anySatisfy(line -> assertThat(line).startsWith("kart   0% [").contains("] 0/5 (")
                .endsWith(") running 4, failed 0"));
        assertThat(first).anySatisfy(line -> assertThat(line)
                .matches("running: Slow\\(n=\\d, seconds=6\\), Slow\\(n=\\d, seconds=6\\), Slow\\(n=\\d, seconds=6\\) and 1 more"));
        assertThat(later).anySatisfy(line -> assertThat(line).startsWith("running: Slow(n="));
        String history = screens.history("fan");
        assertThat(history).as("the bar stays, final, above the summary, and says what it says")
                .containsPattern("kart 100% \\[=+\\] 5/5 \\(0:00:\\d\\d\\) running 0, failed 0\n"
                        + "===== kart execution summary =====\nScheduled 5 tasks of which:\n\\* 5 ran successfully:");
        assertThat(done).contains(TmuxScreens.EXITED + "0]");
    }

    @Test
    void aTaskWaitingForARunLockAnotherProcessHoldsNamesThatProcessAndWhenItsLeaseExpires() throws Exception {
        String prefix = "-Dkart.lock.prefix=progress-wait-" + UUID.randomUUID();
        // the holder keeps the run lock for as long as the waiter's JVM may take to start on a busy machine
        screens.start("holder", directory, kartRun("fixtures.Slow", "--n=1", "--seconds=" + HELD_SECONDS, prefix,
                "-Dkart.lock.run-all=true", redisHost(), redisPort()));
        String holder = runLockHolder(screens.commandPid("holder"), prefix);

        screens.start("waiter", directory, kartRun("fixtures.Slow", "--n=1", "--seconds=5", prefix,
                "-Dkart.lock.run-all=true", "-Dkart.lock.on-collision=wait", redisHost(), redisPort()));
        String waits = "Slow(n=1, seconds=5) waits for run lock held by " + holder + ", lease expires ";
        List<String> waiting = screens.await("waiter", "the wait for the lock", screen -> screen.stream()
                .anyMatch(line -> line.startsWith(waits)), STARTED);
        screens.await("waiter", "the end", TmuxScreens::exited, FINISHED);

        assertThat(waiting).anySatisfy(line -> assertThat(line).startsWith("kart   0% [")
                .endsWith(" running 0, waiting for lock 1, failed 0"));
        assertThat(waiting).anySatisfy(line -> assertThat(line).startsWith(waits)
                .matches(".* lease expires \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(in \\dm\\d\\ds\\)"));
        assertThat(screens.history("waiter")).as("once the holder made it, the waiter found it complete")
                .containsPattern("kart 100% \\[=+\\] 1/1 \\(\\d:\\d\\d:\\d\\d\\) running 0, failed 0\n"
                        + "===== kart execution summary =====\nScheduled 1 task of which:\n"
                        + "\\* 1 was complete when its turn came \\(run by another node\\):");
    }

    @Test
    void aDeferredTaskIsCountedApartFromTheRunningOnesWithTheHolderOfItsLock() throws Exception {
        String prefix = "-Dkart.lock.prefix=progress-defer-" + UUID.randomUUID();
        screens.start("holder", directory, kartRun("fixtures.Slow", "--n=0", "--seconds=" + HELD_SECONDS, prefix,
                "-Dkart.lock.run-all=true", redisHost(), redisPort()));
        String holder = runLockHolder(screens.commandPid("holder"), prefix);

        // Slow(n=0) is the holder's task (seconds is insignificant): deferred while Slow(n=1) runs its 5 s
        screens.start("deferrer", directory, kartRun("fixtures.SlowFan", "--width=2", "--seconds=5", "--workers", "2",
                prefix, "-Dkart.lock.run-all=true", "-Dkart.lock.on-collision=defer", redisHost(), redisPort()));
        String deferred = "Slow(n=0, seconds=5) deferred, run lock held by " + holder + ", lease expires ";
        List<String> parked = screens.await("deferrer", "the deferred task", screen -> screen.stream()
                .anyMatch(line -> line.startsWith(deferred)) && screen.stream().anyMatch(line -> line.startsWith("running: ")),
                STARTED);
        screens.await("deferrer", "the end", TmuxScreens::exited, FINISHED);

        assertThat(parked).anySatisfy(line -> assertThat(line).startsWith("kart   0% [")
                .endsWith(" running 1, deferred 1, failed 0"));
        assertThat(parked).contains("running: Slow(n=1, seconds=5)");
        assertThat(screens.history("deferrer")).containsPattern(
                "kart 100% \\[=+\\] 3/3 \\(\\d:\\d\\d:\\d\\d\\) running 0, failed 0\n===== kart execution summary =====");
    }

    @Test
    void aSecondCtrlCTakesTheViewOffTheTerminalBeforeItQuits() throws Exception {
        // the task sleeps through the first Ctrl-C, and the grace outlasts it: only the second one ends the build
        screens.start("quit", directory, kartRun("fixtures.Unstoppable", "--seconds=300", "-Dkart.interrupt-grace=10m"));
        long pid = screens.commandPid("quit");
        try {
            screens.await("quit", "the view", screen -> screen.stream()
                    .anyMatch(line -> line.startsWith("running: Unstoppable(seconds=300)")), STARTED);
            screens.press("quit", "C-c");
            // the task ignores its interrupt, so the view shows it stopping for as long as the grace lasts
            screens.await("quit", "the first Ctrl-C's line above the view, still drawn, the task shown stopping",
                    screen -> screen.stream().anyMatch(line -> line.contains("kart: SIGINT: stopping 1 running task;"
                            + " releasing")) && screen.stream().anyMatch(line -> line.contains(") stopping 1, failed 0"))
                            && screen.stream().anyMatch(line -> line.startsWith("stopping: Unstoppable(seconds=300)")),
                    STARTED);
            // a second signal within the window counts as the first delivered twice; the line showed after it began
            Thread.sleep(SignalInterrupts.REPEAT_WINDOW_MILLIS + 1000);
            screens.press("quit", "C-c");
            List<String> last = screens.await("quit", "the end", TmuxScreens::exited, FINISHED);

            assertThat(last).as("the last screen, the view's lines gone").noneMatch(ProgressViewIT::viewLine);
            // after the terminal's echo of the key, ^C
            assertThat(last).anySatisfy(line -> assertThat(line).contains("kart: SIGINT again: quitting now; the"
                    + " in-memory lock backend's leases end with this process"));
            assertThat(last).contains(TmuxScreens.EXITED + "130]");
        } finally {
            // a test that failed before the second Ctrl-C leaves the task sleeping out its seconds
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** @return whether a row of the screen is one of the view's: its bar, or the tasks running (or stopping) */
    private static boolean viewLine(String row) {
        return row.matches("kart +\\d+% \\[.*") || row.startsWith("running: ") || row.startsWith("stopping: ");
    }

    /**
     * Waits until the process holds a run lock under the prefix, as {@code kart locks} lists it.
     *
     * @return who holds it, {@code host:pid}, as the view names it
     */
    private String runLockHolder(long pid, String prefix) throws Exception {
        Pattern holder = Pattern.compile(":run:\\S+\\s+exclusive\\s+(\\S+:" + pid + ")#");
        long deadline = System.nanoTime() + STARTED.toNanos();
        while (true) {
            Cli.Result locks = KartProcess.runJar(directory, "locks", redisHost(), redisPort(), prefix);
            assertThat(locks.exitCode()).as(locks.toString()).isZero();
            Matcher held = holder.matcher(locks.out());
            if (held.find()) {
                return held.group(1);
            }
            assertThat(System.nanoTime() - deadline).as("process %s holding a run lock within %s; kart locks says %s%s",
                    pid, STARTED, locks.out(), screens.history("holder")).isNegative();
            Thread.sleep(500);
        }
    }

    private static List<String> kartRun(String task, String... arguments) {
        List<String> command = new ArrayList<>(List.of(KartProcess.java(), "-jar", KartProcess.jar().toString(), "run", task));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--classpath", KartProcess.tasksClasspath()));
        return command;
    }

    private static String redisHost() {
        return "--redis-host=" + REDIS.server().host();
    }

    private static String redisPort() {
        return "--redis-port=" + REDIS.server().port();
    }

    private static Optional<Integer> elapsedSeconds(List<String> screen) {
        for (String line : screen) {
            Matcher elapsed = ELAPSED.matcher(line);
            if (elapsed.find()) {
                return Optional.of(Integer.parseInt(elapsed.group(1)) * 3600 + Integer.parseInt(elapsed.group(2)) * 60
                        + Integer.parseInt(elapsed.group(3)));
            }
        }
        return Optional.empty();
    }
}
