package dev.kart.bench.s3;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.dag.FanInBuilds;
import dev.kart.bench.dag.Leaf;
import dev.kart.bench.measure.Samples;
import dev.kart.core.Kart;
import dev.kart.test.support.s3.AtomicS3Server.RequestKind;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code dag-cold-1k-s3}: a root over N trivial leaves ({@link FanInBuilds}: 2 workers, durable off,
 * the in-memory lock backend) built in an empty {@code s3://} workspace on an in-process
 * {@link dev.kart.test.support.s3.AtomicS3Server}, against the baseline of a raw SDK
 * {@code PutObject} followed by a {@code HeadObject} of a leaf's bytes, one after the other, with
 * a client configured as kart's, right after each build. Target: per task at most 2 times that.
 * The server's request counts of one build are reported per kind, so the figure explains itself.
 */
public final class DagColdS3Scenario implements Scenario {
    /** The largest allowed ratio of per-task time to one baseline PUT and HEAD. */
    public static final double TARGET_RATIO = 2.0;

    private final String name;
    private final int leaves;
    private final int warmups;
    private final int repetitions;

    /**
     * @param name the scenario's name
     * @param leaves how many leaves the root depends on (also how many baseline PUT + HEAD pairs are timed)
     * @param warmups untimed rounds first, for the JIT
     * @param repetitions timed rounds; the medians are reported
     */
    public DagColdS3Scenario(String name, int leaves, int warmups, int repetitions) {
        this.name = name;
        this.leaves = leaves;
        this.warmups = warmups;
        this.repetitions = repetitions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "cold build of a root over " + leaves + " trivial tasks into an s3:// workspace (in-process S3 server),"
                + " vs a raw PutObject + HeadObject";
    }

    @Override
    public Result run() {
        FanInBuilds builds = new FanInBuilds(leaves);
        Samples.Recorder perTask = new Samples.Recorder();
        Samples.Recorder baseline = new Samples.Recorder();
        Samples.Recorder ratios = new Samples.Recorder();
        Map<RequestKind, Long> requests = Map.of();
        try (S3Bench s3 = S3Bench.start(); S3Client raw = s3.rawClient()) {
            for (int round = -warmups; round < repetitions; round++) {
                String prefix = "cold-" + (round + warmups);
                Map<RequestKind, Long> before = s3.counts();
                double micros;
                String leafPath;
                try (Kart kart = s3.runtime(prefix, FanInBuilds.WORKERS)) {
                    micros = builds.timed(kart, builds.tasks(), leaves) * 1e6 / builds.tasks();
                    leafPath = kart.outputs(new Leaf(0)).get(0).relativePath();
                }
                Map<RequestKind, Long> build = s3.since(before);
                byte[] bytes = s3.server().content(S3Bench.BUCKET, prefix + "/" + leafPath);
                if (bytes == null) {
                    throw new IllegalStateException("the build published no object at " + prefix + "/" + leafPath);
                }
                String directory = prefix + "-baseline/" + leafPath.substring(0, leafPath.lastIndexOf('/') + 1);
                double base = putAndHeadMicros(raw, directory, bytes);
                if (round >= 0) {
                    perTask.add(micros);
                    baseline.add(base);
                    ratios.add(micros / base);
                    requests = build;
                }
            }
        }
        Samples build = perTask.samples();
        double ratio = ratios.samples().median();
        return Result.of(name)
                .with("tasks", builds.tasks())
                .with("seconds", build.median() * builds.tasks() / 1e6)
                .with("per_task_us", build.median())
                .with("put_head_baseline_us", baseline.samples().median())
                .with("ratio", ratio)
                .with("target_ratio", TARGET_RATIO)
                .withVerdict("met", ratio <= TARGET_RATIO)
                .with("ratio_min", ratios.samples().min())
                .with("ratio_max", ratios.samples().max())
                .with("head", requests.get(RequestKind.HEAD_OBJECT))
                .with("list", requests.get(RequestKind.LIST_OBJECTS))
                .with("get", requests.get(RequestKind.GET_OBJECT))
                .with("put", requests.get(RequestKind.PUT_OBJECT))
                .with("other", requests.get(RequestKind.OTHER))
                .with("reps", build.count());
    }

    /** @return the mean time of one PutObject and one HeadObject of {@code bytes}, over N new keys in a directory */
    private double putAndHeadMicros(S3Client raw, String directory, byte[] bytes) {
        long start = System.nanoTime();
        for (int i = 0; i < leaves; i++) {
            String key = directory + "Baseline_" + i + ".json";
            raw.putObject(b -> b.bucket(S3Bench.BUCKET).key(key), RequestBody.fromBytes(bytes));
            long size = raw.headObject(b -> b.bucket(S3Bench.BUCKET).key(key)).contentLength();
            if (size != bytes.length) {
                throw new IllegalStateException("the baseline object " + key + " has " + size + " bytes, expected " + bytes.length);
            }
        }
        return (System.nanoTime() - start) / 1e3 / leaves;
    }
}
