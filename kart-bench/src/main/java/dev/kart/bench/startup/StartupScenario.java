package dev.kart.bench.startup;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.measure.Samples;
import dev.kart.bench.measure.TempDirectories;
import dev.kart.bench.process.GokartBaseline;
import dev.kart.bench.process.LauncherCheckout;
import dev.kart.bench.startup.TimedCommand.Run;
import dev.kart.test.support.redis.LocalRedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code startup-run}: what a user waits for when the answer is in the cache. The README's example,
 * {@code bin/kart run books.BookReport --classpath kart-examples/target/kart-examples.jar}, is run once
 * to compute its outputs and leave {@code bin/kart}'s class-data archive; then, round after round,
 * the same cached run with the short task name, with the fully qualified name
 * ({@code dev.kart.examples.books.BookReport}), the same cached run on the Redis lock backend (with
 * {@code --redis-host} and {@code --redis-port} of a redis-server the scenario starts, mapping the archive that the
 * in-memory first run recorded, as a user who tried the example and then configured Redis runs it), {@code bin/kart
 * tree books.BookReport}, the other
 * commands a user types often ({@code bin/kart clean books.BookReport}, a dry run; {@code bin/kart
 * locks} against that redis-server; the cached run with {@code --json};
 * {@code bin/kart info books.BookReport}), the whole example computed again ({@code run
 * --rerun-all}, its 188 tasks), and the baseline: a JVM of the same java that prints one line
 * ({@link Hello}). They take turns, the order rotating every round, so that a busy moment of the
 * machine falls on all of them. Each is
 * timed from process start to exit (wall) and by {@code /usr/bin/time} (user + system CPU of the
 * launcher script and the JVM). One more run of the cached run with the short and with the fully
 * qualified name, with {@code -Xlog:class+load}, counts the classes it loads, by library.
 *
 * <p>The checkout measured is the one this scenario runs from (its {@code bin/kart},
 * {@code kart-cli/target/kart.jar}, {@code kart-examples/target/kart-examples.jar}), or another one
 * given with {@value #CHECKOUT_PROPERTY}, so that two builds can be compared with the same
 * scenario; the java is this JVM's, or {@value #JAVA_PROPERTY}. The archive and the workspace are
 * the scenario's own (in {@code java.io.tmpdir}), not the user's {@code ~/.cache/kart}.
 *
 * <p>With {@value GokartBaseline#PYTHON_PROPERTY} set ({@link GokartBaseline}), one more command
 * takes its turn in every round: {@code python -c 'import gokart'}, the start-up issue 14 compares
 * with.
 *
 * <p>Targets (issue 14, Java 17): at most {@value #TARGET_WALL_SECONDS} s wall and
 * {@value #TARGET_CPU_SECONDS} CPU-s for the short name ("about 2× faster than importing gokart",
 * 0.59 s when the issue was written) and, when gokart is measured, at most
 * {@value #TARGET_TO_GOKART} × its import in wall and in CPU time ({@code short_to_gokart_wall} and
 * {@code short_to_gokart_cpu}, the medians of the rounds' ratios), so that a faster machine does not
 * meet the target alone; and a short name as fast as a fully qualified one ({@code short_to_fq}, the
 * median of the rounds' ratios, about 1).
 */
public final class StartupScenario implements Scenario {
    /** A checkout to measure instead of this one: its root directory. */
    public static final String CHECKOUT_PROPERTY = "kart.bench.startup.checkout";
    /** The java to run {@code bin/kart} and the baseline with (its path), instead of this JVM's. */
    public static final String JAVA_PROPERTY = "kart.bench.startup.java";
    /** The target for the wall time of a cached run, in seconds. */
    public static final double TARGET_WALL_SECONDS = 0.30;
    /** The target for the CPU time of a cached run, in seconds. */
    public static final double TARGET_CPU_SECONDS = 0.35;
    /** The target for a cached run's wall and CPU time over {@code import gokart}'s, in the same rounds. */
    public static final double TARGET_TO_GOKART = 0.5;

    private static final String SHORT = "books.BookReport";
    private static final String QUALIFIED = "dev.kart.examples.books.BookReport";

    private final String name;
    private final int warmups;
    private final int rounds;

    /**
     * @param name the scenario's name
     * @param warmups untimed rounds first
     * @param rounds timed rounds; medians are reported
     */
    public StartupScenario(String name, int warmups, int rounds) {
        this.name = name;
        this.warmups = warmups;
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "a cached bin/kart run of the README's example (short and fully qualified task name), bin/kart tree, clean,"
                + " locks and run --rerun-all, wall and CPU time and classes loaded, against a JVM printing one line and,"
                + " with -D" + GokartBaseline.PYTHON_PROPERTY + "=PYTHON, python -c 'import gokart'";
    }

    @Override
    public Result run() {
        LauncherCheckout checkout = checkout();
        Path launcher = checkout.existing("bin/kart");
        Path jar = checkout.existing("kart-cli/target/kart.jar");
        Path examples = checkout.existing("kart-examples/target/kart-examples.jar");
        String java = System.getProperty(JAVA_PROPERTY, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try (TempDirectories.Batch batch = TempDirectories.batch(name); LocalRedisServer redis = LocalRedisServer.start()) {
            Path work = batch.create("work");
            Path archives = work.resolve("cds");
            Map<String, String> environment = launcherEnvironment(java, jar, archives);
            Measured hello = new Measured("baseline", new TimedCommand(List.of(java, "-cp", LauncherCheckout.benchCodeSource(), Hello.class.getName()),
                    work, environment), out -> out.startsWith("hello "));
            Measured shortName = kart(launcher, environment, work, "run", SHORT, examples);
            Measured qualified = kart(launcher, environment, work, "run", QUALIFIED, examples);
            Measured tree = new Measured("tree", new TimedCommand(List.of("bash", launcher.toString(), "tree", SHORT,
                    "--classpath", examples.toString()), work, environment), out -> out.contains("BookReport"));
            Measured clean = new Measured("clean", new TimedCommand(List.of("bash", launcher.toString(), "clean", SHORT,
                    "--classpath", examples.toString()), work, environment), out -> out.contains("Nothing to clean."));
            Measured locks = new Measured("locks", new TimedCommand(List.of("bash", launcher.toString(), "locks",
                    "--redis-host", redis.host(), "--redis-port", Integer.toString(redis.port())), work, environment),
                    out -> out.contains("No locks held"));
            // the same cached run on the Redis lock backend, mapping the archive the in-memory first run recorded, as
            // a user who tried the README's example and then configured Redis runs it
            Measured onRedis = new Measured("run on Redis", new TimedCommand(List.of("bash", launcher.toString(), "run",
                    SHORT, "--classpath", examples.toString(), "--redis-host", redis.host(), "--redis-port",
                    Integer.toString(redis.port())), work, environment),
                    out -> out.contains("* 1 was already complete:") && !out.contains("ran successfully"));
            Measured json = new Measured("run --json", new TimedCommand(List.of("bash", launcher.toString(), "run", SHORT,
                    "--json", "--classpath", examples.toString()), work, environment),
                    out -> out.contains("\"schemaVersion\"") && out.contains("\"state\" : \"ALREADY_COMPLETE\"")
                            && out.contains("\"DONE\" : 0"));
            Measured info = new Measured("info", new TimedCommand(List.of("bash", launcher.toString(), "info", SHORT,
                    "--classpath", examples.toString()), work, environment), out -> out.contains("complete    yes"));
            Measured rerunAll = new Measured("run --rerun-all", new TimedCommand(List.of("bash", launcher.toString(), "run",
                    SHORT, "--rerun-all", "--no-progress", "--classpath", examples.toString()), work, environment),
                    out -> out.contains("* 188 ran successfully"));

            Optional<GokartBaseline> gokart = GokartBaseline.configured();
            Optional<Measured> gokartImport = gokart.map(baseline -> new Measured("python -c 'import gokart'",
                    new TimedCommand(baseline.importCommand(), work, baseline.environment()), out -> true));

            Run cold = new TimedCommand(List.of("bash", launcher.toString(), "run", SHORT, "--classpath",
                    examples.toString()), work, environment).run(Map.of());
            check("the first run", cold, out -> out.contains("This build succeeded"));
            boolean cds = LauncherCheckout.hasArchive(archives);
            List<Measured> all = new ArrayList<>(List.of(hello, shortName, qualified, onRedis, tree, clean, locks, json, info,
                    rerunAll));
            gokartImport.ifPresent(all::add);
            for (int round = 0; round < warmups + rounds; round++) {
                boolean timed = round >= warmups;
                for (int i = 0; i < all.size(); i++) {
                    all.get((round + i) % all.size()).measure(timed);
                }
            }
            LoadedClasses shortClasses = shortName.classes(work.resolve("classes-short.log"));
            LoadedClasses qualifiedClasses = qualified.classes(work.resolve("classes-fq.log"));

            Samples shortWall = shortName.wall();
            Samples shortCpu = shortName.cpu();
            Result result = Result.of(name)
                    .with("java", hello.lastOut().strip().substring("hello ".length()))
                    .withVerdict("cds", cds)
                    .with("baseline_wall_s", hello.wall().median())
                    .with("baseline_cpu_s", hello.cpu().median())
                    .with("short_wall_s", shortWall.median())
                    .with("short_cpu_s", shortCpu.median())
                    .with("fq_wall_s", qualified.wall().median())
                    .with("fq_cpu_s", qualified.cpu().median())
                    .with("redis_wall_s", onRedis.wall().median())
                    .with("redis_cpu_s", onRedis.cpu().median())
                    .with("tree_wall_s", tree.wall().median())
                    .with("tree_cpu_s", tree.cpu().median())
                    .with("clean_wall_s", clean.wall().median())
                    .with("clean_cpu_s", clean.cpu().median())
                    .with("locks_wall_s", locks.wall().median())
                    .with("locks_cpu_s", locks.cpu().median())
                    .with("json_wall_s", json.wall().median())
                    .with("json_cpu_s", json.cpu().median())
                    .with("info_wall_s", info.wall().median())
                    .with("info_cpu_s", info.cpu().median())
                    .with("rerun_all_wall_s", rerunAll.wall().median())
                    .with("rerun_all_cpu_s", rerunAll.cpu().median())
                    .with("short_wall_ratio", ratios(shortName.walls, hello.walls).median())
                    .with("short_cpu_ratio", ratios(shortName.cpus, hello.cpus).median())
                    .with("short_to_fq", ratios(shortName.walls, qualified.walls).median())
                    .with("short_wall_min_s", shortWall.min())
                    .with("short_wall_max_s", shortWall.max())
                    .with("classes_short", shortClasses.total())
                    .with("classes_fq", qualifiedClasses.total());
            for (String key : LoadedClasses.keys()) {
                result = result.with(key, shortClasses.byGroup().get(key));
            }
            boolean met = shortWall.median() <= TARGET_WALL_SECONDS && shortCpu.median() <= TARGET_CPU_SECONDS;
            if (gokartImport.isPresent()) {
                Measured importing = gokartImport.get();
                double toGokartWall = ratios(shortName.walls, importing.walls).median();
                double toGokartCpu = ratios(shortName.cpus, importing.cpus).median();
                result = result.with("gokart", "measured")
                        .with("gokart_import_wall_s", importing.wall().median())
                        .with("gokart_import_cpu_s", importing.cpu().median())
                        .with("short_to_gokart_wall", toGokartWall)
                        .with("short_to_gokart_cpu", toGokartCpu)
                        .with("target_to_gokart", TARGET_TO_GOKART);
                met = met && toGokartWall <= TARGET_TO_GOKART && toGokartCpu <= TARGET_TO_GOKART;
            } else {
                result = result.with("gokart", "none");
            }
            return result
                    .with("target_wall_s", TARGET_WALL_SECONDS)
                    .with("target_cpu_s", TARGET_CPU_SECONDS)
                    .withVerdict("met", met)
                    .with("reps", shortWall.count());
        }
    }

    private static Measured kart(Path launcher, Map<String, String> environment, Path work, String command, String task,
            Path examples) {
        return new Measured(command + " " + task, new TimedCommand(List.of("bash", launcher.toString(), command, task,
                "--classpath", examples.toString()), work, environment),
                out -> out.contains("* 1 was already complete:") && !out.contains("ran successfully"));
    }

    /** @return the per-round ratios of two series measured in the same rounds */
    private static Samples ratios(List<Double> measured, List<Double> baseline) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            ratios.add(measured.get(i) / baseline.get(i));
        }
        return Samples.of(ratios);
    }

    private static void check(String what, Run run, Predicate<String> expected) {
        if (run.exitCode() != 0 || !expected.test(run.out())) {
            throw new IllegalStateException(what + " did not do what the scenario measures: exit code " + run.exitCode()
                    + "\n--- stdout:\n" + run.out() + "--- stderr:\n" + run.err());
        }
    }

    /**
     * @param java the java {@code bin/kart} runs
     * @param jar the runnable jar it runs
     * @param archives where it keeps its class-data archives
     * @return the environment of a {@code bin/kart} command the scenario times: these three, and none of the variables
     *     of the user running the bench that would change what {@code bin/kart} does ({@code JAVA_HOME},
     *     {@code JAVA_OPTS}, {@code KART_CDS}, {@code KART_WORKSPACE}; a {@code null} value removes one)
     */
    static Map<String, String> launcherEnvironment(String java, Path jar, Path archives) {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA", java);
        environment.put("KART_JAR", jar.toString());
        environment.put("KART_CDS_DIR", archives.toString());
        environment.put("JAVA_HOME", null);
        environment.put("JAVA_OPTS", null);
        environment.put("KART_CDS", null);
        environment.put("KART_WORKSPACE", null);
        return environment;
    }

    /** @return the checkout to measure: {@value #CHECKOUT_PROPERTY}, or the one holding this class's jar */
    static LauncherCheckout checkout() {
        String given = System.getProperty(CHECKOUT_PROPERTY);
        return given != null && !given.isBlank() ? LauncherCheckout.at(Path.of(given)) : LauncherCheckout.ofBench();
    }

    /** One of the commands of a round, with its measurements. Not thread-safe. */
    private static final class Measured {
        private final String what;
        private final TimedCommand command;
        private final Predicate<String> expected;
        private final List<Double> walls = new ArrayList<>();
        private final List<Double> cpus = new ArrayList<>();
        private String lastOut = "";

        Measured(String what, TimedCommand command, Predicate<String> expected) {
            this.what = what;
            this.command = command;
            this.expected = expected;
        }

        void measure(boolean timed) {
            Run run = command.run(Map.of());
            check(what, run, expected);
            lastOut = run.out();
            if (timed) {
                walls.add(run.wallSeconds());
                cpus.add(run.cpuSeconds());
            }
        }

        LoadedClasses classes(Path log) {
            Run run = command.run(Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + log));
            check(what + " with -Xlog:class+load", run, expected);
            return LoadedClasses.read(log);
        }

        Samples wall() {
            return Samples.of(walls);
        }

        Samples cpu() {
            return Samples.of(cpus);
        }

        String lastOut() {
            return lastOut;
        }
    }
}
