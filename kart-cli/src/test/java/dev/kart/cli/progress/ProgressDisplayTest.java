package dev.kart.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.fixtures.AfterFails;
import dev.kart.fixtures.Echo;
import dev.kart.fixtures.Fails;
import dev.kart.fixtures.Slow;
import dev.kart.fixtures.SlowFan;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The progress display as a real build drives it, through its listener events: its counts agree with
 * the summary, it never counts more tasks running than there are workers, and a task whose run lock
 * another node holds is shown apart with who holds it. (Without a terminal the display draws nothing;
 * its lines are read directly. The real terminal is {@code ProgressViewIT}'s.)
 */
class ProgressDisplayTest {
    private static final Duration GUARD = Duration.ofSeconds(60);
    private static final Pattern RUNNING = Pattern.compile("running (\\d+)");

    @TempDir
    Path workspace;

    /**
     * Runs under its run lock and returns its name.
     *
     * @param name what it returns
     */
    @RunWithLock
    @OutputFormat("txt")
    public record Guarded(String name) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return name;
        }
    }

    /**
     * Needs a task under its run lock and a slow one, which can run while the first waits.
     *
     * @param guarded the task under its run lock
     * @param slow the slow one
     */
    @OutputFormat("txt")
    public record Both(Guarded guarded, Slow slow) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return ctx.load(guarded) + ctx.load(slow);
        }
    }

    /** The summary tells a failed task from one not run because of it; the bar counts them the same way. */
    @Test
    void theBarCountsTasksNotRunBecauseOfAFailureApartFromFailedOnesAsTheSummaryDoes() {
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).build();
                ProgressDisplay display = ProgressDisplay.onTerminal(true)) {
            BuildReport<?> report = kart.run(new AfterFails(new Fails(new Echo("x", false, ""), "on purpose")),
                    BuildOptions.defaults().withListener(display));

            assertThat(report.summary()).contains("* 1 failed:", "* 1 was not run because an upstream task failed");
            assertThat(display.counts()).isEqualTo("running 0, failed 1, not run 1");
        }
    }

    /**
     * After Ctrl-C the counts beside the bar account for every task as the summary does, interrupted ones
     * and those never run, while the bar itself shows only what is complete: full, it would read as success.
     */
    @Test
    void theBarOfAnInterruptedBuildShowsWhatIsCompleteAndCountsTheRestAsTheSummaryDoes() throws Exception {
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).workers(2).build();
                ProgressDisplay display = ProgressDisplay.onTerminal(true)) {
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(new SlowFan(4, 60), BuildOptions.defaults().withListener(display)));
            await(display, seen -> seen.get(0).contains("running 2,"));

            kart.close();

            BuildReport<String> report = build.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(report.summary()).contains("* 2 were interrupted while running",
                    "* 3 were not run because the build was interrupted");
            assertThat(display.counts()).isEqualTo("running 0, failed 0, not run 3, interrupted 2");
            assertThat(display.lines(160, Instant.now()).get(0)).startsWith("kart   0% [ ").contains("] 0/5 (");
        }
    }

    @Test
    void aBuildWithoutFailuresShowsNoNotRunCount() {
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).build();
                ProgressDisplay display = ProgressDisplay.onTerminal(true)) {
            kart.run(new Echo("x", false, ""), BuildOptions.defaults().withListener(display));

            assertThat(display.counts()).isEqualTo("running 0, failed 0");
        }
    }

    @Test
    void aDisplayThatShowsNothingListensToNothingSoNoLockHolderIsLookedUpForIt() {
        // the test's standard streams are pipes, not a terminal
        assertThat(System.console()).isNull();
        try (ProgressDisplay noTerminal = ProgressDisplay.onTerminal(true);
                ProgressDisplay notWanted = ProgressDisplay.onTerminal(false)) {
            assertThat(noTerminal.listener()).isSameAs(BuildListener.NONE);
            assertThat(notWanted.listener()).isSameAs(BuildListener.NONE);
        }
    }

    @Test
    void neverMoreTasksRunThanThereAreWorkersAndEachRunningTaskIsNamed() throws Exception {
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).workers(2).build();
                ProgressDisplay display = ProgressDisplay.onTerminal(true)) {
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(new SlowFan(4, 1), BuildOptions.defaults().withListener(display)));
            int most = 0;
            boolean sawTwoNamed = false;
            while (!build.isDone()) {
                List<String> lines = display.lines(160, Instant.now());
                most = Math.max(most, running(lines.get(0)));
                sawTwoNamed |= lines.size() > 1 && lines.get(1).matches("running: Slow\\(n=\\d, seconds=1\\), Slow\\(n=\\d, seconds=1\\)");
                Thread.sleep(10);
            }

            assertThat(build.get().succeeded()).isTrue();
            assertThat(most).as("most tasks shown running at once, with 2 workers").isEqualTo(2);
            assertThat(sawTwoNamed).as("two running tasks named").isTrue();
            assertThat(display.lines(160, Instant.now()).get(0)).contains("] 5/5 (").endsWith("running 0, failed 0");
        }
    }

    @ParameterizedTest
    @EnumSource(value = CollisionPolicy.class, names = {"WAIT", "DEFER"})
    void aTaskWhoseRunLockAnotherNodeHoldsIsShownApartFromRunningOnesWithTheHolder(CollisionPolicy policy)
            throws Exception {
        InMemoryLockBackend other = InMemoryLockBackend.isolated(LeaseSettings.of("kart", GUARD, "build-2:4170"),
                LockClock.system());
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).workers(1)
                        .set("kart.lock.on-collision", policy.name().toLowerCase(Locale.ROOT))
                        .lockBackend(other.sharingTableWith(LeaseSettings.of("kart", GUARD, "build-1:1"))).build();
                ProgressDisplay display = ProgressDisplay.onTerminal(true)) {
            Guarded guarded = new Guarded("held-" + policy);
            Lease held = other.runLock().tryAcquire(kart.uniqueId(guarded)).orElseThrow();
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(new Both(guarded, new Slow(7, 2)), BuildOptions.defaults().withListener(display)));

            String waits = policy == CollisionPolicy.WAIT ? "Guarded(name=held-WAIT) waits for run lock held by build-2:4170,"
                    : "Guarded(name=held-DEFER) deferred, run lock held by build-2:4170,";
            List<String> lines = await(display, seen -> seen.stream().anyMatch(line -> line.startsWith(waits)));
            held.close();
            BuildReport<String> report = build.get(GUARD.toSeconds(), TimeUnit.SECONDS);

            assertThat(lines.get(0)).contains(policy == CollisionPolicy.WAIT ? "running 0, waiting for lock 1, failed 0"
                    : ", deferred 1, failed 0");
            assertThat(running(lines.get(0))).as("running, with 1 worker").isLessThanOrEqualTo(1);
            assertThat(lines).anySatisfy(line -> assertThat(line).startsWith(waits)
                    .matches(".*, lease expires \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(in \\d+s\\)"));
            assertThat(report.succeeded()).as(report.summary()).isTrue();
            assertThat(display.counts()).isEqualTo("running 0, failed 0");
        } finally {
            other.close();
        }
    }

    /**
     * After the first Ctrl-C a task still running is being stopped, for up to the interrupt grace when it ignores
     * the interrupt: the bar and the names say so, where "running" would read as if the build went on.
     */
    @Test
    void afterTheStopIsAskedTheTasksStillRunningAreShownStopping() throws Exception {
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).workers(2).build();
                ProgressDisplay display = ProgressDisplay.onTerminal(true)) {
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(new SlowFan(4, 60), BuildOptions.defaults().withListener(display)));
            await(display, seen -> seen.get(0).contains("running 2,"));

            assertThat(display.stopAsked()).contains(new StopScope("2 running tasks", true));
            List<String> lines = display.lines(160, Instant.now());

            assertThat(lines.get(0)).contains(") stopping 2, failed 0");
            assertThat(lines.get(1)).matches("stopping: Slow\\(n=\\d, seconds=60\\), Slow\\(n=\\d, seconds=60\\)");
            kart.close();
            build.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(display.counts()).as("once every task stopped").startsWith("running 0,");
        }
    }

    /** Ctrl-C while the only task waits to retry stops no running task: the line that says so names what it stops. */
    @Test
    void aStopAskedWhileATaskWaitsToRetrySaysSo() throws Exception {
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).set("kart.retry.count", 1)
                        .set("kart.retry.delay", "10m").build();
                ProgressDisplay display = ProgressDisplay.onTerminal(true)) {
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(new Fails(new Echo("x", false, ""), "on purpose"),
                            BuildOptions.defaults().withListener(display)));
            await(display, seen -> seen.get(0).contains("retrying 1,"));

            assertThat(display.stopAsked()).contains(new StopScope("1 task waiting to retry", false));
            assertThat(display.counts()).isEqualTo("running 0, retrying 1, failed 0");
            kart.close();
            build.get(GUARD.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** A display no build told of its start knows nothing of what runs: the line then names the build. */
    @Test
    void aDisplayNoBuildStartedKnowsNotWhatIsInProgress() {
        try (ProgressDisplay display = ProgressDisplay.onTerminal(true)) {
            assertThat(display.stopAsked()).isEmpty();
        }
    }

    private static List<String> await(ProgressDisplay display, Predicate<List<String>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        List<String> lines = display.lines(160, Instant.now());
        while (!wanted.test(lines)) {
            assertThat(System.nanoTime() - deadline).as("the display within %s; it shows %s", GUARD, lines).isNegative();
            Thread.sleep(20);
            lines = display.lines(160, Instant.now());
        }
        return lines;
    }

    private static int running(String bar) {
        Matcher running = RUNNING.matcher(bar);
        assertThat(running.find()).as(bar).isTrue();
        return Integer.parseInt(running.group(1));
    }
}
