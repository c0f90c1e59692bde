package dev.kart.bench.soak;

import dev.kart.bench.process.NodeArguments;
import dev.kart.bench.process.NodeRuntime;
import dev.kart.core.Kart;
import dev.kart.core.BuildReport;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.BuildOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One node of the soak: a long-lived JVM with one kart runtime on the shared workspace and the Redis
 * lock backend, that builds the soak DAG's root each time the scenario says so. Arguments are
 * {@code key=value}: {@code host}, {@code port}, {@code workspace}, {@code prefix}, {@code seed},
 * {@code size}, {@code workers}, {@code policy}, {@code retry-count}, {@code retry-delay}.
 *
 * <p>The protocol, one line each way: it prints {@code ready} once its runtime is up; then for each
 * {@code build ROUND} on stdin it sets {@link SoakRound}, builds, and prints
 * {@code built ROUND ok|failed RAN FAILED_ATTEMPTS} (tasks it ran, and attempts that failed, even if
 * retried: with the wait and defer policies a collision is never a failure, so every failed attempt
 * is an error); {@code quit} ends it. A failed build's summary goes to stderr.
 */
public final class SoakWorker {
    private static final List<String> KEYS = Stream.concat(NodeRuntime.KEYS.stream(),
            Stream.of("seed", "size")).toList();

    private SoakWorker() {
    }

    /**
     * @param args {@code key=value} pairs, every key given
     * @throws Exception when the runtime cannot start or stdin breaks
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = NodeArguments.parse(args, KEYS);
        SoakTask root = rootOf(Long.parseLong(options.get("seed")), Integer.parseInt(options.get("size")));
        try (Kart kart = NodeRuntime.open(options);
                BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("ready");
            System.out.flush();
            for (String command = commands.readLine(); command != null && !command.equals("quit");
                    command = commands.readLine()) {
                if (!command.startsWith("build ")) {
                    throw new IllegalArgumentException("unknown command '" + command + "', expected 'build ROUND' or 'quit'");
                }
                int round = Integer.parseInt(command.substring("build ".length()));
                SoakRound.set(round);
                BuildReport<Long> report = kart.run(root, BuildOptions.defaults());
                int failedAttempts = 0;
                for (TaskOutcome outcome : report.outcomes()) {
                    failedAttempts += outcome.attempts() - (outcome.state() == TaskState.DONE ? 1 : 0);
                }
                if (!report.succeeded()) {
                    System.err.println("round " + round + " failed:\n" + report.summary());
                }
                System.out.println("built " + round + " " + (report.succeeded() ? "ok" : "failed") + " "
                        + report.count(TaskState.DONE) + " " + failedAttempts);
                System.out.flush();
            }
        }
        System.exit(0);
    }

    /**
     * @param seed the DAG's seed
     * @param size the DAG's size
     * @return its root task
     */
    public static SoakTask rootOf(long seed, int size) {
        return new SoakTask(SoakDag.of(seed, size).root(), seed, size);
    }
}
