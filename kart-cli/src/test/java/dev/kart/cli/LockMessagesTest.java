package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kart.core.Kart;
import dev.kart.examples.sample.SomeTask;
import dev.kart.fixtures.FailsOnCollision;
import dev.kart.lock.Lease;
import dev.kart.task.Task;
import dev.kart.test.support.redis.LocalRedisSentinel;
import dev.kart.test.support.redis.LocalRedisServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.slf4j.LoggerFactory;

/** What {@code kart run} says when locks stand in its way: true, and once. */
class LockMessagesTest {
    /** {@link SomeTask}'s section, as a message names its keys. */
    private static final String SOME_TASK_SECTION = "kart.tasks.\"" + SomeTask.class.getName() + "\"";

    @TempDir
    Path workspace;

    @ParameterizedTest
    @ValueSource(strings = {"jedis", "redisson"})
    void aRefusedRedisConnectionIsOneLineWithKartsWordsFirstAndTheCauseAtTheEnd(String client) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            // a port nothing listens on once the socket is closed: connecting is refused at once
            port = socket.getLocalPort();
        }

        Cli.Result result = Cli.run("run", "sample.SomeTask", "--redis-host", "localhost", "--redis-port",
                String.valueOf(port), "--workspace", workspace.toString(), "-D", "kart.lock.redis.client=" + client);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.LOCK_BACKEND);
        assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: Redis lock backend (" + client
                + "): cannot connect to Redis at localhost:" + port + ", the connection was refused; check"
                + " kart.lock.redis.host/port and that redis-server runs there and accepts connections from this machine:"
                + " Connection refused");
    }

    /**
     * Sentinels that answer: a master name they do not monitor is a mistake in the configuration (exit 2, as a bad
     * value), naming the key and the name they monitor; a primary of theirs that is down cannot be reached (exit 3),
     * and is named with the address they give. One sentinel never fails the killed primary over.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jedis", "redisson"})
    void aMasterNameTheSentinelsDoNotMonitorIsAConfigurationErrorAndTheirPrimaryDownIsNamed(String client) {
        try (LocalRedisSentinel sentinels = LocalRedisSentinel.start(1, 1)) {
            String nodes = String.join(",", sentinels.sentinelNodes());
            Cli.Result misspelt = Cli.run("run", "sample.SomeTask", "--workspace", workspace.toString(),
                    "-D", "kart.lock.redis.client=" + client, "-D", "kart.lock.redis.sentinel.nodes=" + nodes,
                    "-D", "kart.lock.redis.sentinel.master=" + sentinels.masterName() + "-misspelt");

            assertThat(misspelt.exitCode()).as(misspelt.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(misspelt.err().lines()).as(misspelt.toString()).singleElement().asString().startsWith("kart:"
                    + " Redis lock backend (" + client + "): the sentinels at " + nodes + " monitor no primary named '"
                    + sentinels.masterName() + "-misspelt' (1 of 1 answered; they monitor '" + sentinels.masterName() + "'); check"
                    + " kart.lock.redis.sentinel.master: ");

            int primary = sentinels.killPrimary();
            Cli.Result down = Cli.run("run", "sample.SomeTask", "--workspace", workspace.toString(),
                    "-D", "kart.lock.redis.client=" + client, "-D", "kart.lock.redis.sentinel.nodes=" + nodes,
                    "-D", "kart.lock.redis.sentinel.master=" + sentinels.masterName());

            assertThat(down.exitCode()).as(down.toString()).isEqualTo(ExitCodes.LOCK_BACKEND);
            assertThat(down.err().lines()).as(down.toString()).singleElement().asString().startsWith("kart: Redis lock"
                    + " backend (" + client + "): the sentinel at " + nodes + " names 127.0.0.1:" + primary + " as primary '"
                    + sentinels.masterName() + "', and it refused the connection; check that redis-server runs there");
        }
    }

    @Test
    void onlyTheCommandsThatTakeLocksNeedRedisToBeReachable() throws IOException {
        int port = closedPort();
        String[] redis = {"--redis-host", "localhost", "--redis-port", String.valueOf(port), "--workspace",
                workspace.toString()};

        Cli.Result tree = Cli.run(with(redis, "tree", "sample.SomeTask", "--name=down"));
        Cli.Result info = Cli.run(with(redis, "info", "sample.SomeTask", "--name=down"));
        Cli.Result dryClean = Cli.run(with(redis, "clean", "sample.SomeTask", "--name=down"));
        Cli.Result run = Cli.run(with(redis, "run", "sample.SomeTask", "--name=down"));
        Cli.Result locks = Cli.run(with(redis, "locks"));
        Cli.Result clean = Cli.run(with(redis, "clean", "sample.SomeTask", "--name=down", "--delete"));

        assertThat(tree.exitCode()).as(tree.toString()).isZero();
        assertThat(tree.out()).contains("SomeTask", "PENDING");
        assertThat(info.exitCode()).as(info.toString()).isZero();
        // kart info asks who holds the task's run lock, and says it could not tell rather than failing
        assertThat(info.out()).containsPattern("complete +no\n")
                .containsPattern("\n  run lock +unknown: Redis lock backend \\([a-z]+\\): cannot connect to Redis at localhost:"
                        + port + ",");
        assertThat(dryClean.exitCode()).as(dryClean.toString()).isZero();
        assertThat(dryClean.out()).contains("Nothing to clean.");
        for (Cli.Result needsRedis : new Cli.Result[] {run, locks, clean}) {
            assertThat(needsRedis.exitCode()).as(needsRedis.toString()).isEqualTo(ExitCodes.LOCK_BACKEND);
            assertThat(needsRedis.err()).contains("cannot connect to Redis at localhost:" + port);
            assertThat(needsRedis.out()).as("nothing ran, nothing was listed").isEmpty();
        }
        assertThat(workspace.resolve("dev")).as("no output").doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"wait", "defer"})
    void aWaitForARunLockIsSaidOnceWithTheTaskTheKeyAndWhenItEndsAtTheLatestThenWhenItEnded(String policy)
            throws Exception {
        SomeTask task = new SomeTask("waits-" + policy);
        ExecutorService releaser = Executors.newSingleThreadExecutor();
        // the holder renews its 3 s lease every second: the build looks again every 5 s and sees a new
        // expiry each time, which must not be said again
        try (Kart other = Kart.builder().workspace(workspace).set("kart.durable", false).set("kart.lock.ttl", "3s").build();
                RunLockLooks looks = RunLockLooks.watch()) {
            Lease held = other.lockBackend().runLock().tryAcquire(other.uniqueId(task)).orElseThrow();
            String key = held.key();
            String owner = other.lockBackend().runLock().holder(other.uniqueId(task)).orElseThrow().owner();
            String label = "dev.kart.examples.sample.SomeTask(name=waits-" + policy + ")[" + other.uniqueId(task) + "]";
            // released once the run has looked at the lock a second time and seen its lease renewed (the looks
            // are 5 s apart), however long a busy machine makes that take; a deferred task waits on no thread
            Future<Boolean> lookedAgain = releaser.submit(() -> {
                try {
                    return looks.await(label, 2, Duration.ofMinutes(1));
                } finally {
                    held.close();
                }
            });

            Instant started = Instant.now();
            Cli.Result result = Cli.run("run", "sample.SomeTask", "--name=waits-" + policy, "--workspace",
                    workspace.toString(), "-D", "kart.lock.on-collision=" + policy, "-D", "kart.lock.wait-timeout=1m");

            assertThat(lookedAgain.get(1, TimeUnit.MINUTES)).as("the run looked at the renewed lease again within a"
                    + " minute: " + looks + "\n" + result).isTrue();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> said = result.err().lines().filter(line -> line.contains("run lock")
                    && !line.startsWith("kart: note:")).toList();
            assertThat(said).as(result.toString()).hasSize(2);
            assertThat(said.get(0)).startsWith("kart: " + label)
                    .contains(", held by " + owner + " (fencing token " + held.fencingToken() + ")")
                    .containsPattern("its lease expires at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ unless " + owner + " renews it");
            // ISO-8601 in UTC, read the next day or beside another node's log: within the 3 s TTL of when it was said
            Instant expires = Instant.parse(said.get(0).replaceFirst(".*its lease expires at (\\S+) unless .*", "$1"));
            assertThat(expires).isBetween(started.minusSeconds(1), Instant.now().plusSeconds(4));
            if (policy.equals("wait")) {
                assertThat(said.get(0)).contains(" waits for its run lock " + key + ", held by ")
                        .containsPattern("; waits at most until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(kart.lock.wait-timeout"
                                + " = 1m\\)\\.$");
                assertThat(said.get(1)).matches("kart: " + Pattern.quote(label)
                        + " got its run lock after (\\d+ms|\\d+\\.\\ds)\\.");
            } else {
                assertThat(said.get(0)).contains(" is deferred until its run lock " + key + " is free, held by ")
                        .doesNotContain("at most");
                assertThat(said.get(1)).matches("kart: " + Pattern.quote(label)
                        + ": its run lock looks free after (\\d+ms|\\d+\\.\\ds); it goes back to the workers\\.");
            }
            assertThat(result.out()).contains("* 1 ran successfully:");
        } finally {
            releaser.shutdownNow();
        }
    }

    /**
     * Redisson grants its lock before kart writes the holder record that names the node and its token, so another
     * node can find the lock held by a holder it cannot tell. Redisson's own API takes the lock here, with no record
     * ever written: the state of that race, made to last.
     */
    @Test
    void aDeferralOnARedissonLockWithoutAHolderRecordSaysTheHolderIsNotKnownYetAndShowsNoToken() throws Exception {
        SomeTask task = new SomeTask("unrecorded");
        String uniqueId;
        try (Kart node = Kart.builder().workspace(workspace).set("kart.durable", false).build()) {
            uniqueId = node.uniqueId(task);
        }
        String key = "kart:run:" + uniqueId;
        String label = "dev.kart.examples.sample.SomeTask(name=unrecorded)[" + uniqueId + "]";
        ExecutorService releaser = Executors.newSingleThreadExecutor();
        try (LocalRedisServer redis = LocalRedisServer.start(); RunLockLooks looks = RunLockLooks.watch()) {
            // Redisson's watchdog renews the 3 s lease every second
            Config config = new Config().setLockWatchdogTimeout(3_000);
            config.useSingleServer().setAddress("redis://" + redis.host() + ":" + redis.port());
            RedissonClient other = Redisson.create(config);
            try {
                RLock lock = other.getLock(key);
                lock.lock();
                // released 5 s after the run's first look: a deferral long enough to be told of (after a second),
                // with room for a busy machine; the look half a second on finds no record either
                Future<Boolean> lookedAgain = releaser.submit(() -> {
                    try {
                        boolean looked = looks.await(label, 1, Duration.ofMinutes(1));
                        Thread.sleep(5_000);
                        return looked;
                    } finally {
                        lock.forceUnlock();
                    }
                });

                Cli.Result result = Cli.run("run", "sample.SomeTask", "--name=unrecorded", "--workspace", workspace.toString(),
                        "--redis-host", redis.host(), "--redis-port", String.valueOf(redis.port()),
                        "-D", "kart.lock.redis.client=redisson", "-D", "kart.lock.on-collision=defer");

                assertThat(lookedAgain.get(1, TimeUnit.MINUTES)).as(looks + "\n" + result).isTrue();
                assertThat(result.exitCode()).as(result.toString()).isZero();
                String deferred = result.err().lines().filter(line -> line.contains(" is deferred until")).findFirst()
                        .orElseThrow(() -> new AssertionError("no deferral line: " + result));
                assertThat(deferred).startsWith("kart: " + label + " is deferred until its run lock " + key + " is free,"
                        + " held by another node (not known which yet: it has not recorded itself, as happens just after"
                        + " a node takes the lock); its lease expires at ")
                        .endsWith(" unless that node renews it (a killed holder does not).")
                        .doesNotContain("fencing token").doesNotContain("redisson holder").doesNotContain("no kart record");
            } finally {
                other.shutdown();
            }
        } finally {
            releaser.shutdownNow();
        }
    }

    @Test
    void quietLeavesOutTheNotesOfARunLockWait() throws Exception {
        SomeTask task = new SomeTask("waits-quietly");
        Path report = workspace.resolve("report.json");
        ExecutorService releaser = Executors.newSingleThreadExecutor();
        try (Kart other = Kart.builder().workspace(workspace).set("kart.durable", false).build()) {
            Lease held = other.lockBackend().runLock().tryAcquire(other.uniqueId(task)).orElseThrow();
            // released once the run waits for it, however long the run takes to get there on a busy machine
            releaser.submit(() -> {
                awaitAThreadWaitingForALock();
                held.close();
                return null;
            });

            Cli.Result result = Cli.run("run", "sample.SomeTask", "--name=waits-quietly", "-q", "--report", report.toString(),
                    "--workspace", workspace.toString(), "-D", "kart.lock.on-collision=wait", "-D", "kart.lock.wait-timeout=1m");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(new ObjectMapper().readTree(report.toFile()).get("tasks").get(0).get("lock").get("collisions").asInt())
                    .as("it waited").isPositive();
            assertThat(result.err()).as(result.toString()).doesNotContain("run lock");
        } finally {
            releaser.shutdownNow();
        }
    }

    /**
     * The looks of runs in this JVM at who holds a task's run lock that found a holder or lease not seen before,
     * as the task event log tells them at DEBUG on {@code dev.kart.tasks}: the first look at a held lock, then
     * each look again (every 5 s) that sees the lease renewed. Turns that logger to DEBUG, kept off the test's
     * console, until closed.
     */
    private static final class RunLockLooks extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        private static final String LOGGER = "dev.kart.tasks";
        private final Logger logger = (Logger) LoggerFactory.getLogger(LOGGER);
        private final Level levelBefore = logger.getLevel();
        private final boolean additiveBefore = logger.isAdditive();
        private final List<String> seen = new ArrayList<>();

        static RunLockLooks watch() {
            RunLockLooks looks = new RunLockLooks();
            looks.setContext(looks.logger.getLoggerContext());
            looks.start();
            looks.logger.addAppender(looks);
            looks.logger.setAdditive(false);
            looks.logger.setLevel(Level.DEBUG);
            return looks;
        }

        @Override
        protected synchronized void append(ILoggingEvent event) {
            String line = event.getFormattedMessage();
            if (line.contains(": run lock held by ")) {
                seen.add(line);
                notifyAll();
            }
        }

        /**
         * @param label a task's label, as the log begins its lines
         * @param count how many looks to wait for
         * @param limit how long to wait at most
         * @return whether there were that many looks for the task within the limit
         */
        synchronized boolean await(String label, int count, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (seen.stream().filter(line -> line.startsWith(label + ": ")).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        @Override
        public synchronized String toString() {
            return "looks logged on " + LOGGER + ": " + seen;
        }

        @Override
        public void close() {
            logger.detachAppender(this);
            logger.setLevel(levelBefore);
            logger.setAdditive(additiveBefore);
            stop();
        }
    }

    /** Returns once a thread of this JVM waits in the in-memory backend for a held key (a run in wait policy). */
    private static void awaitAThreadWaitingForALock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
                for (StackTraceElement frame : stack) {
                    if (frame.getClassName().equals("dev.kart.lock.inmemory.LockTable")
                            && frame.getMethodName().equals("acquire") && stack[0].getClassName().startsWith("jdk.internal.misc.Unsafe")) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no thread waited for a lock within a minute (has dev.kart.lock.inmemory.LockTable.acquire"
                + " been renamed?)");
    }

    /** @return {@code kart run sample.SomeTask --name=NAME} in the workspace, each setting given with {@code -D} */
    private Cli.Result runSomeTask(String name, String... settings) {
        List<String> args = new ArrayList<>(List.of("run", "sample.SomeTask", "--name=" + name, "--workspace",
                workspace.toString()));
        for (String setting : settings) {
            args.add("-D");
            args.add(setting);
        }
        return Cli.run(args.toArray(String[]::new));
    }

    /**
     * Another node (a runtime of this JVM on the same workspace, with the in-memory backend the runs of
     * {@link Cli#run} share) that holds a task's run lock until closed.
     */
    private record RunLockHeldElsewhere(Kart node, String uniqueId, Lease lease) implements AutoCloseable {
        static RunLockHeldElsewhere of(Task<?> task, Path workspace) {
            Kart node = Kart.builder().workspace(workspace).set("kart.durable", false).build();
            try {
                String uniqueId = node.uniqueId(task);
                return new RunLockHeldElsewhere(node, uniqueId, node.lockBackend().runLock().tryAcquire(uniqueId).orElseThrow());
            } catch (RuntimeException e) {
                node.close();
                throw e;
            }
        }

        /** @return the holding process, as a collision names it */
        String owner() {
            return node.lockBackend().runLock().holder(uniqueId).orElseThrow().owner();
        }

        @Override
        public void close() {
            lease.close();
            node.close();
        }
    }

    private static String[] with(String[] options, String... command) {
        String[] args = new String[command.length + options.length];
        System.arraycopy(command, 0, args, 0, command.length);
        System.arraycopy(options, 0, args, command.length, options.length);
        return args;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            // a port nothing listens on once the socket is closed: connecting is refused at once
            return socket.getLocalPort();
        }
    }

    @Test
    void aCollisionWithoutRetriesLeftDoesNotPromiseARetry() {
        SomeTask task = new SomeTask("collides");
        try (RunLockHeldElsewhere held = RunLockHeldElsewhere.of(task, workspace)) {
            Cli.Result once = runSomeTask("collides", "kart.lock.on-collision=fail");
            Cli.Result retried = runSomeTask("collides", "kart.lock.on-collision=fail", "kart.retry.count=1",
                    "kart.retry.delay=10ms");

            assertThat(once.exitCode()).as(once.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            String owner = held.owner();
            // the summary line starts with the task's label: the message does not say it again
            assertThat(once.out()).contains("* 1 failed:", "after 1 attempt: LockCollisionException: another node holds"
                    + " its run lock (kart.lock.on-collision = fail): held by " + owner + ", lease expires in ")
                    .containsPattern("lease expires in (\\d+ms|\\d+\\.\\ds|\\dm\\d\\ds) unless renewed; no retries left"
                            + " \\(kart.retry.count = 0\\); to run"
                            + " it once the holder is done, give it retries \\(kart.retry.count, kart.retry.delay\\) or a"
                            + " policy that waits \\(kart.lock.on-collision = defer or wait\\), in kart or in its"
                            + " kart.tasks section\n")
                    .doesNotContain("retried");
            assertThat(retried.exitCode()).as(retried.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(retried.out()).contains("after 2 attempts: LockCollisionException:",
                    "(kart.lock.on-collision = fail): held by " + owner + ", lease expires in ", "no retries left"
                    + " (kart.retry.count = 1);"
                    + " to run it once the holder is done, give it more retries or a longer delay (kart.retry.count,");
        }
    }

    /**
     * The task's own section chose the policy and the retries: the message names its keys, as they are written, and
     * advises the section's keys, since kart.lock.on-collision and kart.retry.count do not override them. A section
     * that sets the retry delay alone has the section's keys advised too: its count is the one the task reads then.
     */
    @Test
    void aCollisionFailedByTheTasksSectionNamesItsKeys() {
        try (RunLockHeldElsewhere held = RunLockHeldElsewhere.of(new SomeTask("section-fails"), workspace)) {
            Cli.Result result = runSomeTask("section-fails", SOME_TASK_SECTION + ".on-collision=fail",
                    SOME_TASK_SECTION + ".retry-count=0", "kart.retry.count=3");
            Cli.Result delayOnly = runSomeTask("section-fails", SOME_TASK_SECTION + ".on-collision=fail",
                    SOME_TASK_SECTION + ".retry-delay=10ms");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(result.out()).as(result.toString()).contains("LockCollisionException: another node holds its run"
                    + " lock (" + SOME_TASK_SECTION + ".on-collision = fail): held by ", "; no retries left ("
                    + SOME_TASK_SECTION + ".retry-count = 0); to run it once the holder is done, give it retries ("
                    + SOME_TASK_SECTION + ".retry-count, " + SOME_TASK_SECTION + ".retry-delay) or a policy that waits ("
                    + SOME_TASK_SECTION + ".on-collision = defer or wait)\n")
                    .doesNotContain("kart.lock.on-collision = defer or wait", "(kart.retry.count, kart.retry.delay)");
            assertThat(delayOnly.exitCode()).as(delayOnly.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(delayOnly.out()).as(delayOnly.toString()).contains("; no retries left (kart.retry.count = 0); to"
                    + " run it once the holder is done, give it retries (" + SOME_TASK_SECTION + ".retry-count, "
                    + SOME_TASK_SECTION + ".retry-delay) or a policy that waits");
        }
    }

    /**
     * The wait timeout is quoted as the user wrote it, 2000ms, not the 2s it equals: in the line that says the wait
     * started and in the error when it ran out.
     */
    @Test
    void aWaitQuotesItsTimeoutAsWritten() {
        try (RunLockHeldElsewhere held = RunLockHeldElsewhere.of(new SomeTask("waits-as-written"), workspace)) {
            Cli.Result result = runSomeTask("waits-as-written", "kart.lock.on-collision=wait",
                    "kart.lock.wait-timeout=2000ms");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(result.err()).as(result.toString()).containsPattern("; waits at most until"
                    + " \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(kart.lock.wait-timeout = 2000ms\\)\\.\n");
            assertThat(result.out()).as(result.toString()).contains("LockCollisionException: waited for its run lock for"
                    + " kart.lock.wait-timeout = 2000ms and another node still holds it")
                    .doesNotContain("= 2s");
        }
    }

    /** The wait that ran out is quoted with its key, as a config file writes it. */
    @Test
    void aWaitThatRanOutNamesItsKeyWithItsValue() {
        try (RunLockHeldElsewhere held = RunLockHeldElsewhere.of(new SomeTask("waits-in-vain"), workspace)) {
            Cli.Result result = runSomeTask("waits-in-vain", "kart.lock.on-collision=wait", "kart.lock.wait-timeout=1500ms");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(result.out()).as(result.toString()).contains("LockCollisionException: waited for its run lock for"
                    + " kart.lock.wait-timeout = 1500ms and another node still holds it", "; no retries left"
                    + " (kart.retry.count = 0); to run it once the holder is done, raise kart.lock.wait-timeout or"
                    + " let it wait as long as the holder runs (kart.lock.on-collision = defer)\n");

            // gokart's redis_fail_on_collision = false chose wait: it wins over on-collision, so it goes, and then the
            // default, defer, decides: one change
            Cli.Result notFailing = runSomeTask("waits-in-vain", "kart.lock.fail-on-collision=false",
                    "kart.lock.wait-timeout=1500ms");
            assertThat(notFailing.exitCode()).as(notFailing.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(notFailing.out()).as(notFailing.toString()).contains("let it wait as long as the holder runs"
                    + " (remove kart.lock.fail-on-collision: the task then defers)\n");
        }
    }

    /**
     * A {@code fail-on-collision = false} chose wait, and without it the task would not defer: the one change that
     * makes it defer, or the two when one does not do.
     */
    @Test
    void aWaitChosenByFailOnCollisionIsAdvisedTheChangesThatMakeItDefer() {
        try (RunLockHeldElsewhere held = RunLockHeldElsewhere.of(new SomeTask("waits-by-alias"), workspace)) {
            // the task section's on-collision wins over kart.lock.fail-on-collision on its own
            Cli.Result global = runSomeTask("waits-by-alias", "kart.lock.fail-on-collision=false",
                    "kart.lock.on-collision=wait", "kart.lock.wait-timeout=500ms");
            // the section's own fail-on-collision wins over its on-collision: removing it leaves kart.lock's defer
            Cli.Result section = runSomeTask("waits-by-alias", SOME_TASK_SECTION + ".fail-on-collision=false",
                    "kart.lock.wait-timeout=500ms");
            // ... or kart.lock's wait: then both
            Cli.Result both = runSomeTask("waits-by-alias", SOME_TASK_SECTION + ".fail-on-collision=false",
                    "kart.lock.on-collision=wait", "kart.lock.wait-timeout=500ms");

            assertThat(global.exitCode()).as(global.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(global.out()).as(global.toString()).contains("let it wait as long as the holder runs ("
                    + SOME_TASK_SECTION + ".on-collision = defer, which wins over kart.lock.fail-on-collision)\n");
            assertThat(section.out()).as(section.toString()).contains("let it wait as long as the holder runs (remove "
                    + SOME_TASK_SECTION + ".fail-on-collision: the task then defers)\n");
            assertThat(both.out()).as(both.toString()).contains("let it wait as long as the holder runs (remove "
                    + SOME_TASK_SECTION + ".fail-on-collision and set " + SOME_TASK_SECTION + ".on-collision = defer)\n");
        }
    }

    @Test
    void aCollisionFailedByFailOnCollisionNamesThatKeyAndAdvisesIt() {
        try (RunLockHeldElsewhere held = RunLockHeldElsewhere.of(new SomeTask("fails-on-collision"), workspace)) {
            // gokart's redis_fail_on_collision wins over on-collision: setting defer beside it changes nothing
            Cli.Result global = runSomeTask("fails-on-collision", "kart.lock.on-collision=defer",
                    "kart.lock.fail-on-collision=true");
            Cli.Result perTask = runSomeTask("fails-on-collision", SOME_TASK_SECTION + ".on-collision=defer",
                    SOME_TASK_SECTION + ".fail-on-collision=true");

            assertThat(global.exitCode()).as(global.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(global.out()).as(global.toString()).contains("LockCollisionException: another node holds its run"
                    + " lock (kart.lock.fail-on-collision = true): held by ")
                    .containsPattern("no retries left \\(kart.retry.count = 0\\); to run it once the holder is done, give it"
                            + " retries \\(kart.retry.count, kart.retry.delay\\) or a policy that waits"
                            + " \\(kart.lock.fail-on-collision = false, or remove it: the task then defers\\), in kart"
                            + " or in its kart.tasks section\n")
                    .doesNotContain("kart.lock.on-collision = defer or wait");
            assertThat(perTask.exitCode()).as(perTask.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(perTask.out()).as(perTask.toString()).contains("(" + SOME_TASK_SECTION
                    + ".fail-on-collision = true): held by ", "or a policy that waits (" + SOME_TASK_SECTION
                    + ".fail-on-collision = false, or remove it: the task then defers)\n")
                    .doesNotContain("kart.lock.on-collision = defer or wait");

            // without it kart.lock.on-collision = fail decides, so removing it alone would not help
            Cli.Result failingEither = runSomeTask("fails-on-collision", "kart.lock.on-collision=fail",
                    "kart.lock.fail-on-collision=true");
            assertThat(failingEither.out()).as(failingEither.toString()).contains("or a policy that waits"
                    + " (kart.lock.fail-on-collision = false), in kart or in its kart.tasks section\n");
        }
    }

    /**
     * The task's own {@code @RunWithLock(onCollision = FAIL)} chose the policy: kart.lock.on-collision does not
     * override it, so the advice names the annotation, and the task's section, the one key that does.
     */
    @Test
    void aCollisionFailedByTheTasksAnnotationNamesItAndAdvisesIt() {
        try (RunLockHeldElsewhere held = RunLockHeldElsewhere.of(new FailsOnCollision("annotated"), workspace)) {
            Cli.Result plain = Cli.run("run", "fixtures.FailsOnCollision", "--name=annotated", "--workspace",
                    workspace.toString());
            Cli.Result globalWait = Cli.run("run", "fixtures.FailsOnCollision", "--name=annotated", "--workspace",
                    workspace.toString(), "-D", "kart.lock.on-collision=wait");

            for (Cli.Result result : new Cli.Result[] {plain, globalWait}) {
                assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
                assertThat(result.out()).as(result.toString()).contains("LockCollisionException: another node holds its"
                        + " run lock (@RunWithLock(onCollision = FAIL) on its class): held by ")
                        .containsPattern("no retries left \\(kart.retry.count = 0\\); to run it once the holder is done, give"
                                + " it retries \\(kart.retry.count, kart.retry.delay\\) or a policy that waits"
                                + " \\(@RunWithLock\\(onCollision = DEFER or WAIT\\) on its class, or"
                                + " kart.tasks.\"" + FailsOnCollision.class.getName() + "\".on-collision = defer or wait, which wins over the"
                                + " annotation\\)\n")
                        .doesNotContain("kart.lock.on-collision = defer or wait", "in kart or in its kart.tasks section");
            }
        }
    }
}
