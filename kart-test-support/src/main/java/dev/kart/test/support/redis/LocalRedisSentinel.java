package dev.kart.test.support.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Sentinel deployment of {@code redis-server} processes from PATH, on free loopback ports in a
 * temporary directory, without persistence: one primary, its replicas, and three sentinels
 * ({@code redis-server --sentinel}) that monitor it under a name of its own ({@link #masterName()}). It can kill the primary with
 * SIGKILL, have the sentinels fail it over ({@code SENTINEL FAILOVER}), cut the primary off from its
 * replicas so that its next writes are lost in a failover, and say which server is the primary now.
 * Closing it stops every process and deletes the directory; a JVM that exits without closing it still
 * stops them. Not thread-safe: one test or benchmark drives it.
 *
 * <p>Sentinels declare the primary down after {@value #DOWN_AFTER_MILLIS} ms without an answer, so a
 * failover after a SIGKILL takes some seconds: short for a test, yet not so short that a busy machine's
 * scheduling alone makes the sentinels fail a live primary over.
 *
 * <p>Deployments started at once (parallel test modules, benchmarks) stay apart: each has its own
 * master name, so that no sentinel takes another deployment's announcements on the hello channel for
 * its own (a newer configuration epoch there would make it follow the other deployment's primary), and
 * its data nodes know the replication command only by a name of the deployment's own, which only its
 * sentinels are told: a sentinel of another deployment that still tracks a port reused here cannot
 * make a data node of this one replicate from its primary (and so flush its data).
 *
 * <pre>{@code
 * try (LocalRedisSentinel redis = LocalRedisSentinel.start()) {
 *     settings.sentinel(redis.masterName(), redis.sentinelNodes());
 *     int old = redis.primaryPort();
 *     redis.killPrimary();
 *     redis.awaitPrimaryOtherThan(old, Duration.ofSeconds(60));
 * }
 * }</pre>
 */
public final class LocalRedisSentinel implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int DOWN_AFTER_MILLIS = 2_000;
    private static final int FAILOVER_TIMEOUT_MILLIS = 10_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE = Duration.ofSeconds(2);

    private final Path executable;
    private final Path directory;
    /** The name the sentinels monitor the primary under. */
    private final String master;
    /** What the data nodes call SLAVEOF and REPLICAOF: see the class comment. */
    private final String slaveOf;
    private final String replicaOf;
    /** Every data node by port: the first primary and its replicas. */
    private final Map<Integer, Process> dataNodes = new HashMap<>();
    private final Map<Integer, Process> sentinels = new HashMap<>();
    private final List<Integer> stopped = new ArrayList<>();
    private final Thread reaper;

    private LocalRedisSentinel(Path executable, Path directory) {
        this.executable = executable;
        this.directory = directory;
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.master = "kart-primary-" + id;
        this.slaveOf = "kart-slaveof-" + id;
        this.replicaOf = "kart-replicaof-" + id;
        // a test JVM that ends without closing it (a timeout, System.exit) still stops every process
        this.reaper = new Thread(this::destroyAll, "kart-test-sentinel-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts a primary with two replicas and three sentinels, and waits until the replicas are in
     * sync and every sentinel knows the replicas and the other sentinels (a failover needs both).
     *
     * @return the running deployment
     * @throws IllegalStateException when no {@code redis-server} is on PATH (the message names the
     *     apt package), or the deployment is not up within 30 s
     */
    public static LocalRedisSentinel start() {
        return start(2);
    }

    /**
     * @param replicas how many replicas the primary gets, at least 1
     * @return the running deployment, as {@link #start()}
     * @throws IllegalStateException as {@link #start()}
     */
    public static LocalRedisSentinel start(int replicas) {
        return start(replicas, 3);
    }

    /**
     * @param replicas how many replicas the primary gets, at least 1
     * @param sentinelCount how many sentinels watch it, at least 1; fewer than 2 never reach the quorum of 2, so
     *     such a deployment serves clients but cannot fail over
     * @return the running deployment, as {@link #start()}
     * @throws IllegalStateException as {@link #start()}
     */
    public static LocalRedisSentinel start(int replicas, int sentinelCount) {
        Path executable = LocalRedisServer.findOnPath(System.getenv("PATH")).orElseThrow(() -> new IllegalStateException(
                "no redis-server on PATH (" + System.getenv("PATH") + "): the Sentinel tests run redis-server and"
                        + " redis-server --sentinel; install Redis 6 or later, e.g. apt-get install redis-server"));
        Path directory;
        try {
            directory = Files.createTempDirectory("kart-test-sentinel-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the Sentinel deployment", e);
        }
        LocalRedisSentinel deployment = new LocalRedisSentinel(executable, directory);
        try {
            int primary = deployment.launchData(List.of());
            for (int i = 0; i < replicas; i++) {
                deployment.launchData(List.of("--replicaof", HOST, Integer.toString(primary)));
            }
            for (int i = 0; i < sentinelCount; i++) {
                deployment.launchSentinel(primary);
            }
            deployment.awaitReady(primary, replicas);
            return deployment;
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    /** @return the name the sentinels monitor the primary under, as {@code kart.lock.redis.sentinel.master} takes it */
    public String masterName() {
        return master;
    }

    /** @return the sentinels' addresses, {@code 127.0.0.1:port} each, as {@code kart.lock.redis.sentinel.nodes} takes them */
    public List<String> sentinelNodes() {
        return sentinels.keySet().stream().sorted().map(port -> HOST + ":" + port).toList();
    }

    /** @return the loopback address every process listens on */
    public String host() {
        return HOST;
    }

    /**
     * @return the port of the server the sentinels name as the primary now
     * @throws IllegalStateException when no sentinel answers
     */
    public int primaryPort() {
        return sentinelsPrimary().orElseThrow(() -> new IllegalStateException("no sentinel of " + this + " names a primary"));
    }

    /** @return the ports of every data node started, running or not, the primary's among them */
    public List<Integer> dataPorts() {
        return dataNodes.keySet().stream().sorted().toList();
    }

    /**
     * Kills the primary with SIGKILL, as a crashed machine would vanish; the sentinels then promote a
     * replica after {@value #DOWN_AFTER_MILLIS} ms. Replicas stopped by {@link #cutOffReplicas()} are
     * resumed once the primary is gone, so that what only the primary had is lost.
     *
     * @return the port of the killed primary
     */
    public int killPrimary() {
        int port = primaryPort();
        Process primary = dataNodes.get(port);
        signal(primary, "KILL", port);
        try {
            primary.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing the primary on port " + port, e);
        }
        for (int replica : stopped) {
            signal(dataNodes.get(replica), "CONT", replica);
        }
        stopped.clear();
        return port;
    }

    /**
     * Stops every replica with SIGSTOP and closes the primary's replication links, so that what the
     * primary is asked to do from now on reaches no replica: the writes asynchronous replication loses
     * when the primary then fails. Call {@link #killPrimary()} next, which resumes the replicas once
     * the primary is gone.
     *
     * @return the port of the primary, whose writes from now on are its own
     */
    public int cutOffReplicas() {
        int primary = primaryPort();
        for (Map.Entry<Integer, Process> node : dataNodes.entrySet()) {
            if (node.getKey() != primary && node.getValue().isAlive()) {
                signal(node.getValue(), "STOP", node.getKey());
                stopped.add(node.getKey());
            }
        }
        call(primary, "CLIENT", "KILL", "TYPE", "replica");
        return primary;
    }

    /**
     * Asks a sentinel to fail the primary over to a replica at once ({@code SENTINEL FAILOVER}), as an
     * operator does before maintenance; the old primary becomes a replica of the new one. Asks again
     * while the sentinel answers that no replica is ready yet.
     *
     * @return the port of the primary before the failover
     * @throws IllegalStateException when no sentinel accepts within 30 s, or one leaves a request
     *     unanswered for 30 s or refuses it for another reason, and no failover shows (the message holds every
     *     process's log); a request sent late in the 30 s may still be waited for 30 s, so the call takes
     *     about a minute at worst
     */
    public int failover() {
        int old = primaryPort();
        String last = "";
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // A request is sent again only after an answer that says it started nothing. A request left unanswered
        // may have been taken: a sentinel starved of CPU takes it late, and one sent again after its failover ended
        // would fail the new primary over too (SENTINEL FAILOVER fails over whichever primary the sentinel has now),
        // promoting a replica the first failover had just told to resync from it: the data is gone. So each reply is
        // waited for up to 30 s, and another sentinel is asked only when one refuses connections (a request that
        // was never sent).
        List<Integer> candidates = new ArrayList<>(sentinels.keySet());
        int asked = 0;
        while (System.nanoTime() < deadline) {
            int sentinel = candidates.get(asked % candidates.size());
            try {
                RespProbe.command(HOST, sentinel, START_TIMEOUT, "SENTINEL", "FAILOVER", master);
                return old;
            } catch (ConnectException e) {
                last = e.getMessage();
                asked++;
                continue;
            } catch (IOException e) {
                String answer = String.valueOf(e.getMessage());
                if (answer.contains("INPROG")) {
                    // a failover of its own already under way
                    return old;
                }
                if (!answer.contains("NOGOODSLAVE")) {
                    // no answer (a timeout, a closed connection), or a refusal that asking again does not change
                    if (failoverUnderWay(old)) {
                        return old;
                    }
                    throw new IllegalStateException("the sentinel on port " + sentinel + " of " + this + " did not take"
                            + " SENTINEL FAILOVER (" + answer + ") and no failover shows; not asked again, as a second"
                            + " failover could lose the data; the deployment's logs:" + allLogs(), e);
                }
                // no replica it has heard from lately enough: this sentinel started nothing, but the sentinels may
                // have failed the primary over on their own (a primary starved of CPU looks down), and a request
                // on top of that would be a second failover
                last = answer;
            }
            sleep(Duration.ofMillis(200));
            if (failoverUnderWay(old)) {
                return old;
            }
        }
        throw new IllegalStateException("no sentinel of " + this + " started a failover within " + START_TIMEOUT + ": " + last);
    }

    /**
     * Waits until the sentinels name another primary than {@code old}, every sentinel that answers
     * names that one, and that server answers as a primary. Not a majority alone: a client connecting
     * through the sentinels asks the first that answers, which may still name the old primary for a
     * moment (a second backend opened right after the failover met the killed primary so).
     *
     * @param old the port of the primary before
     * @param timeout how long to wait
     * @return the new primary's port
     * @throws IllegalStateException when no new primary is up within the timeout; the message holds the sentinels' logs
     */
    public int awaitPrimaryOtherThan(int old, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<Integer, Optional<Integer>> answers = sentinelAnswers();
            Optional<Integer> now = majorityOf(answers);
            if (now.isPresent() && now.get() != old && everyAnswerNames(answers, now.get()) && "master".equals(role(now.get()))) {
                return now.get();
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("the sentinels of " + this + " named no new primary within " + timeout
                + " (still " + sentinelsPrimary() + "): " + logs("sentinel"));
    }

    /**
     * Waits until every running data node but the primary is its replica in sync, as after
     * {@link #start()}; after a failover the old primary (if alive) and the other replicas follow the new one.
     *
     * @param timeout how long to wait
     * @throws IllegalStateException when they are not within the timeout
     */
    public void awaitReplicasInSync(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int primary = primaryPort();
        while (System.nanoTime() < deadline) {
            boolean synced = dataNodes.entrySet().stream().filter(node -> node.getKey() != primary && node.getValue().isAlive())
                    .allMatch(node -> info(node.getKey(), "replication").contains("master_port:" + primary + "\r\n")
                            && info(node.getKey(), "replication").contains("master_link_status:up"));
            if (synced) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("the replicas of " + this + " did not follow the primary on port " + primary
                + " within " + timeout + ": " + logs("redis"));
    }

    /**
     * Runs one command on a data node, such as {@code GET key} on the primary.
     *
     * @param port the data node's port
     * @param arguments the command
     * @return its reply: a String, Long, List or null
     * @throws IllegalStateException when the node cannot be reached or answers with an error
     */
    public Object call(int port, String... arguments) {
        try {
            return RespProbe.command(HOST, port, PROBE, arguments);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", arguments) + " on " + HOST + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * @return every data node's and sentinel's log whole, each headed by its kind and port, for the message of a
     *     test that found the deployment in a state it did not expect: a failover's steps are in the sentinels' logs
     */
    public String allLogs() {
        StringBuilder text = new StringBuilder();
        for (String kind : List.of("redis", "sentinel")) {
            for (int port : (kind.equals("sentinel") ? sentinels : dataNodes).keySet()) {
                Path log = directory.resolve(kind + "-" + port + ".log");
                text.append("\n--- ").append(kind).append(" ").append(port).append(":\n");
                try {
                    text.append(Files.readString(log));
                } catch (IOException e) {
                    text.append("(no log: ").append(e.getMessage()).append(")");
                }
            }
        }
        return text.toString();
    }

    /** Stops every process and deletes the directory. */
    @Override
    public void close() {
        destroyAll();
        LocalRedisServer.deleteRecursively(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook runs anyway
        }
    }

    @Override
    public String toString() {
        return "Sentinel deployment '" + master + "' (data nodes " + dataPorts() + ", sentinels " + sentinelNodes() + ")";
    }

    private int launchData(List<String> following) {
        return launch("redis", port -> {
            List<String> command = new ArrayList<>(List.of(executable.toString(), "--port", Integer.toString(port), "--bind", HOST,
                    "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no",
                    "--protected-mode", "no", "--logfile", "", "--dbfilename", "dump-" + port + ".rdb",
                    "--rename-command", "SLAVEOF", slaveOf, "--rename-command", "REPLICAOF", replicaOf));
            command.addAll(following);
            return command;
        }, dataNodes);
    }

    private void launchSentinel(int primary) {
        launch("sentinel", port -> {
            // a sentinel rewrites its configuration file, so each has its own
            Path config = directory.resolve("sentinel-" + port + ".conf");
            try {
                Files.writeString(config, String.join("\n",
                        "port " + port,
                        "bind " + HOST,
                        "protected-mode no",
                        "dir " + directory,
                        "sentinel monitor " + master + " " + HOST + " " + primary + " 2",
                        "sentinel rename-command " + master + " SLAVEOF " + slaveOf,
                        "sentinel rename-command " + master + " REPLICAOF " + replicaOf,
                        "sentinel down-after-milliseconds " + master + " " + DOWN_AFTER_MILLIS,
                        "sentinel failover-timeout " + master + " " + FAILOVER_TIMEOUT_MILLIS,
                        "sentinel parallel-syncs " + master + " 1", ""));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + config, e);
            }
            return List.of(executable.toString(), config.toString(), "--sentinel");
        }, sentinels);
    }

    private int launch(String kind, java.util.function.IntFunction<List<String>> command, Map<Integer, Process> into) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            int port = LocalRedisServer.freePort();
            Path log = directory.resolve(kind + "-" + port + ".log");
            Process process;
            try {
                process = new ProcessBuilder(command.apply(port)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + executable, e);
            }
            into.put(port, process);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            // this process answering, not another program's server that took the chosen port before it could bind it
            while (process.isAlive() && System.nanoTime() < deadline
                    && !RespProbe.answersAs(HOST, port, process.pid(), Duration.ofMillis(500))) {
                sleep(Duration.ofMillis(20));
            }
            if (process.isAlive() && RespProbe.answersAs(HOST, port, process.pid(), Duration.ofMillis(500))) {
                return port;
            }
            process.destroyForcibly();
            into.remove(port);
            // the chosen port may have been taken meanwhile: try another
            last = new IllegalStateException(kind + " on port " + port + " did not start: " + LocalRedisServer.tail(log));
        }
        throw last;
    }

    private void awaitReady(int primary, int replicas) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ready = info(primary, "replication").contains("connected_slaves:" + replicas + "\r\n")
                    && sentinels.keySet().stream().allMatch(sentinel -> {
                        Map<String, String> master = sentinelMaster(sentinel);
                        return String.valueOf(replicas).equals(master.get("num-slaves"))
                                && String.valueOf(sentinels.size() - 1).equals(master.get("num-other-sentinels"));
                    });
            if (ready) {
                awaitReplicasInSync(START_TIMEOUT);
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(this + " was not ready within " + START_TIMEOUT + ": " + logs("sentinel"));
    }

    private Map<String, String> sentinelMaster(int sentinel) {
        Map<String, String> fields = new HashMap<>();
        try {
            List<?> reply = (List<?>) RespProbe.command(HOST, sentinel, PROBE, "SENTINEL", "MASTER", master);
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                fields.put(String.valueOf(reply.get(i)), String.valueOf(reply.get(i + 1)));
            }
        } catch (IOException | ClassCastException e) {
            // not answering yet: not ready
        }
        return fields;
    }

    /**
     * Whether any sentinel names another primary than {@code old}, or has a failover of it in progress,
     * from one {@code SENTINEL MASTER} each (its address and flags such as {@code master,failover_in_progress}
     * together: a sentinel that did not answer the first of two questions can have ended its failover by the
     * second). Any one, not a majority: on a loaded machine the failover a late reply started can end before
     * the other sentinels hear of it.
     */
    private boolean failoverUnderWay(int old) {
        for (int sentinel : sentinels.keySet()) {
            Map<String, String> fields = sentinelMaster(sentinel);
            boolean moved = fields.containsKey("port") && !Integer.toString(old).equals(fields.get("port"));
            if (moved || fields.getOrDefault("flags", "").contains("failover")) {
                return true;
            }
        }
        return false;
    }

    /** The primary a majority of the running sentinels name; empty while they disagree or do not answer. */
    private Optional<Integer> sentinelsPrimary() {
        return majorityOf(sentinelAnswers());
    }

    /**
     * @return what each sentinel that answers names as the primary, by the sentinel's port (empty
     *     when it names none); a sentinel that does not answer is left out
     */
    private Map<Integer, Optional<Integer>> sentinelAnswers() {
        Map<Integer, Optional<Integer>> answers = new HashMap<>();
        for (int sentinel : sentinels.keySet()) {
            try {
                List<?> address = (List<?>) RespProbe.command(HOST, sentinel, PROBE, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", master);
                answers.put(sentinel, address == null ? Optional.empty()
                        : Optional.of(Integer.parseInt(String.valueOf(address.get(1)))));
            } catch (IOException e) {
                // a sentinel that does not answer has no vote, and is asked by no client either
            }
        }
        return answers;
    }

    /** @return the primary more than half of all the sentinels, running or not, name */
    private Optional<Integer> majorityOf(Map<Integer, Optional<Integer>> answers) {
        Map<Integer, Integer> votes = new HashMap<>();
        answers.values().forEach(named -> named.ifPresent(port -> votes.merge(port, 1, Integer::sum)));
        return votes.entrySet().stream().filter(vote -> vote.getValue() * 2 > sentinels.size()).map(Map.Entry::getKey).findFirst();
    }

    /** @return whether every sentinel that answered names {@code port} as the primary */
    private static boolean everyAnswerNames(Map<Integer, Optional<Integer>> answers, int port) {
        return answers.values().stream().allMatch(named -> named.equals(Optional.of(port)));
    }

    private String role(int port) {
        try {
            List<?> role = (List<?>) RespProbe.command(HOST, port, PROBE, "ROLE");
            return String.valueOf(role.get(0));
        } catch (IOException e) {
            return "unreachable";
        }
    }

    private String info(int port, String section) {
        try {
            return String.valueOf(RespProbe.command(HOST, port, PROBE, "INFO", section));
        } catch (IOException e) {
            return "";
        }
    }

    private String logs(String kind) {
        StringBuilder text = new StringBuilder();
        for (int port : (kind.equals("sentinel") ? sentinels : dataNodes).keySet()) {
            text.append("\n").append(kind).append(" ").append(port).append(": ")
                    .append(LocalRedisServer.tail(directory.resolve(kind + "-" + port + ".log")));
        }
        return text.toString();
    }

    private static void signal(Process process, String name, int port) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " (redis-server on port " + port
                        + ") failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name + " (procps) for redis-server on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name + " to redis-server on port " + port, e);
        }
    }

    private void destroyAll() {
        List<Process> all = new ArrayList<>(sentinels.values());
        all.addAll(dataNodes.values());
        for (Process process : all) {
            if (process.isAlive()) {
                // a process stopped with SIGSTOP dies of SIGKILL too
                process.destroyForcibly();
            }
        }
        for (Process process : all) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Sentinel deployment", e);
        }
    }
}
