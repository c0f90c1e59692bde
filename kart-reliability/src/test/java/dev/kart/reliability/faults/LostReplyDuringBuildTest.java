package dev.kart.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.reliability.fixtures.Events;
import dev.kart.reliability.fixtures.PublishWatch;
import dev.kart.reliability.fixtures.RedisDagNodes;
import dev.kart.reliability.fixtures.Work;
import dev.kart.reliability.fixtures.dag.Total;
import dev.kart.test.support.process.WorkerJvm;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * A lock request whose reply never came must not strand its lock (kart's issue 11). Four JVMs build
 * the 40-task DAG ({@code @RunWithLock}, 250 ms per task; collision policies defer, defer, wait and
 * fail) with a 5 s lease TTL and a 1.5 s command timeout. In the middle of it redis-server is frozen
 * (SIGSTOP) for 3 s, so the processes give up on the lock requests that wait in the server's sockets, and
 * the server carries them out when it resumes (SIGCONT), granting locks to requests nobody waits for.
 * From the resume on the tasks no longer work, so what the builds still take is the coordination of
 * the nodes: a lock stranded until its TTL runs out would hold them up for 5 s.
 *
 * <p>From the resume on, the test reads the lock keys in Redis with a client of its own, and the
 * processes log every lease they get and release (see {@code FaultInjectingBackendProvider}). A lock
 * key that Redis has while no process holds a lease on it (and none was granted one within a second
 * after the read) is held by nobody alive: none may be seen from 2 s after the resume on. And since
 * no process waits out a TTL for such a lock, every build ends within 3 s of the resume. Times are
 * taken from the moment the resume was sent.
 */
class LostReplyDuringBuildTest {
    private static final Duration TTL = Duration.ofSeconds(5);
    /** Work per task until the resume; none after it. */
    private static final Duration WORK = Duration.ofMillis(250);
    private static final Duration FREEZE = Duration.ofSeconds(3);
    /** What the issue asks: no lock of a request given up on is left this long after the resume. */
    private static final Duration ORPHANS_GONE = Duration.ofSeconds(2);
    /**
     * How soon after the resume every build must end (the bound). A lock Redis grants at the
     * resume to a request given up on keeps its key until the TTL (5 s) has passed, and a node waiting
     * for it ends later still: 5.1 to 5.4 s before the fix. With it the builds ended 0.5 to 2.3 s after
     * the resume on a 2-core machine with a load average between 12 and 30.
     */
    private static final Duration BUILDS_END = Duration.ofSeconds(3);
    /** How late after a grant a process may log it: a key read in Redis up to this long before is its. */
    private static final Duration LOG_SLACK = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration HANG_GUARD = Duration.ofMinutes(3);
    private static final int PUBLISHED_BEFORE_FAULT = 15;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    @TempDir
    Path directory;

    /** What the test read at one moment: how many events were logged, then which lock keys Redis had. */
    private record Poll(long at, int eventsBefore, Set<String> keys) {
    }

    @ParameterizedTest(name = "client = {0}")
    @ValueSource(strings = {"jedis", "redisson"})
    void noLockOfARequestGivenUpOnOutlivesTheResumeByTwoSecondsAndEveryBuildEndsWithinThree(String client)
            throws Exception {
        TestRedis redis = REDIS.server();
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        Path packageDirectory = Files.createDirectories(workspace.resolve(Total.class.getPackageName().replace('.', '/')));
        Path events = directory.resolve("events.log");
        Path workDone = directory.resolve("work-done");
        String prefix = "lost-reply-" + client;
        List<Poll> polls = new ArrayList<>();
        long resumedAt;
        long resumedAtMillis;
        Set<String> left;
        try (PublishWatch watch = PublishWatch.of(packageDirectory)) {
            try (RedisDagNodes nodes = RedisDagNodes.start(directory, client + "-lost-reply", HANG_GUARD,
                    Map.of(Events.PROPERTY, events.toString(), Work.PROPERTY, Long.toString(WORK.toMillis()),
                            Work.UNTIL_PROPERTY, workDone.toString()),
                    List.of("kart.workspace=" + workspace, "kart.lock.prefix=" + prefix,
                            "kart.lock.ttl=" + TTL.toMillis() + "ms", "kart.lock.redis.client=" + client,
                            "kart.lock.redis.host=" + redis.host(), "kart.lock.redis.port=" + redis.port(),
                            // connect-timeout bounds only the start, before the freeze: a Redisson node on a
                            // machine loaded beyond stress-ng's (a CI run beside builds) took over 1 s to open its pool.
                            // command-timeout bounds the start's first commands too, which took over 1 s beside
                            // stress-ng --cpu 4 (Redisson: Command execution timeout); 1.5 s stays under the renew
                            // interval (a third of the TTL), as kart requires, and a request sent in the freeze's
                            // first 1.5 s is still given up on before the resume
                            "kart.lock.redis.connect-timeout=5s", "kart.lock.redis.command-timeout=1500ms"))) {
                List<WorkerJvm> workers = nodes.workers();
                nodes.go();
                nodes.awaitPublished(watch, PUBLISHED_BEFORE_FAULT);
                nodes.awaitBackendsOpened(events);
                int eventsBeforeFreeze = Events.read(events).size();
                redis.pause();
                try {
                    Thread.sleep(FREEZE.toMillis());
                } finally {
                    redis.resume();
                    resumedAt = System.nanoTime();
                    resumedAtMillis = System.currentTimeMillis();
                    // what the builds take from here is the nodes' coordination, not their tasks' work
                    Files.createFile(workDone);
                }
                try (Jedis reader = new Jedis(redis.host(), redis.port())) {
                    long deadline = System.nanoTime() + HANG_GUARD.toNanos();
                    // read until 2 s after the resume at least, even when every process ended sooner
                    while (workers.stream().anyMatch(WorkerJvm::alive)
                            || System.nanoTime() - resumedAt <= ORPHANS_GONE.plus(POLL).toNanos()) {
                        assertThat(System.nanoTime() - deadline).as("every process ended within %s", HANG_GUARD)
                                .isNegative();
                        int before = Events.read(events).size();
                        polls.add(new Poll(System.nanoTime(), before, lockKeys(reader, prefix)));
                        Thread.sleep(POLL.toMillis());
                    }
                    left = lockKeys(reader, prefix);
                }
                // read once every process has ended: on a loaded machine a process may write the line of
                // a request it gave up on during the freeze only after the resume (CI, stress-ng beside it).
                // The freeze must have cut off requests, or the test proves nothing; not of every process
                // though: a node can have no request out in those 3 s (a defer node whose runnable tasks
                // are all parked waits for release notices). One of the four logged none three times in CI
                // under load (the last time the first started, a defer node), the builds and locks being right.
                List<Events.Event> fromFreeze = Events.read(events);
                assertThat(fromFreeze.subList(eventsBeforeFreeze, fromFreeze.size()).stream()
                        .filter(e -> e.event().equals("gave-up")).map(Events.Event::pid).collect(Collectors.toSet()))
                        .as("processes that gave up on a lock request while Redis was frozen")
                        .isNotEmpty().isSubsetOf(workers.stream().map(WorkerJvm::pid).toList());
                nodes.assertEachBuiltTheDag();
            }
        }

        List<Events.Event> log = Events.read(events);
        // each key held by nobody alive: when it was first and last seen, in ms after the resume
        Map<String, long[]> orphans = new TreeMap<>();
        for (int p = 0; p < polls.size(); p++) {
            Poll poll = polls.get(p);
            if (poll.at() - resumedAt < ORPHANS_GONE.toNanos()) {
                continue;
            }
            int logged = loggedBy(polls, p, log.size());
            for (String key : poll.keys()) {
                if (openLeases(log.subList(0, poll.eventsBefore()), key) == 0
                        && log.subList(poll.eventsBefore(), logged).stream().noneMatch(e -> acquired(e, key))) {
                    long millis = Duration.ofNanos(poll.at() - resumedAt).toMillis();
                    orphans.computeIfAbsent(key, k -> new long[] {millis, millis})[1] = millis;
                }
            }
        }
        // the wall clock of this machine, read by the test and the workers alike
        Map<Long, Long> endsAfterResume = log.stream().filter(e -> e.event().equals("build-end"))
                .collect(Collectors.toMap(Events.Event::pid, e -> Long.parseLong(e.subject()) - resumedAtMillis));
        List<String> stranded = orphans.entrySet().stream().map(e -> e.getKey() + " (seen from " + e.getValue()[0] + " to "
                + e.getValue()[1] + " ms after the resume)").toList();
        System.out.printf("LostReplyDuringBuildTest %s: builds ended %s ms after the resume; %d lock requests given up on;"
                + " %d polls; keys held by nobody alive 2 s or more after the resume: %s%n", client, endsAfterResume,
                log.stream().filter(e -> e.event().equals("gave-up")).count(), polls.size(), stranded);

        assertThat(stranded).as("lock keys Redis had, 2 s or more after the resume, while no process held them").isEmpty();
        assertThat(left).as("lock keys left after every process ended").isEmpty();
        assertThat(endsAfterResume).as("the processes whose build ended").hasSize(RedisDagNodes.COUNT);
        assertThat(endsAfterResume).allSatisfy((pid, millis) -> assertThat(millis)
                .as("ms from the resume to the end of the build of process %d", pid)
                .isLessThanOrEqualTo(BUILDS_END.toMillis()));
    }

    /** @return how many events were logged by the first poll at least {@link #LOG_SLACK} after poll {@code p} */
    private static int loggedBy(List<Poll> polls, int p, int total) {
        for (int q = p + 1; q < polls.size(); q++) {
            if (polls.get(q).at() - polls.get(p).at() >= LOG_SLACK.toNanos()) {
                return polls.get(q).eventsBefore();
            }
        }
        return total;
    }

    private static long openLeases(List<Events.Event> log, String key) {
        return log.stream().filter(e -> acquired(e, key)).count()
                - log.stream().filter(e -> e.event().equals("released") && keyOf(e).equals(key)).count();
    }

    private static boolean acquired(Events.Event event, String key) {
        return event.event().equals("acquired") && keyOf(event).equals(key);
    }

    private static String keyOf(Events.Event event) {
        return event.subject().substring(0, event.subject().lastIndexOf('#'));
    }

    private static Set<String> lockKeys(Jedis reader, String prefix) {
        Set<String> keys = new TreeSet<>(reader.keys(prefix + ":run:*"));
        keys.addAll(reader.keys(prefix + ":cache:*"));
        return keys;
    }
}
