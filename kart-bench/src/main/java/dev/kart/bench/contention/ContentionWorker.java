package dev.kart.bench.contention;

import dev.kart.bench.process.NodeArguments;
import dev.kart.bench.process.NodeRuntime;
import dev.kart.core.Kart;
import dev.kart.core.BuildReport;
import dev.kart.core.TaskState;
import dev.kart.core.BuildOptions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One node of the contention scenarios: a JVM that builds {@link ContendedGather} against a shared
 * workspace and a Redis lock backend, as {@code kart run} on one machine of a cluster would, and
 * exits. Arguments are {@code key=value}: {@code host}, {@code port}, {@code workspace},
 * {@code prefix}, {@code policy} (fail, wait or defer), {@code tasks} (0 builds the root alone),
 * {@code sleep-ms}, {@code workers}, {@code retry-count}, {@code retry-delay}; for a Redis Cluster
 * {@code cluster} (empty, or the seed nodes), and for a Sentinel deployment {@code sentinel-master} and
 * {@code sentinel-nodes}, which stand for host and port. Prints one line on
 * stdout, {@code ok SUM RAN} (the root's sum, and how many sleepers this node ran) or
 * {@code failed}, followed by the build's summary; exits 0 or 1.
 */
public final class ContentionWorker {
    private static final List<String> KEYS = Stream.concat(NodeRuntime.KEYS.stream(),
            Stream.of("tasks", "sleep-ms")).toList();

    private ContentionWorker() {
    }

    /**
     * @param args {@code key=value} pairs, every key given
     */
    public static void main(String[] args) {
        int status = 1;
        try {
            Map<String, String> options = NodeArguments.parse(args, KEYS, NodeRuntime.OPTIONAL_KEYS);
            ContendedGather root = ContendedGather.of(Integer.parseInt(options.get("tasks")),
                    Integer.parseInt(options.get("sleep-ms")));
            try (Kart kart = NodeRuntime.open(options)) {
                BuildReport<Long> report = kart.run(root, BuildOptions.defaults());
                if (report.succeeded()) {
                    long ran = report.outcomes().stream()
                            .filter(o -> o.task() instanceof ContendedSleeper && o.state() == TaskState.DONE).count();
                    System.out.println("ok " + report.rootOutput().orElseThrow() + " " + ran);
                    status = 0;
                } else {
                    System.out.println("failed");
                    System.out.println(report.summary());
                }
            }
        } catch (Throwable e) {
            System.out.println("failed");
            e.printStackTrace(System.out);
        }
        System.out.flush();
        // Redis client and pool threads are daemons, but the exit must not wait for any thread
        System.exit(status);
    }
}
