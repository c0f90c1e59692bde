package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.LockActivity;
import dev.kart.core.RetryWait;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskRef;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class TaskEventLogTest {
    private static final AtomicInteger ATTEMPTS = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final TaskRef TASK = new TaskRef(new Leaf(7), "0".repeat(32), "Leaf(n=7)[" + "0".repeat(32) + "]");

    @TempDir
    Path workspace;

    private final Logger logger = (Logger) LoggerFactory.getLogger(TaskEventLog.LOGGER);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level levelBefore;

    record Leaf(int n) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return n;
        }
    }

    /** Fails its first attempt, then adds its leaf's value to 1. */
    record FlakySum(Leaf leaf) implements Task<Integer> {
        @Override
        public List<Task<?>> requires() {
            return List.of(leaf);
        }

        @Override
        public Integer run(RunContext ctx) {
            if (ATTEMPTS.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return ctx.load(leaf) + 1;
        }
    }

    @BeforeEach
    void listen() {
        ATTEMPTS.set(0);
        levelBefore = logger.getLevel();
        logged.start();
        logger.addAppender(logged);
        // the lines are read here, not printed among the build's output
        logger.setAdditive(false);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
        logger.setLevel(levelBefore);
        logger.setAdditive(true);
    }

    @Test
    void atDebugEachTasksAttemptsAndEndAreLoggedAndTheBuildsOwnListenerStillHearsEverything() {
        logger.setLevel(Level.DEBUG);
        List<TaskOutcome> heard = new CopyOnWriteArrayList<>();
        AtomicInteger retries = new AtomicInteger();
        BuildListener listener = new BuildListener() {
            @Override
            public void taskFinished(TaskOutcome outcome) {
                heard.add(outcome);
            }

            @Override
            public void taskRetrying(TaskRef task) {
                retries.incrementAndGet();
            }
        };
        try (Kart kart = Runtimes.kart(workspace, "kart.retry.count", 1)) {
            FlakySum root = new FlakySum(new Leaf(41));
            BuildReport<Integer> report = kart.run(root, BuildOptions.defaults().withListener(listener));
            assertThat(report.rootOutput()).contains(42);
            String rootLabel = report.rootOutcome().label();
            String leafLabel = report.outcomes().get(0).label();

            assertThat(lines()).contains("build started: 2 tasks in the graph, 0 of them complete already");
            assertThat(lines()).filteredOn(line -> line.startsWith(rootLabel + ": taken up by ")).hasSize(2);
            assertThat(lines()).filteredOn(line -> line.startsWith(leafLabel + ": DONE after 1 attempt; published under"
                    + " fencing tokens [") && line.contains("; outputs made by ")
                    && line.endsWith("; task info " + workspace.resolve("log/dev/kart/core/internal/schedule/Leaf_"
                            + report.outcomes().get(0).uniqueId() + ".json"))).hasSize(1);
            assertThat(lines()).filteredOn(line -> line.startsWith(rootLabel + ": DONE after 2 attempts;")).hasSize(1);
            assertThat(heard).hasSize(2);
            assertThat(retries).hasValue(1);

            logged.list.clear();
            kart.run(root, BuildOptions.defaults());
            // a task complete before the build ends no attempt: the count says it
            assertThat(lines()).containsExactly("build started: 1 task in the graph, 1 of them complete already");
        }
    }

    @Test
    void atInfoNothingIsLoggedAndTheBuildsListenerIsUsedAsItIs() {
        logger.setLevel(Level.INFO);
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.run(new Leaf(1), BuildOptions.defaults());
        }

        assertThat(logged.list).isEmpty();
        assertThat(TaskEventLog.around(BuildListener.NONE)).isSameAs(BuildListener.NONE);
    }

    @Test
    void everyListenerMethodReachesTheBuildsListenerAtDebug() throws Exception {
        logger.setLevel(Level.DEBUG);
        List<String> reached = new CopyOnWriteArrayList<>();
        BuildListener recording = (BuildListener) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BuildListener.class}, (proxy, method, args) -> {
                    reached.add(method.getName() + Arrays.toString(method.getParameterTypes()));
                    return null;
                });
        BuildListener around = TaskEventLog.around(recording);
        assertThat(around).isNotSameAs(recording);
        List<String> called = new ArrayList<>();
        for (Method method : BuildListener.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Object[] arguments = Arrays.stream(method.getParameterTypes()).map(TaskEventLogTest::sample).toArray();
            method.invoke(around, arguments);
            called.add(method.getName() + Arrays.toString(method.getParameterTypes()));
        }

        assertThat(reached).containsExactlyInAnyOrderElementsOf(called);
        String label = TASK.label();
        assertThat(lines()).contains(label + ": run lock held by build-2:4170 (fencing token 17, lease expires "
                + NOW.plusSeconds(30) + "); on-collision = defer: parked, other tasks go on",
                label + ": run lock wait over: this task took the lock",
                label + ": stopped waiting for its run lock, without it: the build was interrupted");
    }

    /** The time a task waited for its run lock reads as the progress notes and {@code kart info} word it. */
    @Test
    void aTasksRunLockWaitIsWordedAsTheRestOfKartWordsAMeasuredTime() {
        logger.setLevel(Level.DEBUG);
        TaskOutcome waited = new TaskOutcome(TASK.task(), TASK.uniqueId(), TaskState.DONE, 1, Optional.empty(), false, 0,
                new LockActivity(true, CollisionPolicy.WAIT, 1, Duration.ofMillis(12_345), List.of(8L), List.of(8L),
                        Optional.empty()), List.of(), Optional.empty(), Optional.empty());

        TaskEventLog.around(BuildListener.NONE).taskFinished(waited);

        assertThat(lines()).containsExactly(waited.label() + ": DONE after 1 attempt; run lease fencing tokens [8]; run lock"
                + " found held 1 time, waited 12.3s; published under fencing tokens [8]");
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) {
            return 1;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == TaskRef.class) {
            return TASK;
        }
        if (type == RetryWait.class) {
            return RetryWait.of(TASK, 1, 2, new IllegalStateException("boom"), Duration.ofSeconds(1), NOW);
        }
        if (type == RunLockWait.class) {
            return new RunLockWait(TASK, CollisionPolicy.DEFER, NOW, Optional.of(new RunLockWait.Holder("build-2:4170", 17,
                    NOW.plusSeconds(30).plusNanos(460_883_311), "kart:run:" + TASK.uniqueId())), Optional.empty());
        }
        if (type == TaskOutcome.class) {
            return new TaskOutcome(TASK.task(), TASK.uniqueId(), TaskState.DONE, 1, Optional.empty(), false, 0,
                    new LockActivity(false, CollisionPolicy.DEFER, 0, Duration.ZERO, List.of(), List.of(), Optional.empty()),
                    List.of(), Optional.empty(), Optional.empty());
        }
        throw new IllegalArgumentException("no sample of " + type + ": a new BuildListener method? give it one here");
    }

    private List<String> lines() {
        return logged.list.stream().filter(event -> event.getLevel() == Level.DEBUG)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
