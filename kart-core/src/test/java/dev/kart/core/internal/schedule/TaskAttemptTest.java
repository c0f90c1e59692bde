package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.OutputLocation;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.core.internal.storage.OccupiedPathException;
import dev.kart.task.NamedOutput;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import dev.kart.task.TypeRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskAttemptTest {
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    static final Map<String, CountDownLatch> DUMPED = new ConcurrentHashMap<>();
    static final Map<String, CountDownLatch> RELEASE = new ConcurrentHashMap<>();

    @TempDir
    Path workspace;

    /**
     * Dumps both of its named outputs (the first one twice), then fails its first {@code failures}
     * attempts. When the test registered latches under its key, its first attempt says when it has
     * dumped and waits to be released before it goes on.
     */
    record Halves(String key, int failures) implements Task<Void> {
        static final NamedOutput<List<Integer>> EVEN = NamedOutput.of("even", "json", new TypeRef<List<Integer>>() { });
        static final NamedOutput<List<String>> ODD = NamedOutput.of("odd", "txt", new TypeRef<List<String>>() { });

        @Override
        public Void run(RunContext ctx) throws Exception {
            int attempt = ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            ctx.dump(EVEN, List.of(-1));
            ctx.dump(EVEN, List.of(2 * attempt));
            ctx.dump(ODD, List.of("attempt " + attempt));
            CountDownLatch dumped = DUMPED.get(key);
            if (dumped != null && attempt == 1) {
                dumped.countDown();
                assertThat(RELEASE.get(key).await(60, TimeUnit.SECONDS)).as("released by the test").isTrue();
            }
            if (attempt <= failures) {
                throw new IllegalStateException("attempt " + attempt + " fails after dumping its named outputs");
            }
            return null;
        }

        @Override
        public List<NamedOutput<?>> namedOutputs() {
            return List.of(EVEN, ODD);
        }
    }

    /** Returns, and dumps, the number of the run it is in: each run's outputs differ from the last. */
    record Numbered(String key) implements Task<Integer> {
        static final NamedOutput<String> LABEL = NamedOutput.of("label", "txt", String.class);

        @Override
        public Integer run(RunContext ctx) {
            int run = ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            ctx.dump(LABEL, "run " + run);
            return run;
        }

        @Override
        public List<NamedOutput<?>> namedOutputs() {
            return List.of(LABEL);
        }
    }

    private Kart kart(boolean lockRun, Object... more) {
        Object[] settings = new Object[more.length + 2];
        settings[0] = "kart.tasks.\"" + Halves.class.getName() + "\".lock-run";
        settings[1] = lockRun;
        System.arraycopy(more, 0, settings, 2, more.length);
        return Runtimes.kart(workspace, settings);
    }

    /** Every file of the task's directory that belongs to {@code task}: its outputs and their temporary files. */
    private List<String> filesOf(Kart kart, Task<?> task) throws IOException {
        String prefix = task.getClass().getSimpleName() + "_" + kart.uniqueId(task);
        Path directory = workspace.resolve(TaskAttemptTest.class.getPackageName().replace('.', '/'));
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(prefix) || name.startsWith("." + prefix)).sorted().toList();
        }
    }

    private static Path pathOf(Kart kart, Task<?> task, NamedOutput<?> output) {
        return kart.outputs(task).stream().filter(location -> location.namedOutput().equals(java.util.Optional.of(output)))
                .map(OutputLocation::uri).map(Path::of).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "run lock: {0}")
    @ValueSource(booleans = {false, true})
    void anAttemptThatFailsAfterDumpingLeavesNoneOfItsOutputsAndIsNeverComplete(boolean lockRun) throws Exception {
        Halves task = new Halves("fails-" + lockRun, 1);
        DUMPED.put(task.key(), new CountDownLatch(1));
        RELEASE.put(task.key(), new CountDownLatch(1));
        try (Kart kart = kart(lockRun)) {
            CompletableFuture<BuildReport<Void>> build = CompletableFuture.supplyAsync(() -> kart.run(task, BuildOptions.defaults()));
            boolean dumped;
            boolean evenPublished;
            boolean oddPublished;
            boolean completeMeanwhile;
            try {
                dumped = DUMPED.get(task.key()).await(60, TimeUnit.SECONDS);
                evenPublished = Files.exists(pathOf(kart, task, Halves.EVEN));
                oddPublished = Files.exists(pathOf(kart, task, Halves.ODD));
                completeMeanwhile = kart.isComplete(task);
            } finally {
                RELEASE.get(task.key()).countDown();
            }
            BuildReport<Void> report = build.get(60, TimeUnit.SECONDS);

            assertThat(dumped).as("the task dumped its outputs").isTrue();
            assertThat(evenPublished).as("'even' published while the attempt had not succeeded").isFalse();
            assertThat(oddPublished).as("'odd' published while the attempt had not succeeded").isFalse();
            assertThat(completeMeanwhile).as("complete while the attempt had not succeeded").isFalse();
            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.failure().orElseThrow()).hasMessageContaining("fails after dumping");
            assertThat(outcome.lock().runLock()).isEqualTo(lockRun);
            assertThat(outcome.lock().publishTokens()).isEmpty();
            assertThat(kart.isComplete(task)).isFalse();
            assertThat(filesOf(kart, task)).as("no output and no temporary file").isEmpty();
        }
    }

    @ParameterizedTest(name = "run lock: {0}")
    @ValueSource(booleans = {false, true})
    void theRetryOfAnAttemptThatFailedAfterDumpingCompletesWithAllOutputsOfTheRetry(boolean lockRun) throws Exception {
        Halves task = new Halves("retried-" + lockRun, 1);
        try (Kart kart = kart(lockRun, "kart.tasks.\"" + Halves.class.getName() + "\".retry-count", 1)) {
            BuildReport<Void> report = kart.run(task, BuildOptions.defaults());

            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.DONE);
            assertThat(outcome.attempts()).isEqualTo(2);
            assertThat(outcome.lock().publishTokens()).as("each output published once, by the retry").hasSize(2);
            assertThat(kart.isComplete(task)).isTrue();
            assertThat(kart.load(task, Halves.EVEN)).containsExactly(4);
            assertThat(kart.load(task, Halves.ODD)).containsExactly("attempt 2");
            assertThat(filesOf(kart, task)).as("its two outputs, and no temporary file").hasSize(2)
                    .allSatisfy(name -> assertThat(name).doesNotStartWith("."));
        }
    }

    @Test
    void aRerunReplacesEveryOutputOfACompleteTask() throws Exception {
        Numbered task = new Numbered("rerun");
        try (Kart kart = Runtimes.kart(workspace)) {
            kart.build(task);
            BuildReport<Integer> again = kart.run(task, BuildOptions.defaults());
            BuildReport<Integer> rerun = kart.run(task, BuildOptions.defaults().withRerun(true));

            assertThat(again.rootOutcome().attempts()).as("complete: not run again").isZero();
            assertThat(rerun.rootOutcome().state()).isEqualTo(TaskState.DONE);
            assertThat(rerun.rootOutcome().lock().publishTokens()).hasSize(2);
            assertThat(kart.load(task)).isEqualTo(2);
            assertThat(kart.load(task, Numbered.LABEL)).isEqualTo("run 2");
        }
        try (Kart kart = Runtimes.kart(workspace, "kart.tasks.\"" + Numbered.class.getName() + "\".rerun", true)) {
            kart.build(task);

            assertThat(kart.load(task)).as("the task's rerun setting replaces too").isEqualTo(3);
            assertThat(kart.load(task, Numbered.LABEL)).isEqualTo("run 3");
            assertThat(filesOf(kart, task)).hasSize(2).allSatisfy(name -> assertThat(name).doesNotStartWith("."));
        }
    }

    @Test
    void aMainOutputThatCannotBePublishedNamesTheOutputsPublishedBeforeIt() throws Exception {
        Numbered task = new Numbered("main-refused");
        try (Kart kart = Runtimes.kart(workspace)) {
            Path main = mainOutput(kart, task);
            Path label = pathOf(kart, task, Numbered.LABEL);
            Files.createDirectories(main);

            BuildReport<Integer> refused = kart.run(task, BuildOptions.defaults());

            assertThat(refused.rootOutcome().state()).isEqualTo(TaskState.FAILED);
            assertThat(refused.rootOutcome().failure().orElseThrow())
                    .hasMessageContaining("a directory stands where this file is to be published")
                    .hasMessageContaining("the file was not published; the task's outputs published before it stay: ")
                    .hasMessageContaining(label.getFileName().toString());
            assertThat(label).as("the named output, published before the main one failed").hasContent("run 1");

            Files.delete(main);
            BuildReport<Integer> again = kart.run(task, BuildOptions.defaults());

            assertThat(again.rootOutcome().state()).isEqualTo(TaskState.DONE);
            assertThat(kart.load(task)).isEqualTo(2);
            assertThat(kart.load(task, Numbered.LABEL)).as("the first attempt's file, kept").isEqualTo("run 1");
        }
    }

    @Test
    void aPublishRefusedByADirectoryAtTheOutputsPathIsNotRetried() throws Exception {
        Numbered task = new Numbered("directory-not-retried");
        try (Kart kart = Runtimes.kart(workspace, "kart.retry.count", 3, "kart.retry.delay", "0s")) {
            Path main = mainOutput(kart, task);
            Files.createDirectories(main);

            BuildReport<Integer> refused = kart.run(task, BuildOptions.defaults());

            TaskOutcome outcome = refused.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.attempts()).as("attempts, with 3 retries configured").isEqualTo(1);
            assertThat(ATTEMPTS.get(task.key())).hasValue(1);
            assertThat(outcome.failure().orElseThrow()).hasRootCauseInstanceOf(OccupiedPathException.class);
            assertThat(refused.summary()).contains("] after 1 attempt: CacheWriteException: cannot write cache file "
                    + main + " of ").contains("; not retried: no retry can publish while a directory stands there\n");
            assertThat(main).as("what stood there, left as it was").isDirectory();
        }
    }

    /** The first attempt fails and is retried; the retry's publish is refused, and is not retried again. */
    @Test
    void aPublishRefusedAfterARetryIsNotRetriedAgainAndTheSummarySaysSo() throws Exception {
        Halves task = new Halves("refused-after-retry", 1);
        try (Kart kart = Runtimes.kart(workspace, "kart.retry.count", 3, "kart.retry.delay", "0s")) {
            Path even = kart.outputs(task).stream().filter(location -> location.namedOutput()
                    .filter(Halves.EVEN::equals).isPresent()).map(OutputLocation::uri).map(Path::of).findFirst()
                    .orElseThrow();
            Files.createDirectories(even);

            BuildReport<Void> refused = kart.run(task, BuildOptions.defaults());

            TaskOutcome outcome = refused.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.attempts()).as("attempts, with 3 retries configured").isEqualTo(2);
            assertThat(refused.summary()).contains("] after 2 attempts: CacheWriteException: cannot write cache file "
                    + even + " of ").contains("; the file was not published; not retried again: no retry can publish"
                    + " while a directory stands there\n");
        }
    }

    @Test
    void aPublishRefusedByAFileWhereItsDirectoryBelongsIsNotRetried() throws Exception {
        Numbered task = new Numbered("file-at-directory");
        try (Kart kart = Runtimes.kart(workspace, "kart.retry.count", 3, "kart.retry.delay", "0s")) {
            Path main = mainOutput(kart, task);
            Files.createDirectories(main.getParent().getParent());
            Files.writeString(main.getParent(), "a file of the user's");

            BuildReport<Integer> refused = kart.run(task, BuildOptions.defaults());

            TaskOutcome outcome = refused.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.attempts()).as("attempts, with 3 retries configured").isEqualTo(1);
            assertThat(outcome.failure().orElseThrow()).hasRootCauseInstanceOf(OccupiedPathException.class)
                    .hasMessageContaining("a file stands at " + main.getParent() + ", where a directory belongs: remove it");
            assertThat(refused.summary()).contains("] after 1 attempt: ").contains("; not retried: no retry can publish"
                    + " while a file stands at " + main.getParent() + ", where a directory belongs\n");
            assertThat(main.getParent()).as("what stood there, left as it was").hasContent("a file of the user's");
        }
    }

    /** @return where the task's main output is published */
    private static Path mainOutput(Kart kart, Task<?> task) {
        return kart.outputs(task).stream().filter(location -> location.namedOutput().isEmpty())
                .map(OutputLocation::uri).map(Path::of).findFirst().orElseThrow();
    }
}
