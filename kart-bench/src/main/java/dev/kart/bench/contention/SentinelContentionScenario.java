package dev.kart.bench.contention;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.bench.process.ClassDataArchive;
import dev.kart.task.CollisionPolicy;
import dev.kart.test.support.redis.LocalRedisSentinel;
import dev.kart.test.support.redis.LocalRedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code contention-redis-sentinel}: the 40-task, 4-process round of {@code contention-redis-defer}
 * ({@link ContentionScenario}) with the nodes connecting through the three sentinels of a local
 * Sentinel deployment ({@link LocalRedisSentinel}: a primary and two replicas) instead of to one
 * redis-server, and the same round against one redis-server, alternating in the same run so that both
 * see the same machine. Reported: the Sentinel rounds' median seconds and their ratio to the
 * single-server rounds' median. Target: executions = 40 in every Sentinel round and a ratio of at
 * most {@value #TARGET_RATIO}: finding the primary through the sentinels and replicating every lock
 * write to two replicas costs little beside the tasks' work.
 */
public final class SentinelContentionScenario implements Scenario {
    /** The largest allowed ratio of the Sentinel rounds' seconds to the single server's. */
    public static final double TARGET_RATIO = 1.2;
    private final String name;
    private final ContentionScenario rounds;
    private final int tasks;
    private final int warmups;
    private final int repetitions;

    /**
     * @param name the scenario's name
     * @param processes how many node JVMs build at once
     * @param tasks how many sleepers
     * @param sleepMillis how long each sleeps
     * @param warmups untimed rounds of each deployment first
     * @param repetitions timed rounds of each; the medians are reported
     */
    public SentinelContentionScenario(String name, int processes, int tasks, int sleepMillis, int warmups, int repetitions) {
        this.name = name;
        this.rounds = new ContentionScenario(name, CollisionPolicy.DEFER, processes, tasks, sleepMillis, 0, 1);
        this.tasks = tasks;
        this.warmups = warmups;
        this.repetitions = repetitions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        String round = rounds.description();
        return round.substring(0, round.indexOf(", vs ")).replace("against one redis-server", "through the sentinels of a"
                + " primary with two replicas") + "; vs the same against one redis-server in the same run";
    }

    @Override
    public Result run() throws Exception {
        try (LocalRedisServer single = LocalRedisServer.start(); LocalRedisSentinel sentinel = LocalRedisSentinel.start();
                TempDirectories.Batch directories = TempDirectories.batch(name)) {
            List<String> toSingle = List.of("host=" + single.host(), "port=" + single.port());
            // host and port are required by the node's arguments, and unused beside the sentinels
            List<String> toSentinels = List.of("host=" + sentinel.host(), "port=1",
                    "sentinel-master=" + sentinel.masterName(), "sentinel-nodes=" + String.join(",", sentinel.sentinelNodes()));
            ClassDataArchive archive = ClassDataArchive.in(directories.create("cds"));
            if (archive.enabled()) {
                rounds.startupSeconds(toSingle, archive.writingOptions(), directories.create("cds-training"));
                archive.keepWritten();
            }
            for (int i = 0; i < warmups; i++) {
                rounds.round(toSingle, archive.jvmOptions(), directories.create("warm-single"));
                rounds.round(toSentinels, archive.jvmOptions(), directories.create("warm-sentinel"));
            }
            Samples.Recorder singleSeconds = new Samples.Recorder();
            Samples.Recorder sentinelSeconds = new Samples.Recorder();
            List<Integer> executions = new ArrayList<>();
            String ranPerNode = "";
            for (int i = 0; i < repetitions; i++) {
                Path singleRound = directories.create("single");
                singleSeconds.add(rounds.round(toSingle, archive.jvmOptions(), singleRound).seconds());
                ContentionScenario.Round round = rounds.round(toSentinels, archive.jvmOptions(), directories.create("sentinel"));
                sentinelSeconds.add(round.seconds());
                executions.add(round.executions());
                ranPerNode = round.ranPerNode();
            }
            double median = sentinelSeconds.samples().median();
            double singleMedian = singleSeconds.samples().median();
            int most = executions.stream().mapToInt(Integer::intValue).max().orElse(0);
            int least = executions.stream().mapToInt(Integer::intValue).min().orElse(0);
            return Result.of(name)
                    .with("policy", "defer")
                    .with("tasks", tasks)
                    .with("executions", most)
                    .with("executions_min", least)
                    .with("seconds", median)
                    .with("single_seconds", singleMedian)
                    .with("ratio", median / singleMedian)
                    .with("target_ratio", TARGET_RATIO)
                    .withVerdict("met", most == tasks && least == tasks && median <= TARGET_RATIO * singleMedian)
                    .with("seconds_min", sentinelSeconds.samples().min())
                    .with("seconds_max", sentinelSeconds.samples().max())
                    .with("ran_per_node", ranPerNode)
                    .with("replicas", 2)
                    .with("sentinels", 3)
                    .with("cds", archive.used() ? "yes" : "no")
                    .with("reps", repetitions);
        }
    }
}
