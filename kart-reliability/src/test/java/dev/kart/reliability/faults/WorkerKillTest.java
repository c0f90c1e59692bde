package dev.kart.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.OutputLocation;
import dev.kart.core.TaskRef;
import dev.kart.reliability.fixtures.DripFormat;
import dev.kart.reliability.fixtures.Events;
import dev.kart.reliability.fixtures.FaultInjectingBackendProvider;
import dev.kart.reliability.fixtures.KartJar;
import dev.kart.reliability.fixtures.Work;
import dev.kart.reliability.fixtures.WorkerProcess;
import dev.kart.reliability.fixtures.WorkspaceFiles;
import dev.kart.reliability.fixtures.kill.Lengths;
import dev.kart.reliability.fixtures.kill.Part;
import dev.kart.reliability.fixtures.kill.Summary;
import dev.kart.task.Task;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.process.WorkerJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM building a five-task pipeline (three slow {@code .drip} parts, a JSON of their lengths
 * and a gzipped text summary, all {@code @RunWithLock}, Redis locks) is killed with SIGKILL at a seeded
 * random point: while a task runs, while a file is being written, or between the end of the write and
 * the rename into place. Twenty repetitions, each with its own pipeline in one shared workspace. After
 * each kill, every file at a final path reads back as exactly its task's value; a rerun (after the dead
 * holder's leases expire) completes with correct outputs. At the end {@code kart clean --delete} (the
 * runnable jar) removes every temporary file the kills left, and keeps every output.
 *
 * <p>The seed is printed; {@code -Dkart.reliability.seed=N} repeats the same kill plan.
 */
class WorkerKillTest {
    private static final int REPETITIONS = 20;
    /** How long each run, each write and each pause before a publish lasts in the worker. */
    private static final long WINDOW_MILLIS = 500;
    /**
     * The lease TTL: a task holds its leases for about three windows, renewed every third of the
     * TTL, so a renewal may come over a second late on a busy machine; a rerun waits about this long
     * for a killed holder's leases.
     */
    private static final Duration TTL = Duration.ofSeconds(3);
    /** Under the renew interval (a third of the TTL), as kart requires; a local Redis needs a millisecond. */
    private static final String COMMAND_TIMEOUT = "800ms";
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path directory;

    /** Where in a build a kill lands: the event that starts the phase, the one that ends it, how often it occurs. */
    enum Phase {
        RUN("run", "run-end", 5),
        DUMP("dump-start", "dump-end", Part.COUNT),
        PUBLISH("publish", "publish-end", 5);

        final String start;
        final String end;
        final int occurrences;

        Phase(String start, String end, int occurrences) {
            this.start = start;
            this.end = end;
            this.occurrences = occurrences;
        }
    }

    /** One repetition's kill: after the {@code occurrence}-th start of {@code phase}, wait {@code delayMillis}. */
    record Plan(int rep, Phase phase, int occurrence, long delayMillis) {
        static Plan draw(Random random, int rep) {
            Phase phase = Phase.values()[rep % Phase.values().length];
            return new Plan(rep, phase, 1 + random.nextInt(phase.occurrences), random.nextLong(WINDOW_MILLIS * 6 / 10));
        }
    }

    @Test
    void aWorkerKilledAtRandomPointsLeavesNoPartialFileAndARerunCompletes() throws Exception {
        long seed = Long.getLong("kart.reliability.seed", new SecureRandom().nextLong());
        String reproduce = "seed " + seed + " (repeat with -Dkart.reliability.seed=" + seed + ")";
        System.out.println("WorkerKillTest: " + reproduce);
        Random random = new Random(seed);
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        String prefix = "kill-" + UUID.randomUUID();
        Set<Phase> landed = EnumSet.noneOf(Phase.class);

        for (int rep = 0; rep < REPETITIONS; rep++) {
            Plan plan = Plan.draw(random, rep);
            System.out.println("WorkerKillTest: " + plan);
            if (repetition(plan, workspace, prefix, reproduce + ", " + plan)) {
                landed.add(plan.phase());
            }
        }
        assertThat(landed).as("phases a kill landed in (%s)", reproduce).containsExactlyInAnyOrder(Phase.values());

        cleanRemovesEveryTemporaryFileAndKeepsEveryOutput(workspace, prefix, reproduce);
    }

