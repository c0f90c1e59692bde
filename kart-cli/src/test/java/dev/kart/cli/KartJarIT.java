package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kart.test.support.redis.RedisServerExtension;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The runnable jar and the launcher, started as separate processes the way users start them. */
class KartJarIT {
    /** A Redisson logger kart's console shows from WARN up, as every Redis client's but two. */
    private static final String REDISSON_EXECUTOR = "org.redisson.command.RedisExecutor";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path directory;

    @Test
    void runsTheExamplePipelineThenAnswersTheSecondRunFromTheCache() throws Exception {
        Cli.Result first = KartProcess.runJar(directory, "run", "books.BookReport", "--book=PERSUASION", "--workers", "2",
                "--classpath", KartProcess.examplesJar().toString());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Scheduled 77 tasks of which:", "* 77 ran successfully:",
                "This build succeeded", "Output: resources/dev/kart/examples/books/BookReport_");
        assertThat(first.err().lines()).as("the tasks' log lines, and no progress bar when output is not a terminal")
                .isNotEmpty().allMatch(line -> line.startsWith("INFO "));
        Path report = directory.resolve(first.out().lines().filter(line -> line.startsWith("Output: ")).findFirst()
                .orElseThrow().substring("Output: ".length()));
        assertThat(Files.readString(report)).startsWith("Persuasion\n").contains("Most frequent word pairs");

