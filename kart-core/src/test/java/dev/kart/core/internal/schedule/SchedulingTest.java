package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kart.core.TaskRef;
import dev.kart.core.BuildFailedException;
import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SchedulingTest {
    static final List<String> ORDER = Collections.synchronizedList(new ArrayList<>());
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    static final Map<String, CyclicBarrier> BARRIERS = new ConcurrentHashMap<>();
    static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

    @TempDir
    Path workspace;

    /** Records its name when it runs; depends on its inputs. */
    record Step(String name, List<Step> inputs) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            StringBuilder out = new StringBuilder(name);
            for (Step input : inputs) {
                out.append('(').append(ctx.load(input)).append(')');
            }
            ORDER.add(name);
            return out.toString();
        }
    }

    /** Waits at a barrier shared by its siblings: they can only all pass if they run at the same time. */
    record Together(String barrier, int index) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) throws Exception {
            BARRIERS.get(barrier).await(60, TimeUnit.SECONDS);
            return index;
        }
    }

    record AllTogether(List<Together> members) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return members.stream().mapToInt(ctx::load).sum();
        }
    }

    /** Fails its first {@code failures} attempts. */
    record Flaky(String key, int failures) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            int attempt = ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (attempt <= failures) {
                throw new IllegalStateException("flaky failure " + attempt);
            }
            return key + " after " + attempt;
        }
    }

    /**
     * Fails its first attempt, and every later one until an independent task has counted its latch
     * down: it succeeds only if that task ran while it waited for a retry. Failing rather than
     * blocking keeps the only worker free whichever comes first, the retry or the independent task.
     */
    record FailsUntilCounted(String latch) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            if (ATTEMPTS.computeIfAbsent(latch, k -> new AtomicInteger()).incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            if (LATCHES.get(latch).getCount() > 0) {
                throw new IllegalStateException("retried before the independent task ran");
            }
            return "retried";
        }
    }

    record CountsDown(String latch) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            LATCHES.get(latch).countDown();
            return "independent";
        }
    }

    record Both(FailsUntilCounted retried, CountsDown independent) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return ctx.load(retried) + "+" + ctx.load(independent);
        }
    }

    record Broken(String message) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            throw new IllegalArgumentException(message, new java.io.IOException("disk says no"));
        }
    }

    record Downstream(Broken broken) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return ctx.load(broken);
        }
    }

    record FurtherDownstream(Downstream downstream) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return ctx.load(downstream);
        }
    }

    record Fine(String name) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            ORDER.add(name);
            return name;
        }
    }

    record Mixed(FurtherDownstream failing, Fine fine) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return ctx.load(failing) + ctx.load(fine);
        }
    }

    record ReturnsNull(int n) implements Task<List<String>> {
        @Override
        public List<String> run(RunContext ctx) {
            return null;
        }
    }

    @Test
    void everyTaskRunsAfterAllOfItsDependenciesAndEachSharedDependencyOnce() {
        Step a = new Step("a", List.of());
        Step b = new Step("b", List.of(a));
        Step c = new Step("c", List.of(a));
        Step d = new Step("d", List.of(b, c));
        ORDER.clear();
        try (Kart kart = Runtimes.kart(workspace, "kart.workers", 3)) {
            assertThat(kart.build(d)).isEqualTo("d(b(a))(c(a))");
        }
        assertThat(ORDER).hasSize(4).containsOnlyOnce("a", "b", "c", "d");
        assertThat(ORDER.indexOf("a")).isLessThan(ORDER.indexOf("b")).isLessThan(ORDER.indexOf("d"));
        assertThat(ORDER.indexOf("c")).isLessThan(ORDER.indexOf("d")).isGreaterThan(ORDER.indexOf("a"));
    }

    @Test
    void independentTasksRunInParallelOnTheConfiguredWorkers() {
        BARRIERS.put("four", new CyclicBarrier(4));
        List<Together> members = List.of(new Together("four", 1), new Together("four", 2), new Together("four", 3),
                new Together("four", 4));
        try (Kart kart = Runtimes.kart(workspace, "kart.workers", 4)) {
            assertThat(kart.build(new AllTogether(members))).isEqualTo(10);
        }
    }

    @Test
    void aFailedTaskIsRetriedUpToTheRetryCount() {
        try (Kart kart = Runtimes.kart(workspace, "kart.retry.count", 2)) {
            BuildReport<String> report = kart.run(new Flaky("twice", 2), BuildOptions.defaults());

            assertThat(report.rootOutput()).contains("twice after 3");
            assertThat(report.rootOutcome().attempts()).isEqualTo(3);
            assertThat(report.summary()).contains("1 was retried");
        }
    }

    @Test
    void theRetryCountCanBeSetPerTask() {
        try (Kart kart = Runtimes.kart(workspace, "kart.retry.count", 0,
                "kart.tasks.\"" + Flaky.class.getName() + "\".retry-count", 1)) {
            BuildReport<String> report = kart.run(new Flaky("per-task", 2), BuildOptions.defaults());

            assertThat(report.rootOutcome().state()).isEqualTo(TaskState.FAILED);
            assertThat(report.rootOutcome().attempts()).isEqualTo(2);
        }
    }

    /** The retry warning quotes the delay as the user wrote it, globally or in the task's section, not as kart words it. */
    @Test
    void theRetryWarningQuotesTheDelayAsWritten() {
        Logger retries = (Logger) LoggerFactory.getLogger("dev.kart.retry");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        retries.addAppender(logged);
        try {
            try (Kart kart = Runtimes.kart(workspace, "kart.retry.count", 1, "kart.retry.delay", "1000ms")) {
                assertThat(kart.run(new Flaky("delay-as-written", 1), BuildOptions.defaults()).succeeded()).isTrue();
            }
            try (Kart kart = Runtimes.kart(workspace, "kart.retry.count", 1, "kart.retry.delay", "1s",
                    "kart.tasks.\"" + Flaky.class.getName() + "\".retry-delay", "PT1S")) {
                assertThat(kart.run(new Flaky("section-delay-as-written", 1), BuildOptions.defaults()).succeeded()).isTrue();
            }
        } finally {
            retries.detachAppender(logged);
        }

        assertThat(logged.list).map(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                global -> assertThat(global).contains("Flaky(key=delay-as-written, failures=1)[")
                        .endsWith("] attempt 1 of 2 failed: IllegalStateException: flaky failure 1; retrying in 1000ms"),
                section -> assertThat(section).contains("Flaky(key=section-delay-as-written, failures=1)[")
                        .endsWith("] attempt 1 of 2 failed: IllegalStateException: flaky failure 1; retrying in PT1S"));
    }

    @Test
    void independentWorkGoesOnWhileAFailedTaskWaitsForItsRetry() {
        LATCHES.put("retry-latch", new CountDownLatch(1));
        ATTEMPTS.remove("retry-latch");
        // one worker: a worker held through the retry delay would never run the independent task,
        // and every retry would fail; how soon the retry comes back does not matter
        try (Kart kart = Runtimes.kart(workspace, "kart.workers", 1, "kart.retry.count", 50,
                "kart.retry.delay", "100ms")) {
            assertThat(kart.build(new Both(new FailsUntilCounted("retry-latch"), new CountsDown("retry-latch"))))
                    .isEqualTo("retried+independent");
        }
    }

    @Test
    void aTaskThatFailsForGoodLeavesItsDependentsNotRunAndEverythingElseRuns() {
        ORDER.clear();
        Mixed root = new Mixed(new FurtherDownstream(new Downstream(new Broken("bad input row 7"))), new Fine("fine"));
        try (Kart kart = Runtimes.kart(workspace, "kart.workers", 2)) {
            BuildReport<String> report = kart.run(root, BuildOptions.defaults());

            assertThat(report.succeeded()).isFalse();
            assertThat(report.count(TaskState.FAILED)).isEqualTo(1);
            assertThat(report.count(TaskState.UPSTREAM_FAILED)).isEqualTo(3);
            assertThat(report.count(TaskState.DONE)).isEqualTo(1);
            assertThat(ORDER).containsExactly("fine");
            assertThat(report.summary()).contains("1 failed", Broken.class.getName(),
                    "IOException: disk says no", "bad input row 7", "3 were not run because an upstream task failed",
                    "1 ran successfully");

            assertThatThrownBy(() -> kart.build(root)).isInstanceOf(BuildFailedException.class)
                    .hasMessageContaining("IOException: disk says no")
                    .hasRootCauseInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aTaskReturningNullFailsWithAMessageNamingItAndItsType() {
        try (Kart kart = Runtimes.kart(workspace)) {
            BuildReport<List<String>> report = kart.run(new ReturnsNull(1), BuildOptions.defaults());

            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.failure().orElseThrow()).hasMessageContaining(ReturnsNull.class.getName())
                    .hasMessageContaining("returned null").hasMessageContaining("java.util.List<java.lang.String>");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void nothingEscapingAnAttemptCanLeaveTheBuildWaitingForever() {
        BuildListener failing = new BuildListener() {
            @Override
            public void taskStarted(TaskRef node) {
                if (node.task() instanceof Fine fine && fine.name().equals("listener-victim")) {
                    throw new LinkageError("simulated: a class changed under the running JVM");
                }
            }

            @Override
            public void taskFinished(TaskOutcome outcome) {
                throw new IllegalStateException("a listener that always fails");
            }
        };
        Mixed root = new Mixed(new FurtherDownstream(new Downstream(new Broken("x"))), new Fine("listener-victim"));
        try (Kart kart = Runtimes.kart(workspace, "kart.workers", 2)) {
            BuildReport<String> report = kart.run(root, BuildOptions.defaults().withListener(failing));

            assertThat(report.succeeded()).isFalse();
            assertThat(report.outcomes()).allSatisfy(outcome -> assertThat(outcome.state().isFinal()).isTrue());
            assertThat(report.outcomes().stream().filter(o -> o.task() instanceof Fine).findFirst().orElseThrow()
                    .failure().orElseThrow()).isInstanceOf(LinkageError.class);
        }
    }

    @Test
    void aBuildWhereEverythingIsCompleteRunsNothing() {
        Step a = new Step("alone", List.of());
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(a);
            ORDER.clear();
            BuildReport<String> again = kart.run(a, BuildOptions.defaults());
            assertThat(again.count(TaskState.ALREADY_COMPLETE)).isEqualTo(1);
            assertThat(ORDER).isEmpty();
        }
    }
}