    /** @return whether the kill landed inside the planned phase */
    private boolean repetition(Plan plan, Path workspace, String prefix, String context) throws Exception {
        Path events = directory.resolve("events-" + plan.rep() + ".log");
        Events.Event target;
        boolean inPhase;
        try (WorkerJvm worker = WorkerProcess.start(directory, "worker-" + plan.rep(), Map.of(),
                Map.of(Events.PROPERTY, events.toString(), Work.PROPERTY, Long.toString(WINDOW_MILLIS),
                        DripFormat.DRIP_PROPERTY, Long.toString(WINDOW_MILLIS),
                        FaultInjectingBackendProvider.PAUSE_PROPERTY, Long.toString(WINDOW_MILLIS)),
                List.of("root=kill:" + plan.rep(), "kart.workspace=" + workspace, "kart.workers=2",
                        "inject-faults=true", "kart.lock.backend=redis", "kart.lock.prefix=" + prefix, "kart.lock.ttl=" + TTL.toMillis() + "ms",
                        "kart.lock.redis.command-timeout=" + COMMAND_TIMEOUT,
                        "kart.lock.redis.host=" + REDIS.server().host(), "kart.lock.redis.port=" + REDIS.server().port()))) {
            target = awaitEvent(worker, events, plan, context);
            Thread.sleep(plan.delayMillis());
            if (worker.alive()) {
                worker.kill();
                String ended = plan.phase().end + " " + target.subject();
                inPhase = Events.read(events).stream().noneMatch(e -> (e.event() + " " + e.subject()).equals(ended));
            } else {
                // a machine slow enough to let the build end first: the checks below still hold
                assertThat(worker.awaitExit(HANG_GUARD)).as("%s: exit code of the worker, which ended before the kill;"
                        + " it printed:%n%s", context, worker.output()).isZero();
                inPhase = false;
            }
        }

        Summary root = new Summary(plan.rep());
        Optional<Path> targetPath;
        byte[] temporaryContent = null;
        try (Kart reader = WorkspaceFiles.reader(workspace)) {
            List<TaskRef> graph = reader.graph(root);
            assertEveryFinalFileIsComplete(reader, graph, context + ", right after the kill");
            targetPath = targetPath(plan.phase(), target, reader, workspace, prefix);
            if (inPhase) {
                Path path = targetPath.orElseThrow();
                assertThat(path).as("%s: the final path of the task killed mid-%s", context, plan.phase()).doesNotExist();
                List<Path> temporary = temporaryFilesOf(workspace, path);
                if (plan.phase() == Phase.RUN) {
                    assertThat(temporary).as("%s: temporary files of a task killed in run()", context).isEmpty();
                } else {
                    assertThat(temporary).as("%s: the temporary file of the write that was cut off", context).hasSize(1);
                    temporaryContent = Files.readAllBytes(temporary.get(0));
                }
            }
        }

        try (Kart kart = Kart.builder().workspace(workspace).workers(2).set("kart.lock.backend", "redis")
                .set("kart.lock.prefix", prefix).set("kart.lock.ttl", TTL.toMillis() + "ms")
                .set("kart.lock.redis.command-timeout", COMMAND_TIMEOUT)
                .set("kart.lock.redis.host", REDIS.server().host()).set("kart.lock.redis.port", REDIS.server().port())
                .build()) {
            String rerun = CompletableFuture.supplyAsync(() -> kart.build(root))
                    .get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(rerun).as("%s: the rerun's result", context).isEqualTo(Summary.expected(plan.rep()));
        }
        try (Kart reader = WorkspaceFiles.reader(workspace)) {
            List<TaskRef> graph = reader.graph(root);
            assertThat(graph).as("%s: tasks complete after the rerun", context)
                    .allSatisfy(task -> assertThat(reader.isComplete(task.task())).as("%s", task.label()).isTrue());
            assertEveryFinalFileIsComplete(reader, graph, context + ", after the rerun");
        }
        if (temporaryContent != null) {
            byte[] published = Files.readAllBytes(targetPath.orElseThrow());
            if (plan.phase() == Phase.DUMP) {
                assertThat(temporaryContent.length).as("%s: a write cut off mid-way is shorter than the file", context)
                        .isLessThan(published.length);
                // a kill right after the file was created leaves it empty, also a prefix (which
                // AssertJ's startsWith refuses for an empty array)
                assertThat(Arrays.copyOf(published, temporaryContent.length))
                        .as("%s: the cut-off write is a prefix of the file", context).isEqualTo(temporaryContent);
            } else {
                assertThat(temporaryContent).as("%s: a write killed before its rename was complete", context)
                        .isEqualTo(published);
            }
        }
        System.out.println("WorkerKillTest: rep " + plan.rep() + (inPhase ? " landed in " + plan.phase()
                : " landed after the end of the planned " + plan.phase()) + ", temporary files now "
                + WorkspaceFiles.temporaryFiles(workspace).size());
        return inPhase;
    }