        Cli.Result second = KartProcess.runJar(directory, "run", "books.BookReport", "--book=PERSUASION",
                "--classpath", KartProcess.examplesJar().toString());

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("Scheduled 1 task of which:", "* 1 was already complete:",
                "dev.kart.examples.books.BookReport(book=PERSUASION, top=10, minLength=3)");
    }

    @Test
    void aProcessWhoseResultAnotherPublishedFirstSaysItRanAndItsResultWasDiscarded() throws Exception {
        Path gate = directory.resolve("gate");
        String classpath = KartProcess.tasksClasspath();
        // the loser: no run lock, so both processes run the task; this one returns only once the other published
        ProcessBuilder builder = new ProcessBuilder(KartProcess.java(), "-jar", KartProcess.jar().toString(), "run",
                "fixtures.Raced", "--name=r1", "--gate=" + gate, "--classpath", classpath, "--report", "loser.json")
                .directory(directory.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(directory.resolve("loser.out").toFile()).redirectError(directory.resolve("loser.err").toFile());
        builder.environment().remove("KART_WORKSPACE");
        Process loser = builder.start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!Files.exists(directory.resolve("gate.started"))) {
                assertThat(loser.isAlive()).as("ended before its run() started: %s",
                        Files.readString(directory.resolve("loser.err"))).isTrue();
                assertThat(Instant.now()).as("run() not started").isBefore(deadline);
                Thread.sleep(50);
            }

            Cli.Result winner = KartProcess.runJar(directory, "run", "fixtures.Raced", "--name=r1", "--classpath", classpath);
            assertThat(winner.exitCode()).as(winner.toString()).isZero();
            assertThat(winner.out()).contains("* 1 ran successfully:");
            Files.writeString(gate, "");
            assertThat(loser.waitFor(2, TimeUnit.MINUTES)).as("the loser ended").isTrue();
        } finally {
            loser.destroyForcibly();
        }

        String out = Files.readString(directory.resolve("loser.out"));
        assertThat(loser.exitValue()).as(out).isZero();
        assertThat(out).as(out).contains("* 1 ran here, but another node had published the outputs first (those were"
                + " kept, this run's result discarded):\n    - dev.kart.fixtures.Raced(name=r1")
                .contains("(ran without a run lock: to have one node run each task, mark its class @RunWithLock",
                        "give -D kart.lock.run-all=true")
                .doesNotContain("run by another node").doesNotContain("ran successfully");
        Path output = directory.resolve(out.lines().filter(line -> line.startsWith("Output: ")).findFirst().orElseThrow()
                .substring("Output: ".length()));
        assertThat(output).as("the first published output is kept").hasContent("r1 by the process without a gate");
        assertThat(Files.readString(directory.resolve("loser.json"))).containsPattern("\"foundCompleteAtRun\"\\s*:\\s*true")
                .containsPattern("\"discardedAfterRun\"\\s*:\\s*true");
        Cli.Result info = KartProcess.runJar(directory, "info", "fixtures.Raced", "--name=r1", "--classpath", classpath);
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).as(info.out()).contains("DONE, discarded (another node published first)");
    }

    /** Where luigi reads luigi.cfg, Typesafe Config reads nothing: a user's file there is named, once. */
    /**
     * An environment variable set to {@code ''} (a docker-compose env_file keeps the quotes) is refused naming it, with
     * what its key takes: the key's default, not the variable's own value, says a number.
     */
    @Test
    void anEnvironmentVariableOfTwoSingleQuotesIsRefusedSayingWhatItsKeyTakes() throws Exception {
        List<String> command = List.of(KartProcess.java(), "-jar", KartProcess.jar().toString(), "locks");

        Cli.Result workers = KartProcess.run(directory, Map.of("KART_WORKERS", "''"), command);

        assertThat(workers.exitCode()).as(workers.toString()).isEqualTo(2);
        assertThat(workers.err()).as(workers.toString()).contains("kart: config key 'kart.workers' (environment variable"
                + " KART_WORKERS) is '', the two quote characters, not the empty text; nor does kart.workers take the empty"
                + " text: set it to VALUE, where VALUE is a number");
    }

    @Test
    void anApplicationConfInTheWorkingDirectoryIsWarnedAboutUntilConfigGivesIt() throws Exception {
        Files.writeString(directory.resolve("application.conf"), "kart.workrs = 2\n");

        Cli.Result unread = KartProcess.runJar(directory, "run", "books.BookReport", "--book=PERSUASION", "--classpath",
                KartProcess.examplesJar().toString());
        Cli.Result given = KartProcess.runJar(directory, "run", "books.BookReport", "--book=PERSUASION", "--classpath",
                KartProcess.examplesJar().toString(), "--config", "application.conf");

        assertThat(unread.exitCode()).as(unread.toString()).isZero();
        assertThat(unread.err().lines().filter(line -> line.contains("application.conf"))).as(unread.toString())
                .containsExactly("WARN config: application.conf in the working directory is not read: kart reads"
                        + " application.conf from the class path (a --classpath directory or jar); give it with --config"
                        + " application.conf, or move it into a --classpath directory");
        assertThat(given.exitCode()).as(given.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(given.err()).as(given.toString()).contains("unknown config key 'kart.workrs'", "did you mean 'kart.workers'")
                .doesNotContain("is not read");
        Files.writeString(directory.resolve("other.conf"), "kart.workers = 1\n");
        Cli.Result another = KartProcess.runJar(directory, "run", "books.BookReport", "--book=PERSUASION", "--classpath",
                KartProcess.examplesJar().toString(), "--config", "other.conf");
        assertThat(another.exitCode()).as(another.toString()).isZero();
        assertThat(another.err().lines().filter(line -> line.contains("application.conf"))).as(another.toString())
                .containsExactly("WARN config: application.conf in the working directory is not read: kart reads the class"
                        + " path's application.conf and --config other.conf only; merge it into other.conf, or move it into"
                        + " a --classpath directory");
    }

    @Test
    void theReadmesQuickstartCompilesATaskIndexThatTheShortNameIsFoundInWithoutAScan() throws Exception {
        Path source = Files.createDirectories(directory.resolve("hello")).resolve("Greet.java");
        Files.writeString(source, """
                package hello;

                import dev.kart.task.*;

                @OutputFormat("txt")
                public record Greet(@Default("world") String name) implements Task<String> {
                    public String run(RunContext ctx) {
                        return "Hello, " + name + "!\\n";
                    }
                }
                """);
        // as the README has it: javac -cp kart-cli/target/kart.jar -d hello/classes hello/Greet.java
        Cli.Result javac = KartProcess.run(directory, Map.of(), List.of(KartProcess.javac(), "-cp",
                KartProcess.jar().toString(), "-d", "hello/classes", "hello/Greet.java"));
        List<String> debug = List.of(KartProcess.java(), "-Dkart.log.level=DEBUG", "-jar", KartProcess.jar().toString(),
                "run", "hello.Greet", "--name=kart", "--classpath", "hello/classes");
        Cli.Result run = KartProcess.run(directory, Map.of(), debug);

        assertThat(javac.exitCode()).as(javac.toString()).isZero();
        assertThat(directory.resolve("hello/classes/META-INF/kart/tasks")).content().contains("\nhello.Greet\n");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("* 1 ran successfully:", "hello.Greet(name=kart)");
        assertThat(run.err()).as(run.toString()).doesNotContain("TaskCatalog: scanned");
    }

    @Test
    void aCachedRunLoadsNeitherJacksonNorARedisClientNorTheAwsSdkNorTheClassPathScannerNorGuiceGeneratedClasses() throws Exception {
        // a text output: a cached run reads the root's output, and a JSON one would need Jackson
        List<String> run = List.of("run", "sample.SomeTask", "--name=cached", "--classpath",
                KartProcess.examplesJar().toString());
        Cli.Result cold = KartProcess.runJar(directory, run.toArray(String[]::new));
        Path loaded = directory.resolve("classes.log");
        Cli.Result cached = runLoggingClassLoads(run, loaded);

        assertThat(cold.exitCode()).as(cold.toString()).isZero();
        assertThat(cached.exitCode()).as(cached.toString()).isZero();
        assertThat(cached.out()).contains("* 1 was already complete:");
        List<String> classes = loadedClasses(loaded);
        assertThat(classes).as("classes loaded").contains("dev.kart.cli.task.TaskCatalog")
                // the S3 storage's provider is found (ServiceLoader), but it touches the AWS SDK only when an
                // s3:// workspace is opened
                .noneMatch(name -> name.startsWith("software.amazon.") || name.startsWith("org.apache.hc."))
                .noneMatch(name -> name.startsWith("com.fasterxml.jackson.") || name.startsWith("redis.clients.")
                        || name.startsWith("org.redisson.") || name.startsWith("io.netty.")
                        || name.startsWith("io.github.classgraph.") || name.contains("FastClassByGuice"));
    }

    /**
     * A Redis key set while the in-memory backend is chosen is checked by the Redis provider (docs/configuration.md),
     * which must do it without the client libraries: the in-memory backend's start does not pay for them.
     */
    @Test
    void aRedisKeySetWithTheInMemoryBackendIsCheckedWithoutLoadingARedisClient() throws Exception {
        List<String> run = List.of("run", "sample.SomeTask", "--name=checked", "-D", "kart.lock.backend=in-memory",
                "-D", "kart.lock.redis.port=6380", "--classpath", KartProcess.examplesJar().toString());
        Path loaded = directory.resolve("classes.log");
        Cli.Result result = runLoggingClassLoads(run, loaded);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(loadedClasses(loaded)).as("classes loaded")
                .as("the Redis section was checked").contains("dev.kart.lock.redis.RedisLockSettings")
                .noneMatch(name -> name.startsWith("redis.clients.") || name.startsWith("org.redisson.")
                        || name.startsWith("io.netty."));
    }

    @Test
    void aCachedRunConfiguresItsLoggingWithoutLogbacksXmlConfiguratorOrAnXmlParser() throws Exception {
        List<String> run = List.of("run", "fixtures.Chatty", "--word=cached", "--classpath",
                KartProcess.tasksClasspath());
        Cli.Result cold = KartProcess.runJar(directory, run.toArray(String[]::new));
        Path loaded = directory.resolve("classes.log");
        Cli.Result cached = runLoggingClassLoads(run, loaded);

        assertThat(cold.exitCode()).as(cold.toString()).isZero();
        assertThat(cold.err()).isEqualTo("INFO Chatty: through the run context: cached\n"
                + "INFO Chatty: through its own logger: cached\n");
        assertThat(cached.exitCode()).as(cached.toString()).isZero();
        assertThat(cached.out()).contains("* 1 was already complete:");
        List<String> classes = loadedClasses(loaded);
        // ConsoleAppender names its target with an enum of joran.spi, and logback's start-up declares
        // JoranException: a few classes of that package, not the configurator
        assertThat(classes).as("classes loaded")
                .noneMatch(name -> name.startsWith("ch.qos.logback.core.joran.")
                        && !name.startsWith("ch.qos.logback.core.joran.spi."))
                .noneMatch(name -> name.startsWith("ch.qos.logback.classic.joran.")
                        || name.startsWith("ch.qos.logback.core.model.") || name.startsWith("javax.xml.")
                        || name.startsWith("org.xml.sax.") || name.startsWith("com.sun.org.apache.xerces.")
                        || name.startsWith("jdk.xml."))
                .contains("dev.kart.cli.ConsoleLoggingProvider", "dev.kart.cli.ConsoleConfigurator",
                        "ch.qos.logback.core.ConsoleAppender")
                .as("logback's own provider and auto-configuration, which kart's provider replaces")
                .doesNotContain("ch.qos.logback.classic.spi.LogbackServiceProvider",
                        "ch.qos.logback.classic.util.ContextInitializer");
    }

    @Test
    void theJarHoldsEveryModulesReferenceConfMergedWithoutItsComments() throws Exception {
        String inJar;
        try (ZipFile jar = new ZipFile(KartProcess.jar().toFile())) {
            ZipEntry entry = jar.getEntry("reference.conf");
            assertThat(entry).as("reference.conf in " + KartProcess.jar()).isNotNull();
            inJar = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        }
        // the modules' commented files, as this test's class path has them (kart-core, the lock backends, S3)
        Config modules = ConfigFactory.parseResources(getClass().getClassLoader(), "reference.conf").resolve();

        assertThat(inJar).as("the jar's reference.conf").doesNotContain("#")
                .contains("${?KART_WORKSPACE}", "${?KART_REDIS_HOST}", "${kart.durable}");
        assertThat(modules.hasPath("kart.lock.redis.port")).isTrue();
        assertThat(modules.hasPath("kart.storage.s3.part-size")).isTrue();
        assertThat(ConfigFactory.parseString(inJar).resolve()).isEqualTo(modules);
    }

    @Test
    void aFailingTaskExitsWithOneAndTheSummaryNamesTheCause() throws Exception {
        Cli.Result result = KartProcess.runJar(directory, "run", "fixtures.Fails", "--reason=the disk is on fire",
                "--classpath", KartProcess.tasksClasspath());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("* 1 failed:", "dev.kart.fixtures.Fails(",
                "IllegalStateException: the disk is on fire", "This build failed");
    }

    @Test
    void aFailureWithCausesIsOneLinePointingToItsTaskInfoAndVerboseShowsTheWholeTrace() throws Exception {
        Cli.Result brief = KartProcess.runJar(directory, "run", "fixtures.FailsWithCause", "--classpath",
                KartProcess.tasksClasspath());
        Cli.Result verbose = KartProcess.runJar(directory, "run", "fixtures.FailsWithCause", "--classpath",
                KartProcess.tasksClasspath(), "-v");

        assertThat(brief.exitCode()).as(brief.toString()).isEqualTo(1);
        assertThat(brief.out()).as(brief.toString()).containsPattern("\n    - dev\\.kart\\.fixtures\\.FailsWithCause\\([^\n]+"
                + " after 1 attempt: IOException: disk quota exceeded \\(cannot write the report\\) \\(at"
                + " dev\\.kart\\.fixtures\\.FailsWithCause\\.run\\(FailsWithCause\\.java:19\\)\\)\n      task info, with"
                + " every attempt's stack trace: resources/log/dev/kart/fixtures/FailsWithCause_[0-9a-f]{32}\\.json\n");
        assertThat(brief.err()).as(brief.toString()).doesNotContain("\tat ", "Caused by");
        assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(1);
        assertThat(verbose.err()).as(verbose.toString()).contains("attempt 1 of 1 failed:\n"
                + "java.lang.IllegalStateException: cannot write the report\n\tat ",
                "Caused by: java.io.UncheckedIOException: writing report.csv",
                "Caused by: java.io.IOException: disk quota exceeded");
    }

    /** An attempt that failed and will be retried says so at once, also with --quiet: the retry delay does not look like a hang. */
    @Test
    void aFailedAttemptThatWillBeRetriedIsAWarningNamingTheTaskTheCauseAndTheDelay() throws Exception {
        Cli.Result result = KartProcess.runJar(directory, "run", "fixtures.FailsWithCause", "--classpath",
                KartProcess.tasksClasspath(), "-D", "kart.retry.count=1", "-D", "kart.retry.delay=2s", "--quiet");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).as(result.toString()).containsPattern("(?m)^WARN retry: dev\\.kart\\.fixtures\\."
                + "FailsWithCause\\(reason=disk quota exceeded\\)\\[[0-9a-f]{32}\\] attempt 1 of 2 failed: IOException: disk"
                + " quota exceeded \\(cannot write the report\\); retrying in 2s$");
        assertThat(result.err()).as("only the attempt that is retried").doesNotContain("attempt 2 of 2 failed")
                .doesNotContain("\tat ");
    }

    /** As a Redis client logs an error while Redis is down: one line, its cause at the end, the trace with -v. */
    @Test
    void aLibrarysErrorWithAStackTraceIsOneLineUnlessVerbose() throws Exception {
        Cli.Result brief = KartProcess.runJar(directory, "run", "fixtures.LogsLibraryError", "--lock=kart:run:ab",
                "--logger=" + REDISSON_EXECUTOR, "--classpath", KartProcess.tasksClasspath());
        Cli.Result verbose = KartProcess.runJar(directory, "run", "fixtures.LogsLibraryError", "--lock=kart:run:cd",
                "--logger=" + REDISSON_EXECUTOR, "--classpath", KartProcess.tasksClasspath(), "--verbose");

        assertThat(brief.exitCode()).as(brief.toString()).isZero();
        assertThat(brief.err().lines()).as(brief.toString()).containsExactly("ERROR RedisExecutor: Can't update locks"
                + " kart:run:ab expiration: ConnectException: Connection refused: 127.0.0.1/127.0.0.1:6391");
        assertThat(verbose.exitCode()).as(verbose.toString()).isZero();
        assertThat(verbose.err()).as(verbose.toString()).startsWith("ERROR RedisExecutor: Can't update locks kart:run:cd"
                + " expiration\njava.lang.IllegalStateException: Unable to connect to Redis server: 127.0.0.1/127.0.0.1:6391\n"
                + "\tat ").contains("Caused by: java.net.ConnectException: Connection refused: 127.0.0.1/127.0.0.1:6391");
    }

    /**
     * Redisson's failed lease renewal while Redis is down: kart's lease keeper warns of the lease in its own words,
     * so Redisson's ERROR with its trace shows only when DEBUG is asked for.
     */
    @Test
    void redissonsRenewalErrorShowsOnlyAtDebug() throws Exception {
        Cli.Result quiet = KartProcess.runJar(directory, "run", "fixtures.LogsLibraryError", "--lock=kart:run:ef",
                "--logger=org.redisson.renewal.RenewalTask", "--classpath", KartProcess.tasksClasspath());
        Cli.Result debug = KartProcess.runJar(directory, "run", "fixtures.LogsLibraryError", "--lock=kart:run:gh",
                "--logger=org.redisson.renewal.RenewalTask", "--classpath", KartProcess.tasksClasspath(), "-D",
                "kart.log.level=DEBUG");

        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).as(quiet.toString()).doesNotContain("Can't update locks");
        assertThat(debug.exitCode()).as(debug.toString()).isZero();
        assertThat(debug.err()).as(debug.toString()).contains("ERROR RenewalTask: Can't update locks kart:run:gh"
                + " expiration: ConnectException: Connection refused: 127.0.0.1/127.0.0.1:6391");
    }

    @Test
    void redissonWithoutRedisIsOneLineEndingWithTheCauseAndVerboseAddsTheTrace() throws Exception {
        int port = freePort();
        String[] args = {"run", "sample.SomeTask", "--redis-host=127.0.0.1", "--redis-port=" + port, "-D",
            "kart.lock.redis.client=redisson", "--classpath", KartProcess.examplesJar().toString()};

        Cli.Result brief = KartProcess.runJar(directory, args);
        Cli.Result verbose = KartProcess.runJar(directory, java.util.stream.Stream.concat(
                java.util.Arrays.stream(args), java.util.stream.Stream.of("-v")).toArray(String[]::new));

        assertThat(brief.exitCode()).as(brief.toString()).isEqualTo(ExitCodes.LOCK_BACKEND);
        assertThat(brief.err().lines()).as(brief.toString()).containsExactly("kart: Redis lock backend (redisson): cannot"
                + " connect to Redis at 127.0.0.1:" + port + ", the connection was refused; check kart.lock.redis.host/port"
                + " and that redis-server runs there and accepts connections from this machine: Connection refused");
        assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(ExitCodes.LOCK_BACKEND);
        assertThat(verbose.err()).as(verbose.toString()).startsWith(brief.err().lines().findFirst().orElseThrow()
                + "\ndev.kart.lock.LockException: Redis lock backend (redisson): cannot connect").contains("\tat ",
                "Caused by: org.redisson.client.RedisConnectionException: ", "Connection refused");
    }

    /**
     * An HTTP server on Redis's port: one line for both bindings, without the Netty channel details Redisson's
     * handlers log for each reply they cannot decode.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jedis", "redisson"})
    void aServerThatDoesNotSpeakRedisIsOneLine(String client) throws Exception {
        try (ServerSocket web = new ServerSocket(0)) {
            Thread answering = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket socket = web.accept();
                        socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "not-redis");
            answering.setDaemon(true);
            answering.start();

            Cli.Result result = KartProcess.runJar(directory, "run", "sample.SomeTask", "--redis-host", "localhost",
                    "--redis-port", String.valueOf(web.getLocalPort()), "-D", "kart.lock.redis.client=" + client,
                    "--classpath", KartProcess.examplesJar().toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.LOCK_BACKEND);
            assertThat(result.err().lines()).as(result.toString()).singleElement().asString()
                    .startsWith("kart: Redis lock backend (" + client + "): cannot connect to Redis at localhost:"
                            + web.getLocalPort() + ", what answers there does not speak Redis's protocol");
        }
    }

    @Test
    void aBadParameterValueExitsWithTwoNamingParameterValueAndType() throws Exception {
        Cli.Result result = KartProcess.runJar(directory, "run", "books.BookReport", "--top=ten",
                "--classpath", KartProcess.examplesJar().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("parameter 'top'", "'ten'", "int");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnknownTaskExitsWithTwoListingTheClosestKnownTasks() throws Exception {
        Cli.Result result = KartProcess.runJar(directory, "run", "books.BookRepot",
                "--classpath", KartProcess.examplesJar().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("unknown task 'books.BookRepot'. Closest known task:\n"
                + "  books.BookReport  (dev.kart.examples.books.BookReport)\n11 tasks are known;");
    }

    @Test
    void aBadConfigurationExitsWithTwoNamingTheKey() throws Exception {
        Path config = Files.writeString(directory.resolve("kart.conf"), "kart {\n  workrs = 4\n}\n");

        Cli.Result result = KartProcess.runJar(directory, "run", "sample.SomeTask", "--config", config.toString(),
                "--classpath", KartProcess.examplesJar().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("unknown config key 'kart.workrs'", "kart.conf", "did you mean 'kart.workers'?");
    }

    @Test
    void aRedisPortWithoutAHostIsOneLineNamingTheKeyAndTheMissingOptionAndExitsWithTwo() throws Exception {
        Cli.Result result = KartProcess.runJar(directory, "run", "sample.SomeTask", "--redis-port=6420",
                "--classpath", KartProcess.examplesJar().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().lines()).as(result.toString()).containsExactly(
                "kart: --redis-port needs --redis-host beside it, such as --redis-host=localhost --redis-port=6420 (config"
                        + " key 'kart.lock.redis.host' is empty, expected the Redis server's host name (or set"
                        + " kart.lock.redis.url, or kart.lock.redis.sentinel, or kart.lock.redis.cluster.nodes for a Redis Cluster, or"
                        + " kart.lock.redis.redisson-config for the Redisson binding))");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnreachableRedisExitsWithThreeNamingHostAndPort() throws Exception {
        int port = freePort();

        Cli.Result result = KartProcess.runJar(directory, "run", "sample.SomeTask", "--local-scheduler",
                "--redis-host=127.0.0.1", "--redis-port=" + port, "--classpath", KartProcess.examplesJar().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("127.0.0.1", Integer.toString(port));
        assertThat(directory.resolve("resources")).doesNotExist();
        assertThat(result.err()).as("refused at once: no timeout elapsed, and one full stop")
                .contains("the connection was refused").doesNotContain("connect-timeout", "..");
    }

    @Test
    void aKartKeyOutsideKartInApplicationConfIsWarnedAboutNamingTheFileAndTheLikelyKey() throws Exception {
        Path classes = Files.createDirectories(directory.resolve("classes"));
        Path application = Files.writeString(classes.resolve("application.conf"), "# my settings\nkarts.workers = 2\n");

        Cli.Result result = KartProcess.runJar(directory, "run", "sample.SomeTask", "--classpath",
                KartProcess.examplesJar() + File.pathSeparator + classes);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        // then the in-memory lock note and the task's log line, which other tests pin
        assertThat(result.err().lines().findFirst()).as(result.toString()).contains("WARN config: config key 'karts' ("
                + application + ", line 2) is not under 'kart', so kart does not read it; did you mean 'kart.workers'?");
        assertThat(result.err().lines().filter(line -> line.startsWith("WARN"))).as(result.toString()).hasSize(1);
    }

    @Test
    void thePythonSystemsCommandRunsAgainstARealRedis() throws Exception {
        String host = "--redis-host=" + REDIS.server().host();
        String port = "--redis-port=" + REDIS.server().port();
        // Its own key prefix: the server may be shared with other tests.
        String prefix = "-Dkart.lock.prefix=cli-it-" + ProcessHandle.current().pid();

        Cli.Result run = KartProcess.runJar(directory, "run", "sample.SomeTask", "--local-scheduler", host, port, prefix,
                "--classpath", KartProcess.examplesJar().toString());
        Cli.Result locks = KartProcess.runJar(directory, "locks", host, port, prefix);
        Cli.Result clean = KartProcess.runJar(directory, "clean", "sample.SomeTask", "--name=other", "--delete", host, port,
                prefix, "--classpath", KartProcess.examplesJar().toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("* 1 ran successfully:", "dev.kart.examples.sample.SomeTask(name=world)");
        assertThat(locks.exitCode()).as(locks.toString()).isZero();
        assertThat(locks.out()).as("names the server asked").contains("No locks held in redis lock backend (jedis) on Redis at "
                + REDIS.server().host() + ":" + REDIS.server().port() + ", prefix cli-it-");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(clean.out()).as("names the locks the deletion took").contains("Deleted 1 file",
                "Deleted under the cache locks of redis lock backend (jedis) on Redis at " + REDIS.server().host() + ":"
                        + REDIS.server().port() + ", prefix cli-it-");
    }

    /**
     * The Redisson binding as the runnable jar ships it, with every library it needs: run locks
     * (Redisson's lock and watchdog), cache locks (kart's scripts) and the lock listing.
     */
    @Test
    void theRedissonBindingTakesRunAndCacheLocksAgainstARealRedis() throws Exception {
        String host = "--redis-host=" + REDIS.server().host();
        String port = "--redis-port=" + REDIS.server().port();
        String prefix = "-Dkart.lock.prefix=cli-redisson-" + ProcessHandle.current().pid();
        String client = "-Dkart.lock.redis.client=redisson";

        Cli.Result runLocked = KartProcess.runJar(directory, "run", "sample.SomeTask", "--name=redisson", host, port, prefix,
                client, "--classpath", KartProcess.examplesJar().toString());
        Cli.Result pipeline = KartProcess.runJar(directory, "run", "books.BookReport", "--workers", "2", host,
                port, prefix, client, "--classpath", KartProcess.examplesJar().toString());
        Cli.Result locks = KartProcess.runJar(directory, "locks", host, port, prefix, client);

        assertThat(runLocked.exitCode()).as(runLocked.toString()).isZero();
        assertThat(runLocked.out()).contains("* 1 ran successfully:", "dev.kart.examples.sample.SomeTask(name=redisson)");
        assertThat(pipeline.exitCode()).as(pipeline.toString()).isZero();
        assertThat(pipeline.out()).contains("* 188 ran successfully:", "This build succeeded");
        assertThat(locks.exitCode()).as(locks.toString()).isZero();
        assertThat(locks.out()).contains("No locks held in redis lock backend (redisson) on Redis at "
                + REDIS.server().host() + ":" + REDIS.server().port() + ", prefix cli-redisson-");
    }

    @Test
    void theLauncherFindsTheJarAndPassesEveryArgumentThrough() throws Exception {
        Cli.Result result = KartProcess.run(directory, Map.of("KART_CDS_DIR", directory.resolve("cds").toString()),
                List.of("bash", KartProcess.launcher().toString(),
                "run", "sample.SomeTask", "--name=launcher", "--classpath", KartProcess.examplesJar().toString()));
        Cli.Result missing = KartProcess.run(directory, Map.of("KART_JAR", directory.resolve("none.jar").toString()),
                List.of("bash", KartProcess.launcher().toString(), "--version"));
        Path copy = Files.copy(KartProcess.launcher(), Files.createDirectories(directory.resolve("tools")).resolve("kart"));
        Cli.Result copied = KartProcess.run(directory, Map.of(), List.of("bash", copy.toString(), "--version"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("dev.kart.examples.sample.SomeTask(name=launcher)");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("KART_JAR names", "none.jar, which does not exist", "mvn package");
        assertThat(copied.exitCode()).as(copied.toString()).isEqualTo(2);
        assertThat(copied.err()).as("a copy of the launcher away from the repository: no build there would help")
                .contains("this bin/kart is not in kart's repository, so set KART_JAR").doesNotContain("mvn -B");
    }

    @Test
    void theLauncherKeepsOneClassDataArchivePerJarAndPrintsTheSameWithIt() throws Exception {
        Path archives = directory.resolve("cds");
        Path jar = Files.copy(KartProcess.jar(), directory.resolve("kart.jar"));
        Map<String, String> environment = Map.of("KART_CDS_DIR", archives.toString(), "KART_JAR", jar.toString());
        List<String> command = List.of("bash", KartProcess.launcher().toString(), "run", "sample.SomeTask",
                "--name=cds", "--rerun", "--classpath", KartProcess.examplesJar().toString());

        Cli.Result version = KartProcess.run(directory, environment,
                List.of("bash", KartProcess.launcher().toString(), "--version"));
        Map<String, Cli.Result> noTask = new HashMap<>();
        for (String asked : List.of("--help", "-h", "-qh", "--dry-run", "--dry-run=true")) {
            List<String> noTaskCommand = new ArrayList<>(command);
            noTaskCommand.add(asked);
            noTask.put(asked, KartProcess.run(directory, environment, noTaskCommand));
        }
        boolean archivedBeforeARun = Files.exists(archives) && !listed(archives).isEmpty();
        Cli.Result writing = KartProcess.run(directory, environment, command);
        List<Path> afterFirst = listed(archives);
        long firstSize = afterFirst.isEmpty() ? 0 : Files.size(afterFirst.get(0));
        Cli.Result mapping = KartProcess.run(directory, environment, command);
        List<Path> afterSecond = listed(archives);
        // another java binary is another JDK to the launcher (its archive's name carries the binary's size
        // and time stamp): a script that runs the same JDK
        Path otherJava = directory.resolve("other-java");
        Files.writeString(otherJava, "#!/bin/sh\nexec " + ProcessHandle.current().info().command().orElseThrow()
                + " \"$@\"\n");
        otherJava.toFile().setExecutable(true);
        Map<String, String> otherJdk = new HashMap<>(environment);
        otherJdk.put("JAVA", otherJava.toString());
        Cli.Result another = KartProcess.run(directory, otherJdk, command);
        List<Path> afterAnother = listed(archives);
        Files.setLastModifiedTime(jar, FileTime.from(Files.getLastModifiedTime(jar).toInstant().plusSeconds(60)));
        Cli.Result rebuilt = KartProcess.run(directory, environment, command);
        List<Path> afterRebuild = listed(archives);
        Cli.Result without = KartProcess.run(directory, Map.of("KART_CDS", "off",
                "KART_CDS_DIR", directory.resolve("unused").toString()), command);

        assertThat(version.exitCode()).as(version.toString()).isZero();
        noTask.forEach((asked, result) -> {
            assertThat(result.exitCode()).as(asked + ": " + result).isZero();
            assertThat(result.out()).as(asked + ": " + result)
                    .contains(asked.startsWith("--dry-run") ? "Dry run of dev.kart.examples.sample.SomeTask" : "--name");
        });
        assertThat(archivedBeforeARun).as("only a run writes an archive, not a run's --help or dry run, which run"
                        + " no task")
                .isFalse();
        assertThat(afterFirst).as("one whole archive, no partial file").hasSize(1)
                .allSatisfy(archive -> assertThat(archive.getFileName().toString()).startsWith("kart-").endsWith(".jsa"));
        assertThat(firstSize).isPositive();
        assertThat(afterSecond).isEqualTo(afterFirst);
        assertThat(afterAnother).as("another JDK's archive of the same jar, beside the first").hasSize(2)
                .containsAll(afterFirst);
        assertThat(afterRebuild).as("a rebuilt jar's archive replaces the old ones, of either JDK").hasSize(1)
                .doesNotContainAnyElementsOf(afterAnother);
        assertThat(directory.resolve("unused")).doesNotExist();
        for (Cli.Result result : List.of(writing, mapping, another, rebuilt, without)) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("* 1 ran successfully:", "dev.kart.examples.sample.SomeTask(name=cds)")
                    .doesNotContain("cds]", "shared archive");
            // SomeTask runs under its run lock: the in-memory backend's note, then the task's log line
            assertThat(result.err().lines()).as(result.toString())
                    .containsExactly("kart: note: the in-memory lock backend coordinates this process only; other"
                            + " processes on this workspace do not see its run locks (use the Redis backend to"
                            + " coordinate them, see docs/redis.md)", "INFO SomeTask: greeting cds");
        }
    }

    @Test
    void anArchiveThatARunOnTheInMemoryBackendRecordedServesLaterRunsOnRedis() throws Exception {
        Path archives = directory.resolve("cds");
        Map<String, String> environment = Map.of("KART_CDS_DIR", archives.toString());
        Path redisClasses = directory.resolve("redis-classes.log");
        Path inMemoryClasses = directory.resolve("in-memory-classes.log");
        String prefix = "-Dkart.lock.prefix=cli-archive-" + ProcessHandle.current().pid();

        Cli.Result first = KartProcess.run(directory, environment, someTask("first"));
        List<Path> afterFirst = listed(archives);
        Cli.Result onRedis = KartProcess.run(directory, withClassLog(environment, redisClasses),
                someTaskOnRedis("redis", prefix));
        Cli.Result inMemory = KartProcess.run(directory, withClassLog(environment, inMemoryClasses), someTask("again"));

        for (Cli.Result result : List.of(first, onRedis, inMemory)) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).as(result.toString()).contains("* 1 ran successfully:");
        }
        assertThat(afterFirst).as("the README's first run, on the in-memory backend, records the one archive").hasSize(1);
        assertJedisBindingMappedFromTheArchive(redisClasses);
        assertThat(listed(archives)).as("which serves both backends: nothing recorded again").isEqualTo(afterFirst);
        assertThat(Files.readAllLines(inMemoryClasses)).as("a run on the in-memory backend loads no class of Redis's")
                .noneMatch(line -> line.contains("[class,load] redis.clients."))
                .filteredOn(line -> line.contains("[class,load] dev.kart.core.")).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("source: shared objects file"));
    }

    private static List<String> someTask(String name) {
        return List.of("bash", KartProcess.launcher().toString(), "run", "sample.SomeTask", "--name=" + name,
                "--classpath", KartProcess.examplesJar().toString());
    }

    private static List<String> someTaskOnRedis(String name, String prefix) {
        List<String> command = new ArrayList<>(someTask(name));
        command.addAll(List.of("--redis-host=" + REDIS.server().host(), "--redis-port=" + REDIS.server().port(), prefix));
        return command;
    }

    private static Map<String, String> withClassLog(Map<String, String> environment, Path log) {
        Map<String, String> logging = new HashMap<>(environment);
        logging.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        return logging;
    }

    /** Every class of Jedis, commons-pool2 and kart's Redis modules the run loaded came from the archive. */
    private static void assertJedisBindingMappedFromTheArchive(Path classLog) throws IOException {
        List<String> redisClasses = Files.readAllLines(classLog).stream()
                .filter(line -> line.contains("[class,load] redis.clients.jedis.")
                        || line.contains("[class,load] org.apache.commons.pool2.")
                        || line.contains("[class,load] dev.kart.lock.redis."))
                // generated at run time (lambdas): no archive of a static class list holds them
                .filter(line -> !line.contains("$$Lambda"))
                .toList();
        assertThat(redisClasses).as("the run took its locks in Redis over Jedis")
                .anyMatch(line -> line.contains("[class,load] redis.clients.jedis.Connection "))
                .anyMatch(line -> line.contains("[class,load] dev.kart.lock.redis.jedis.internal.JedisLockClient "))
                .allSatisfy(line -> assertThat(line).contains("source: shared objects file"));
    }

    @Test
    void onJava25TheLauncherKeepsAnAheadOfTimeCacheThatLaterRunsMap() throws Exception {
        Path java25 = Java25.find();
        Path archives = directory.resolve("aot");
        Map<String, String> environment = Map.of("KART_CDS_DIR", archives.toString(), "JAVA", java25.toString());
        List<String> command = List.of("bash", KartProcess.launcher().toString(), "run", "sample.SomeTask",
                "--name=aot", "--classpath", KartProcess.examplesJar().toString());
        Path classLog = directory.resolve("classes.log");

        Cli.Result recording = KartProcess.run(directory, environment, command);
        List<Path> afterFirst = listed(archives);
        Cli.Result mapping = KartProcess.run(directory, environment, command);
        Map<String, String> logging = new HashMap<>(environment);
        logging.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        Cli.Result logged = KartProcess.run(directory, logging, command);
        // the cache was recorded by a run on the in-memory backend
        Path redisClassLog = directory.resolve("redis-classes.log");
        Cli.Result onRedis = KartProcess.run(directory, withClassLog(environment, redisClassLog),
                someTaskOnRedis("aot-redis", "-Dkart.lock.prefix=cli-aot-" + ProcessHandle.current().pid()));

        assertThat(afterFirst).as("one whole cache, no partial file or recorded configuration").hasSize(1)
                .allSatisfy(archive -> assertThat(archive.getFileName().toString()).startsWith("kart-").endsWith(".aot"));
        assertThat(recording.exitCode()).as(recording.toString()).isZero();
        assertThat(recording.out()).contains("* 1 ran successfully:", "dev.kart.examples.sample.SomeTask(name=aot)");
        for (Cli.Result result : List.of(recording, mapping, logged)) {
            assertThat(result.out() + result.err()).as(result.toString())
                    .doesNotContain("AOTConfiguration", "AOTCache", "[aot", "sun.misc.Unsafe");
        }
        assertThat(mapping.exitCode()).as(mapping.toString()).isZero();
        assertThat(mapping.out()).contains("* 1 was already complete:");
        List<String> kartClasses = Files.readAllLines(classLog).stream()
                .filter(line -> line.contains("[class,load] dev.kart.core.")).toList();
        assertThat(kartClasses).as("kart's classes come from the cache").isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("source: shared objects file"));
        assertThat(onRedis.exitCode()).as(onRedis.toString()).isZero();
        assertThat(listed(archives)).as("one cache serves both backends").isEqualTo(afterFirst);
        assertJedisBindingMappedFromTheArchive(redisClassLog);
    }

    private static List<Path> listed(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    @Test
    void showsAProgressBarOnlyOnATerminal() throws Exception {
        // script(1) gives the command a pseudo-terminal, as an interactive shell would.
        String command = String.join(" ", KartProcess.java(), "-jar", KartProcess.jar().toString(), "run",
                "books.CountWords", "--classpath", KartProcess.examplesJar().toString());

        Cli.Result result = KartProcess.run(directory, Map.of("TERM", "xterm"), List.of("script", "-qefc", command, "/dev/null"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("5/5", "running 0, failed 0", "* 5 ran successfully:");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs the jar with {@code args}, logging every class it loads to {@code log}. */
    private Cli.Result runLoggingClassLoads(List<String> args, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(KartProcess.java(),
                "-Xlog:class+load=info:file=" + log, "-jar", KartProcess.jar().toString()));
        command.addAll(args);
        return KartProcess.run(directory, Map.of(), command);
    }

    /** @return the names of the classes a {@code -Xlog:class+load} file lists, in load order */
    private static List<String> loadedClasses(Path log) throws java.io.IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains("[class,load] "))
                .map(line -> line.substring(line.indexOf("[class,load] ") + "[class,load] ".length()).split(" ")[0])
                .toList();
    }
}
