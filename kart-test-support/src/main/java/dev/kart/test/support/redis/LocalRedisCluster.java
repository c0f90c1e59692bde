package dev.kart.test.support.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Redis Cluster of {@code redis-server} processes from PATH ({@code cluster-enabled yes}), each on
 * free loopback ports (its client port and its cluster bus port, {@code cluster-port}) with a
 * directory of its own for its {@code nodes.conf}, without persistence, joined by
 * {@code redis-cli --cluster create ... --cluster-yes}: the primaries share the 16384 slots in equal
 * contiguous ranges, in the order of {@link #primaryPorts()}. {@link #start()} returns once every
 * node reports {@code cluster_state:ok} and knows every node. One primary can be restarted on the
 * same port and directory (it keeps its slots through its {@code nodes.conf}, and comes back without
 * its data); closing stops every node and deletes the directories, and a JVM that exits without
 * closing it still stops them. Not thread-safe: one test or scenario drives it.
 *
 * <pre>{@code
 * try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
 *     connect(cluster.nodes());          // ["127.0.0.1:41231", "127.0.0.1:39017", ...]
 * }
 * }</pre>
 */
public final class LocalRedisCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int SLOTS = 16384;
    /**
     * Generous: a node on a loaded machine must not be marked failing while the test runs. A restart
     * (stop and start) takes far less, so the cluster never even counts the node as failed.
     */
    private static final int NODE_TIMEOUT_MILLIS = 15_000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path redisServer;
    private final Path redisCli;
    private final Path directory;
    private final Map<Integer, Node> nodes = new LinkedHashMap<>();
    private final Thread reaper;

    /** One node: its ports, directory and process. */
    private static final class Node {
        final int port;
        final int busPort;
        final Path directory;
        Process process;

        Node(int port, int busPort, Path directory) {
            this.port = port;
            this.busPort = busPort;
            this.directory = directory;
        }
    }

    private LocalRedisCluster(Path redisServer, Path redisCli, Path directory) {
        this.redisServer = redisServer;
        this.redisCli = redisCli;
        this.directory = directory;
        // a test JVM that ends without closing it (killed by a timeout, System.exit) still stops the nodes
        this.reaper = new Thread(this::destroyAll, "kart-test-redis-cluster-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts three primaries without replicas.
     *
     * @return the running cluster, every node reporting {@code cluster_state:ok}
     * @throws IllegalStateException when {@code redis-server} or {@code redis-cli} is not on PATH (the
     *     message names the Debian packages), or the cluster does not come up within 60 s
     */
    public static LocalRedisCluster start() {
        return start(3, 0);
    }

    /**
     * @param primaries how many primaries, at least 3 ({@code redis-cli --cluster create} wants three)
     * @param replicasPerPrimary replicas of each primary, 0 or more
     * @return the running cluster, every node reporting {@code cluster_state:ok}
     * @throws IllegalStateException when {@code redis-server} or {@code redis-cli} is not on PATH (the
     *     message names the Debian packages), or the cluster does not come up within 60 s
     */
    public static LocalRedisCluster start(int primaries, int replicasPerPrimary) {
        if (primaries < 3 || replicasPerPrimary < 0) {
            throw new IllegalArgumentException("a cluster needs at least 3 primaries and 0 or more replicas each, not "
                    + primaries + " and " + replicasPerPrimary);
        }
        String path = System.getenv("PATH");
        Path server = LocalRedisServer.findOnPath(path).orElseThrow(() -> new IllegalStateException(
                "no redis-server on PATH (" + path + "): install Redis 7 or later, e.g. apt-get install redis-server"));
        Path cli = find(path, "redis-cli").orElseThrow(() -> new IllegalStateException(
                "no redis-cli on PATH (" + path + "), which joins the cluster's nodes: apt-get install redis-tools"));
        Path directory;
        try {
            directory = Files.createTempDirectory("kart-test-redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the cluster's nodes", e);
        }
        LocalRedisCluster cluster = new LocalRedisCluster(server, cli, directory);
        try {
            int count = primaries * (1 + replicasPerPrimary);
            for (int i = 0; i < count; i++) {
                cluster.addNode();
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            create.addAll(cluster.nodes());
            create.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerPrimary), "--cluster-yes"));
            cluster.cli(create);
            cluster.awaitOk(count);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** @return the nodes' host, {@code 127.0.0.1} */
    public String host() {
        return HOST;
    }

    /** @return every node as {@code 127.0.0.1:port}, primaries first, as given to {@code --cluster create} */
    public List<String> nodes() {
        return nodes.keySet().stream().map(port -> HOST + ":" + port).toList();
    }

    /**
     * @return the ports of the primaries, in the order of their slot ranges (the first owns slot 0),
     *     as the cluster reports them now
     */
    public List<Integer> primaryPorts() {
        List<int[]> ranges = new ArrayList<>();
        for (String line : clusterNodes()) {
            String[] words = line.split(" ");
            if (words.length > 8 && words[2].contains("master") && !words[2].contains("fail")) {
                int port = port(words[1]);
                for (int i = 8; i < words.length; i++) {
                    if (!words[i].startsWith("[")) {
                        ranges.add(new int[] {Integer.parseInt(words[i].split("-")[0]), port});
                    }
                }
            }
        }
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        return ranges.stream().map(range -> range[1]).distinct().toList();
    }

    /**
     * @param slot a slot, 0 to 16383
     * @return the port of the primary that owns it now
     * @throws IllegalStateException when no primary owns it
     */
    public int primaryOfSlot(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot " + slot + ", expected 0 to 16383");
        }
        for (String line : clusterNodes()) {
            String[] words = line.split(" ");
            if (words.length > 8 && words[2].contains("master")) {
                for (int i = 8; i < words.length; i++) {
                    if (words[i].startsWith("[")) {
                        continue;
                    }
                    String[] range = words[i].split("-");
                    int low = Integer.parseInt(range[0]);
                    int high = Integer.parseInt(range[range.length - 1]);
                    if (slot >= low && slot <= high) {
                        return port(words[1]);
                    }
                }
            }
        }
        throw new IllegalStateException("no primary owns slot " + slot + ": " + clusterNodes());
    }

    /**
     * @param key a key
     * @return its slot, as the cluster computes it ({@code CLUSTER KEYSLOT})
     */
    public int slotOf(String key) {
        return Integer.parseInt(cli(List.of("-p", Integer.toString(anyLivePort()), "CLUSTER", "KEYSLOT", key)).strip());
    }

    /**
     * @param port a node's port
     * @param pattern a glob pattern
     * @return the keys matching it on that node alone ({@code KEYS}; test data is small)
     */
    public List<String> keysOn(int port, String pattern) {
        String out = cli(List.of("-p", Integer.toString(port), "KEYS", pattern));
        return out.lines().filter(line -> !line.isBlank()).toList();
    }

    /**
     * Runs one command with {@code redis-cli} on one node, and returns what it printed (raw, one reply
     * element a line); an error reply, such as {@code CROSSSLOT ...}, is returned as printed, not thrown.
     *
     * @param port a node's port
     * @param command the command and its arguments
     * @return its output
     */
    public String command(int port, String... command) {
        List<String> args = new ArrayList<>(List.of("-p", Integer.toString(port)));
        args.addAll(List.of(command));
        return cli(args, false);
    }

    /**
     * Stops one primary (SIGTERM, as an operator's restart does; it saves nothing) and starts it again
     * on the same ports and directory: it rejoins with its slots from its {@code nodes.conf}, without
     * its keys. Returns once every node reports {@code cluster_state:ok} again.
     *
     * @param port the primary's port
     * @throws IllegalStateException when it does not come back within 60 s
     */
    public void restartPrimary(int port) {
        stopNode(port);
        startNode(port);
    }

    /**
     * Stops one node (SIGTERM) and waits until it exited.
     *
     * @param port the node's port
     */
    public void stopNode(int port) {
        Node node = node(port);
        stop(node.process);
    }

    /**
     * Starts a stopped node again on the same ports and directory, and waits until every node reports
     * {@code cluster_state:ok}.
     *
     * @param port the node's port
     * @throws IllegalStateException when the cluster is not ok within 60 s
     */
    public void startNode(int port) {
        Node node = node(port);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                node.process = launch(node);
                break;
            } catch (IllegalStateException e) {
                // the old socket may linger for a moment; the ports are ours, so try again
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LocalRedisServer.sleep(Duration.ofMillis(200));
            }
        }
        awaitOk(nodes.size());
    }

    /** @return whether the node on that port runs */
    public boolean running(int port) {
        Process process = node(port).process;
        return process != null && process.isAlive();
    }

    /** Stops every node and deletes their directories. */
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
        return "Redis Cluster of " + nodes.size() + " redis-server nodes on " + nodes();
    }

    private Node node(int port) {
        Node node = nodes.get(port);
        if (node == null) {
            throw new IllegalArgumentException("no node on port " + port + " in " + this);
        }
        return node;
    }

    private void addNode() {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            int port = LocalRedisServer.freePort();
            int busPort = LocalRedisServer.freePort();
            if (port == busPort || nodes.containsKey(port)) {
                continue;
            }
            Node node = new Node(port, busPort, directory.resolve("node-" + port));
            try {
                Files.createDirectories(node.directory);
                node.process = launch(node);
                nodes.put(port, node);
                return;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + node.directory, e);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last != null ? last : new IllegalStateException("found no two free ports for a cluster node");
    }

    private Process launch(Node node) {
        Path log = node.directory.resolve("redis.log");
        List<String> command = List.of(redisServer.toString(), "--port", Integer.toString(node.port),
                "--cluster-port", Integer.toString(node.busPort), "--bind", HOST, "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                "--save", "", "--appendonly", "no", "--dir", node.directory.toString(), "--daemonize", "no",
                "--protected-mode", "no", "--logfile", "");
        return LocalRedisServer.startAndAwait(command, log, node.port, READY_TIMEOUT);
    }

    /** Polls every node until each reports cluster_state:ok and knows {@code count} connected nodes. */
    private void awaitOk(int count) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (int port : nodes.keySet()) {
                String info = cli(List.of("-p", Integer.toString(port), "CLUSTER", "INFO"));
                long connected = cli(List.of("-p", Integer.toString(port), "CLUSTER", "NODES")).lines()
                        .filter(line -> line.contains(" connected") && !line.contains("fail")).count();
                if (!info.contains("cluster_state:ok") || connected != count) {
                    ok = false;
                    last = "node " + port + ": " + info.lines().filter(l -> l.startsWith("cluster_state")).findFirst()
                            .orElse(info.strip()) + ", " + connected + " of " + count + " nodes connected";
                    break;
                }
            }
            if (ok) {
                return;
            }
            LocalRedisServer.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("the Redis Cluster " + nodes() + " was not ok within " + READY_TIMEOUT + " (" + last
                + ")");
    }

    private List<String> clusterNodes() {
        return cli(List.of("-p", Integer.toString(anyLivePort()), "CLUSTER", "NODES")).lines()
                .filter(line -> !line.isBlank()).toList();
    }

    private int anyLivePort() {
        return nodes.values().stream().filter(node -> node.process != null && node.process.isAlive()).map(node -> node.port)
                .findFirst().orElseThrow(() -> new IllegalStateException("no node of " + this + " runs"));
    }

    /** {@code ip:port@busport[,hostname]} to the port. */
    private static int port(String address) {
        String hostPort = address.split("@")[0];
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private String cli(List<String> args) {
        return cli(args, true);
    }

    private String cli(List<String> args, boolean failOnError) {
        List<String> command = new ArrayList<>();
        command.add(redisCli.toString());
        command.addAll(List.of("-h", HOST));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + COMMAND_TIMEOUT);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (failOnError && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + redisCli, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void destroyAll() {
        List<Node> all = new ArrayList<>(nodes.values());
        Collections.reverse(all);
        for (Node node : all) {
            stop(node.process);
        }
    }

    private static Optional<Path> find(String path, String name) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }
}
