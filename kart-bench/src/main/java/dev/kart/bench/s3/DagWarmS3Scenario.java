package dev.kart.bench.s3;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.dag.CountOfLeaves;
import dev.kart.bench.dag.FanInBuilds;
import dev.kart.bench.dag.Leaf;
import dev.kart.bench.measure.Samples;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskState;
import dev.kart.test.support.s3.AtomicS3Server.RequestKind;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * {@code dag-warm-10k-s3}: the warm check of a root over N cached leaves in an {@code s3://}
 * workspace on an in-process {@link dev.kart.test.support.s3.AtomicS3Server}: the root's output is
 * removed and the root ({@link CountOfLeaves}) reads none of its leaves, so each timed build is the
 * check of every leaf's completeness plus the root's own run. Baseline: one raw
 * {@code ListObjectsV2} page of (up to) 1,000 of the leaves' keys, with a client configured as
 * kart's, timed in the same run. Target: the build at most 3 times one page per 1,000 leaves. The
 * server's request counts of one warm build are reported per kind.
 */
public final class DagWarmS3Scenario implements Scenario {
    /** The largest allowed ratio of the warm build to one LIST page per 1,000 leaves. */
    public static final double TARGET_RATIO = 3.0;
    private static final int PAGE = 1000;

    private final String name;
    private final int leaves;
    private final int warmups;
    private final int repetitions;

    /**
     * @param name the scenario's name
     * @param leaves how many leaves the root depends on
     * @param warmups untimed rounds first, for the JIT
     * @param repetitions timed rounds; the median is reported
     */
    public DagWarmS3Scenario(String name, int leaves, int warmups, int repetitions) {
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
        return "warm check of " + leaves + " cached tasks in an s3:// workspace (in-process S3 server), vs raw LIST pages";
    }

    @Override
    public Result run() {
        CountOfLeaves root = CountOfLeaves.over(leaves);
        Samples.Recorder warm = new Samples.Recorder();
        Samples.Recorder page = new Samples.Recorder();
        Map<RequestKind, Long> requests = Map.of();
        String leafDirectory;
        try (S3Bench s3 = S3Bench.start(); S3Client raw = s3.rawClient()) {
            // the leaves are cached by a build with more workers: the setup is not measured
            try (Kart setup = s3.runtime("warm", 8)) {
                check(setup.run(root, BuildOptions.defaults()), leaves + 1);
                leafDirectory = "warm/" + dirOf(setup.outputs(new Leaf(0)).get(0).relativePath());
            }
            try (Kart kart = s3.runtime("warm", FanInBuilds.WORKERS)) {
                for (int round = -warmups; round < repetitions; round++) {
                    if (kart.remove(root) != 1) {
                        throw new IllegalStateException("the root's output was expected to exist before each warm build");
                    }
                    Map<RequestKind, Long> before = s3.counts();
                    long start = System.nanoTime();
                    BuildReport<Long> report = kart.run(root, BuildOptions.defaults());
                    double seconds = (System.nanoTime() - start) / 1e9;
                    check(report, 1);
                    if (round >= 0) {
                        warm.add(seconds);
                        requests = s3.since(before);
                    }
                }
            }
            int listed = 0;
            for (int round = -warmups - 5; round < Math.max(repetitions, 10); round++) {
                long start = System.nanoTime();
                ListObjectsV2Response response = raw.listObjectsV2(b -> b.bucket(S3Bench.BUCKET).prefix(leafDirectory).maxKeys(PAGE));
                double seconds = (System.nanoTime() - start) / 1e9;
                listed = response.contents().size();
                if (round >= 0) {
                    page.add(seconds);
                }
            }
            // the leaves and the root's output, published again by the last warm build
            if (listed != Math.min(leaves + 1, PAGE)) {
                throw new IllegalStateException("the baseline LIST of " + leafDirectory + " named " + listed + " keys, expected "
                        + Math.min(leaves + 1, PAGE));
            }
        }
        // what the check lists: the leaves, the root's output being removed
        int pages = (leaves + PAGE - 1) / PAGE;
        Samples build = warm.samples();
        double pageSeconds = page.samples().median();
        double ratio = build.median() / (pages * pageSeconds);
        return Result.of(name)
                .with("tasks", leaves + 1)
                .with("seconds", build.median())
                .with("list_page_ms", pageSeconds * 1e3)
                .with("pages", pages)
                .with("ratio", ratio)
                .with("target_ratio", TARGET_RATIO)
                .withVerdict("met", ratio <= TARGET_RATIO)
                .with("head", requests.get(RequestKind.HEAD_OBJECT))
                .with("list", requests.get(RequestKind.LIST_OBJECTS))
                .with("get", requests.get(RequestKind.GET_OBJECT))
                .with("put", requests.get(RequestKind.PUT_OBJECT))
                .with("other", requests.get(RequestKind.OTHER))
                .with("seconds_min", build.min())
                .with("seconds_max", build.max())
                .with("reps", build.count());
    }

    private void check(BuildReport<Long> report, int expectedRuns) {
        if (!report.succeeded()) {
            throw new IllegalStateException("the benchmark build failed:\n" + report.summary());
        }
        long count = report.rootOutput().orElseThrow(() -> new IllegalStateException("the build returned no count"));
        if (count != leaves) {
            throw new IllegalStateException("the root counted " + count + " leaves, expected " + leaves);
        }
        int runs = report.count(TaskState.DONE);
        if (runs != expectedRuns) {
            throw new IllegalStateException(runs + " tasks ran, expected " + expectedRuns + ":\n" + report.summary());
        }
    }

    private static String dirOf(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }
}