    private void cleanRemovesEveryTemporaryFileAndKeepsEveryOutput(Path workspace, String prefix, String context)
            throws Exception {
        List<Path> left = WorkspaceFiles.temporaryFiles(workspace);
        assertThat(left).as("temporary files the kills left (%s)", context).isNotEmpty();
        Map<Path, String> outputs = WorkspaceFiles.cacheSnapshot(workspace);
        left.forEach(outputs::remove);
        List<String> args = new ArrayList<>(List.of("clean"));
        for (int rep = 0; rep < REPETITIONS; rep++) {
            args.addAll(List.of(Summary.class.getName(), "--rep=" + rep));
        }
        args.addAll(List.of("--workspace", workspace.toString(), "--classpath", KartJar.testClasses().toString(),
                "--redis-host", REDIS.server().host(), "--redis-port", Integer.toString(REDIS.server().port()),
                "-D", "kart.lock.prefix=" + prefix));

        KartJar.Result dryRun = KartJar.run(directory, Map.of(), List.of(), args);
        assertThat(dryRun.exitCode()).as("%s", dryRun).isZero();
        assertThat(dryRun.out()).as("%s", dryRun).contains("Nothing to clean.",
                "Also kept: " + left.size() + " recent temporary file");

        List<String> delete = new ArrayList<>(args);
        delete.addAll(List.of("--delete", "--temp-grace", "0s"));
        KartJar.Result cleaned = KartJar.run(directory, Map.of(), List.of(), delete);
        assertThat(cleaned.exitCode()).as("%s", cleaned).isZero();
        assertThat(cleaned.out()).as("%s", cleaned).contains(left.size() + " temporary file",
                "Deleted " + left.size() + " file");
        assertThat(WorkspaceFiles.temporaryFiles(workspace)).as("temporary files after kart clean --delete").isEmpty();
        assertThat(WorkspaceFiles.cacheSnapshot(workspace)).as("outputs after kart clean --delete, byte for byte")
                .isEqualTo(outputs);
        try (Kart reader = WorkspaceFiles.reader(workspace)) {
            for (int rep = 0; rep < REPETITIONS; rep++) {
                assertThat(reader.build(new Summary(rep))).isEqualTo(Summary.expected(rep));
            }
        }
    }

    private static Events.Event awaitEvent(WorkerJvm worker, Path events, Plan plan, String context)
            throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (true) {
            List<Events.Event> starts = Events.read(events).stream().filter(e -> e.event().equals(plan.phase().start)).toList();
            if (starts.size() >= plan.occurrence()) {
                return starts.get(plan.occurrence() - 1);
            }
            if (!worker.alive()) {
                throw new AssertionError(context + ": the worker ended before the kill point; it printed:\n" + worker.output());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(context + ": the kill point did not come within " + HANG_GUARD + "; the worker printed:\n"
                        + worker.output());
            }
            Thread.sleep(5);
        }
    }

    /** Every task whose file exists reads back as exactly its value: no final path holds a partial file. */
    private static void assertEveryFinalFileIsComplete(Kart reader, List<TaskRef> graph, String context) {
        for (TaskRef task : graph) {
            if (reader.isComplete(task.task())) {
                Object value = reader.load(task.task());
                assertThat(value).as("%s: content of %s", context, reader.outputs(task.task()).get(0).relativePath())
                        .isEqualTo(expected(task.task()));
            }
        }
    }

    private static Object expected(Task<?> task) {
        if (task instanceof Part part) {
            return Part.expected(part.rep(), part.index());
        }
        if (task instanceof Lengths lengths) {
            return Lengths.expected(lengths.rep());
        }
        return Summary.expected(((Summary) task).rep());
    }

    /** The final path the killed phase was about: from the task name of a run or dump, from the lock key of a publish. */
    private static Optional<Path> targetPath(Phase phase, Events.Event event, Kart reader, Path workspace, String prefix) {
        if (phase == Phase.PUBLISH) {
            String key = event.subject().substring(0, event.subject().lastIndexOf('#'));
            return Optional.of(workspace.toAbsolutePath().resolve(key.substring((prefix + ":cache:").length())));
        }
        Task<?> task = taskNamed(event.subject());
        return reader.outputs(task).stream().filter(OutputLocation::isMain).findFirst()
                .map(output -> Path.of(output.uri()));
    }

    private static Task<?> taskNamed(String name) {
        int[] numbers = Arrays.stream(name.substring(name.indexOf('-') + 1).split("-")).mapToInt(Integer::parseInt).toArray();
        if (name.startsWith("Part-")) {
            return new Part(numbers[0], numbers[1]);
        }
        return name.startsWith("Lengths-") ? new Lengths(numbers[0]) : new Summary(numbers[0]);
    }

    private static List<Path> temporaryFilesOf(Path workspace, Path target) {
        String prefix = "." + target.getFileName() + ".";
        return WorkspaceFiles.temporaryFiles(workspace).stream()
                .filter(path -> path.getParent().equals(target.getParent()) && path.getFileName().toString().startsWith(prefix))
                .toList();
    }
}
