package dev.kart.reliability.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.BuildReport;
import dev.kart.core.TaskOutcome;
import dev.kart.core.BuildOptions;
import dev.kart.CacheReadException;
import dev.kart.CacheWriteException;
import dev.kart.reliability.fixtures.KartJar;
import dev.kart.reliability.fixtures.WorkspaceFiles;
import dev.kart.reliability.fixtures.bad.Bounded;
import dev.kart.reliability.fixtures.bad.Consume;
import dev.kart.reliability.fixtures.bad.CountAsText;
import dev.kart.reliability.fixtures.bad.LineBreaks;
import dev.kart.reliability.fixtures.bad.LongNames;
import dev.kart.reliability.fixtures.bad.Outputs;
import dev.kart.reliability.fixtures.bad.Unserializable;
import dev.kart.reliability.fixtures.security.Gadget;
import dev.kart.task.Task;
import dev.kart.test.support.redis.RedisServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * Every row of the bad-input table in docs/reliability.md, run: how the case is provoked, what the
 * user sees (the exception type and key words through the Kart API, or the exit code and key words
 * through the runnable jar), and that nothing cached was lost or changed. The table and this list must
 * name the same cases ({@link #theDocumentedTableListsExactlyTheseCases}).
 */
class BadInputTest {
    private static final String WRONG_PASSWORD = "wrong-password-0f3e";
    private static final String LIMITED_PASSWORD = "limited-password-7c21";
    private static final byte[] GARBAGE = {0x00, (byte) 0xff, ' ', 'k', 'a', 'r', 't', ' ', 'c', 'o', 'r', 'r', 'u', 'p',
        't', ' ', (byte) 0xfe, 0x01};
    private static final String REDIS_ADDRESS = "127.0.0.1:";
    private static final String SUMMARY = "===== kart execution summary =====";
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|", Pattern.MULTILINE);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    @TempDir
    Path directory;

    /** How a row checks what the user sees. */
    enum Outcome {
        /** The Kart API: the task fails, its failure is of the given type. */
        FAILS,
        /** The Kart API: the build succeeds; the damage cannot be detected and reaches the dependent. */
        LOADS_UNNOTICED,
        /** The Kart API: the build succeeds. */
        SUCCEEDS,
        /** The runnable jar: the exit code. */
        EXITS
    }

    /**
     * One row of the table.
     *
     * @param id the row's name in docs/reliability.md
     * @param provoke what the row does, given the test's directory; returns what the user saw
     * @param outcome how to judge it
     * @param type the exception type (API rows), or null
     * @param exitCode the exit code (CLI rows)
     * @param words what the message must contain
     */
    record Case(String id, Provocation provoke, Outcome outcome, Class<? extends Throwable> type, int exitCode,
            List<String> words) {
        @Override
        public String toString() {
            return id;
        }
    }

    /** Provokes a case in a fresh directory; returns the message the user saw (or the output, or the value). */
    @FunctionalInterface
    interface Provocation {
        Seen provoke(Path directory) throws Exception;
    }

    /**
     * What a provocation showed.
     *
     * @param failure the task's failure, if it failed (API rows)
     * @param exitCode the exit code (CLI rows)
     * @param text the message, output or value the user sees
     * @param workspace the workspace to compare before and after
     * @param before the workspace's cache files before the faulty step
     */
    record Seen(Throwable failure, int exitCode, String text, Path workspace, Map<Path, String> before) {
    }

    @BeforeAll
    static void redisUsers() {
        try (Jedis admin = admin()) {
            // a user whose password the rows get wrong, and one allowed to connect but not to lock
            admin.aclSetUser("kart-user", "reset", "on", ">the-right-password", "~*", "&*", "+@all");
            admin.aclSetUser("kart-limited", "reset", "on", ">" + LIMITED_PASSWORD, "~kart:*", "-@all", "+ping");
        }
    }

    @AfterAll
    static void dropUsers() {
        try (Jedis admin = admin()) {
            admin.aclDelUser("kart-user");
            admin.aclDelUser("kart-limited");
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // ---- damaged cache files, loaded by a dependent task
        for (String format : List.of("json", "txt", "bin", "csv", "tsv", "ser")) {
            for (String extension : List.of(format, format + ".gz")) {
                cases.add(damaged("corrupt-" + extension, extension, bytes -> GARBAGE));
                cases.add(damaged("truncated-" + extension, extension, bytes -> Arrays.copyOf(bytes, bytes.length / 2)));
                cases.add(damaged("empty-" + extension, extension, bytes -> new byte[0]));
            }
        }
        // ---- a cache file written by an older definition of the task
        cases.add(api("older-definition-json-renamed", dir -> planted(dir, "json",
                "{\"count\":3,\"average\":1.5}".getBytes(StandardCharsets.UTF_8)), Outcome.FAILS, CacheReadException.class,
                "Cannot map `null` into type `double`", "Stats[\"mean\"]", "The file was left as it is"));
        cases.add(api("older-definition-json-removed", dir -> planted(dir, "json",
                "{\"count\":3,\"mean\":1.5,\"unit\":\"s\"}".getBytes(StandardCharsets.UTF_8)), Outcome.FAILS,
                CacheReadException.class, "Unrecognized field \"unit\"", "not marked as ignorable", "The file was left as it is"));
        cases.add(api("foreign-json-fraction-for-whole-number", dir -> planted(dir, "json",
                "{\"count\":3.5,\"mean\":1.5}".getBytes(StandardCharsets.UTF_8)), Outcome.FAILS, CacheReadException.class,
                "Cannot coerce Floating-point value (3.5) to `long` value", "Stats[\"count\"]", "The file was left as it is"));
        cases.add(api("older-definition-csv", dir -> planted(dir, "csv",
                "word,frequency\nalpha,1\n".getBytes(StandardCharsets.UTF_8)), Outcome.FAILS, CacheReadException.class,
                "the header [word, frequency] does not match the components [word, count]", "written by another task definition",
                "The file was left as it is"));
        // ---- a serialized cache file carrying a class outside the allow-list
        cases.add(api("ser-class-outside-allow-list", dir -> {
            Path marker = dir.resolve("gadget-ran");
            Seen seen = planted(dir, "ser", serialized(new ArrayList<>(List.of("x", new Gadget(marker.toString())))));
            assertThat(marker).as("the file the gadget writes when it is deserialized").doesNotExist();
            return seen;
        }, Outcome.FAILS, CacheReadException.class, "refused to deserialize", "REJECTED", Gadget.class.getName(),
                "kart.formats.java.allow"));
        // ---- configuration (the runnable jar)
        cases.add(cli("malformed-hocon", dir -> {
            Files.writeString(dir.resolve("broken.conf"), "kart {\n  workers = \n  retry { count = 2\n");
            return List.of("run", Bounded.class.getName(), "--config", "broken.conf");
        }, 2, "invalid configuration", "broken.conf: 4", "the file ends before the { of line 1 is closed"));
        cases.add(cli("unknown-config-key", dir -> List.of("run", Bounded.class.getName(), "-D", "kart.wokers=2"), 2,
                "unknown config key 'kart.wokers'", "did you mean 'kart.workers'?"));
        cases.add(cli("unknown-lock-config-key", dir -> List.of("run", Bounded.class.getName(), "-D", "kart.lock.redis.hots=x"),
                2, "unknown config key 'kart.lock.redis.hots'", "did you mean 'kart.lock.redis.host'?"));
        cases.add(cli("unknown-task-config-key", dir -> List.of("run", Bounded.class.getName(), "-D",
                "kart.tasks.\"" + Bounded.class.getName() + "\".tpo=3"), 2, "unknown config key", "tpo",
                "has no parameter of that name (did you mean 'kart.tasks.\"" + Bounded.class.getName() + "\".top'?)",
                "its parameters: [top], the settings a section may hold: [fail-on-collision, "));
        cases.add(cli("mistyped-config-value", dir -> List.of("run", Bounded.class.getName(), "-D", "kart.workers=many"), 2,
                "config key 'kart.workers' (the command line) is the string 'many', expected a number"));
        cases.add(cli("mistyped-duration", dir -> List.of("run", Bounded.class.getName(), "-D", "kart.lock.ttl=soon"), 2,
                "config key 'kart.lock.ttl' (the command line) is 'soon', expected a duration such as 30s or 5m"));
        // ---- parameters and task names (the runnable jar)
        cases.add(cli("parameter-out-of-range", dir -> List.of("run", Bounded.class.getName(), "--top=0"), 2,
                "task " + Bounded.class.getName() + " rejected its parameters", "rejected its parameters: --top must be between 1 and 100, got 0"));
        cases.add(cli("parameter-not-parsable", dir -> List.of("run", Bounded.class.getName(), "--top=ten"), 2,
                "parameter 'top'", "'ten' is not a valid int"));
        cases.add(cli("unknown-parameter", dir -> List.of("run", Bounded.class.getName(), "--tpo=3"), 2,
                "unknown option '--tpo=3'", "its parameters: --top"));
        cases.add(cli("unknown-task", dir -> List.of("run", "bad.Bonded"), 2, "unknown task 'bad.Bonded'",
                "Closest known task", "bad.Bounded"));
        cases.add(cli("class-not-a-task", dir -> List.of("run", "java.lang.String"), 2,
                "java.lang.String is not a task", "does not implement dev.kart.task.Task"));
        cases.add(cli("task-not-a-record", dir -> List.of("run", "dev.kart.reliability.fixtures.bad.NotARecord"), 2,
                "must be a record"));
        cases.add(cli("output-type-its-format-cannot-store", dir -> List.of("run", CountAsText.class.getName()), 2,
                "output of " + CountAsText.class.getName(), "cannot be written as .txt",
                "txt stores String or List<String>, not java.lang.Long"));
        // ---- the workspace (the runnable jar)
        cases.add(cli("workspace-is-a-file", dir -> {
            Files.writeString(dir.resolve("notes.txt"), "not a directory\n");
            return List.of("run", Bounded.class.getName(), "--workspace", "notes.txt");
        }, 2, "config key 'kart.workspace' (--workspace)", "notes.txt is a file, expected a directory"));
        cases.add(cli("workspace-under-a-file", dir -> {
            Files.writeString(dir.resolve("notes.txt"), "not a directory\n");
            return List.of("run", Bounded.class.getName(), "--workspace", "notes.txt/cache");
        }, 2, "config key 'kart.workspace' (--workspace) is 'notes.txt/cache'", "notes.txt, where a directory belongs, so no"
                + " directory can be made there"));
        cases.add(cli("workspace-under-a-link-to-nothing", dir -> {
            Files.createSymbolicLink(dir.resolve("shared"), dir.resolve("unmounted"));
            return List.of("run", Bounded.class.getName(), "--workspace", "shared/cache");
        }, 2, "config key 'kart.workspace' (--workspace) is 'shared/cache'", "a symbolic link to nothing (", "unmounted does not exist) stands at",
                "shared, where a directory belongs", "create or mount the directory the link leads to, or set"
                        + " kart.workspace to another path"));
        cases.add(cli("workspace-under-a-loop-of-links", dir -> {
            Files.createSymbolicLink(dir.resolve("shared"), Path.of("mirror"));
            Files.createSymbolicLink(dir.resolve("mirror"), Path.of("shared"));
            return List.of("run", Bounded.class.getName(), "--workspace", "shared/cache");
        }, 2, "config key 'kart.workspace' (--workspace) is 'shared/cache'", "a loop of symbolic links stands at",
                "shared, where a directory belongs", "point one of those links at a directory, or set kart.workspace to"
                        + " another path"));
        // ---- a directory where a cache file belongs: the walk finds no output there, the publish fails
        cases.add(api("directory-at-a-cache-file-path", dir -> {
            Task<?> producer = Outputs.producer("json");
            try (Kart kart = kart(Files.createDirectories(dir.resolve("workspace")))) {
                Path file = target(kart, producer);
                Files.createDirectories(file);
                Files.writeString(file.resolve("notes.txt"), "a file of the user's\n");
            }
            return built(dir, producer);
        }, Outcome.FAILS, CacheWriteException.class, "cannot write cache file",
                "a directory stands where this file is to be published (expected a file or nothing)",
                "remove it, then run the task again"));
        // ---- Redis (the runnable jar)
        cases.add(cli("redis-unreachable", dir -> List.of("run", Bounded.class.getName(), "--redis-host", "127.0.0.1",
                "--redis-port", Integer.toString(closedPort()), "-D", "kart.lock.redis.connect-timeout=2s"), 3,
                "cannot connect to Redis at 127.0.0.1:", "the connection was refused", "check kart.lock.redis.host/port",
                "Connection refused"));
        cases.add(cli("redis-wrong-password", dir -> List.of("run", Bounded.class.getName(), "--redis-host",
                REDIS.server().host(), "--redis-port", Integer.toString(REDIS.server().port()), "-D",
                "kart.lock.redis.username=kart-user"), Map.of("KART_REDIS_PASSWORD", WRONG_PASSWORD), 3,
                "cannot connect to Redis at " + REDIS_ADDRESS, "WRONGPASS", "kart.lock.redis.username and password"));
        cases.add(cli("redis-user-without-lock-commands", dir -> List.of("run", Bounded.class.getName(), "--redis-host",
                REDIS.server().host(), "--redis-port", Integer.toString(REDIS.server().port()), "-D",
                "kart.lock.redis.username=kart-limited"), Map.of("KART_REDIS_PASSWORD", LIMITED_PASSWORD), 1,
                "NOPERM", "'evalsha'", "acquiring kart:cache:dev/kart/reliability/fixtures/bad/Bounded_", "no retries left"));
        // ---- long names: lock keys and file names
        cases.add(api("long-lock-key", dir -> built(dir, new LongNames.LongNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameName("a")),
                Outcome.SUCCEEDS, null, "long:a"));
        cases.add(api("file-name-too-long", dir -> built(dir, new LongNames.LongerNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameNameXy("a")),
                Outcome.FAILS, CacheWriteException.class, "cannot write cache file", "LongerName", "File name too long",
                "the file was not published"));
        // ---- values a format cannot write
        cases.add(api("txt-value-with-line-break", dir -> built(dir, new LineBreaks()), Outcome.FAILS,
                CacheWriteException.class, "produced a java.util.List<java.lang.String> that cannot be written to",
                "LineBreaks_", "an element contains a line break"));
        cases.add(api("ser-value-not-serializable", dir -> built(dir, new Unserializable()), Outcome.FAILS,
                CacheWriteException.class, "produced a java.util.List<java.lang.Object> that cannot be written to",
                "Unserializable_", "java.lang.Object is not Serializable"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGivesAClearErrorAndLosesNothing(Case row) throws Exception {
        Seen seen = row.provoke().provoke(directory);
        // what the user saw, for the table in docs/reliability.md
        String shown = seen.failure() != null ? seen.failure().getClass().getSimpleName() + ": " + seen.failure().getMessage()
                : (row.outcome() == Outcome.EXITS ? "exit " + seen.exitCode() + ": " : "") + seen.text();
        System.out.printf("BadInputTest %s: %s%n", row.id(), shown.length() > 600 ? shown.substring(0, 600) + "..." : shown);
        switch (row.outcome()) {
            case FAILS -> {
                assertThat(seen.failure()).as("%s: the task's failure (the build printed: %s)", row.id(), seen.text())
                        .isInstanceOf(row.type());
                for (String word : row.words()) {
                    assertThat(seen.failure().getMessage()).as("%s: the message", row.id()).contains(word);
                }
                assertThat(seen.text()).as("%s: the execution summary names the failure", row.id())
                        .contains(row.words().get(0));
            }
            case LOADS_UNNOTICED, SUCCEEDS -> {
                assertThat(seen.failure()).as("%s: the build's failure", row.id()).isNull();
                for (String word : row.words()) {
                    assertThat(seen.text()).as("%s: the value", row.id()).contains(word);
                }
            }
            case EXITS -> {
                assertThat(seen.exitCode()).as("%s: exit code; output:%n%s", row.id(), seen.text()).isEqualTo(row.exitCode());
                for (String word : row.words()) {
                    assertThat(seen.text()).as("%s: what kart printed", row.id()).contains(word);
                }
                assertThat(seen.text()).as("%s: passwords in what kart printed", row.id())
                        .doesNotContain(WRONG_PASSWORD, LIMITED_PASSWORD, "the-right-password");
                if (row.exitCode() == 1) {
                    assertThat(seen.text().split(SUMMARY, -1)).as("%s: the summary, printed once", row.id()).hasSize(2);
                }
            }
            default -> throw new IllegalStateException();
        }
        Map<Path, String> after = WorkspaceFiles.cacheSnapshot(seen.workspace());
        assertThat(after).as("%s: every cache file there before is still there, unchanged", row.id())
                .containsAllEntriesOf(seen.before());
        if (row.outcome() == Outcome.FAILS || row.outcome() == Outcome.EXITS) {
            assertThat(after.keySet()).as("%s: files written", row.id()).isEqualTo(seen.before().keySet());
        }
        assertThat(WorkspaceFiles.temporaryFiles(seen.workspace())).as("%s: temporary files left", row.id()).isEmpty();
    }

    @Test
    void theDocumentedTableListsExactlyTheseCases() throws IOException {
        String doc = Files.readString(Path.of(System.getProperty("kart.repository", ".."), "docs", "reliability.md"));
        String section = doc.substring(doc.indexOf("## Bad input"), doc.indexOf("\n## ", doc.indexOf("## Bad input") + 1));
        Set<String> documented = new LinkedHashSet<>();
        Matcher row = TABLE_ROW.matcher(section);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).as("cases in the bad-input table of docs/reliability.md")
                .containsExactlyInAnyOrderElementsOf(cases().map(Case::id).toList());
    }

    // ----- provocations through the Kart API

    /** Builds a producer, damages its cache file, then builds a dependent that loads it. */
    private static Case damaged(String id, String extension, UnaryOperator<byte[]> damage) {
        Expectation expected = Expectation.of(id);
        return new Case(id, dir -> {
            Path workspace = Files.createDirectories(dir.resolve("workspace"));
            try (Kart kart = kart(workspace)) {
                kart.build(new Bounded(5));
                Task<?> producer = Outputs.producer(extension);
                kart.build(producer);
                Path file = target(kart, producer);
                Files.write(file, damage.apply(Files.readAllBytes(file)));
                return consume(kart, workspace, extension, expected.outcome() == Outcome.LOADS_UNNOTICED);
            }
        }, expected.outcome(), expected.outcome() == Outcome.FAILS ? CacheReadException.class : null, 0, expected.words());
    }

    /** Puts {@code content} where the producer of {@code extension} keeps its output, then builds a dependent. */
    private static Seen planted(Path dir, String extension, byte[] content) throws IOException {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        try (Kart kart = kart(workspace)) {
            kart.build(new Bounded(5));
            Path file = target(kart, Outputs.producer(extension));
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return consume(kart, workspace, extension, false);
        }
    }

    private static Seen consume(Kart kart, Path workspace, String extension, boolean damageUnnoticed) {
        Map<Path, String> before = WorkspaceFiles.cacheSnapshot(workspace);
        Consume consumer = new Consume(extension);
        BuildReport<String> report = kart.run(consumer, BuildOptions.defaults());
        if (report.succeeded()) {
            String value = report.rootOutput().orElseThrow();
            if (damageUnnoticed) {
                assertThat(value).as("what the dependent got from the damaged file, not the producer's value")
                        .isNotEqualTo(Consume.describe(undamaged(extension)));
            }
            return new Seen(null, 0, value, workspace, before);
        }
        TaskOutcome failed = report.outcomes().stream().filter(o -> o.failure().isPresent() && o.task().equals(consumer))
                .findFirst().orElseThrow();
        return new Seen(failed.failure().orElseThrow(), 0, report.summary(), workspace, before);
    }

    /** Builds a task in a workspace that already holds a cached output. */
    private static Seen built(Path dir, Task<?> task) throws IOException {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        try (Kart kart = kart(workspace)) {
            kart.build(new Bounded(5));
            Map<Path, String> before = WorkspaceFiles.cacheSnapshot(workspace);
            BuildReport<?> report = kart.run(task, BuildOptions.defaults());
            Throwable failure = report.succeeded() ? null : report.rootOutcome().failure().orElseThrow();
            String text = report.succeeded() ? String.valueOf(report.rootOutput().orElse(null)) : report.summary();
            return new Seen(failure, 0, text, workspace, before);
        }
    }

    private static Case api(String id, Provocation provoke, Outcome outcome, Class<? extends Throwable> type, String... words) {
        return new Case(id, provoke, outcome, type, 0, List.of(words));
    }

    // ----- provocations through the runnable jar

    @FunctionalInterface
    interface Arguments {
        List<String> of(Path directory) throws IOException;
    }

    private static Case cli(String id, Arguments arguments, int exitCode, String... words) {
        return cli(id, arguments, Map.of(), exitCode, words);
    }

    /**
     * Runs {@code kart ARGS --classpath TEST-CLASSES} in a directory whose workspace ({@code resources},
     * the default) already holds a cached output.
     */
    private static Case cli(String id, Arguments arguments, Map<String, String> environment, int exitCode, String... words) {
        return new Case(id, dir -> {
            Path workspace = Files.createDirectories(dir.resolve("resources"));
            try (Kart kart = Kart.builder().workspace(workspace).set("kart.lock.backend", "in-memory").build()) {
                kart.build(new Bounded(5));
            }
            Map<Path, String> before = WorkspaceFiles.cacheSnapshot(workspace);
            List<String> args = new ArrayList<>(arguments.of(dir));
            args.addAll(List.of("--classpath", KartJar.testClasses().toString()));
            KartJar.Result result = KartJar.run(dir, environment, List.of(), args);
            return new Seen(null, result.exitCode(), result.all(), workspace, before);
        }, Outcome.EXITS, null, exitCode, List.of(words));
    }

    // ----- helpers

    private static Kart kart(Path workspace) {
        return Kart.builder().workspace(workspace).set("kart.lock.backend", "redis")
                .set("kart.lock.prefix", "bad-input-" + UUID.randomUUID())
                .set("kart.lock.redis.host", REDIS.server().host()).set("kart.lock.redis.port", REDIS.server().port())
                .build();
    }

    private static Path target(Kart kart, Task<?> task) {
        return Path.of(kart.outputs(task).get(0).uri());
    }

    /** @return the value the producer of {@code extension} computes, without a runtime */
    private static Object undamaged(String extension) {
        try {
            return Outputs.producer(extension).run(null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] serialized(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Jedis admin() {
        return new Jedis(REDIS.server().host(), REDIS.server().port());
    }

    /** What a damaged cache file of each format does: detected (and the words of the error), or not. */
    record Expectation(Outcome outcome, List<String> words) {
        static Expectation of(String id) {
            String damage = id.substring(0, id.indexOf('-'));
            String extension = id.substring(id.indexOf('-') + 1);
            List<String> common = List.of("cannot read cache file", "The file was left as it is",
                    "or rerun the task it belongs to (kart run --rerun-task ");
            if (extension.endsWith(".gz")) {
                return failing(common, switch (damage) {
                    case "corrupt" -> "Not in GZIP format";
                    case "truncated" -> "Unexpected end of ZLIB input stream";
                    default -> "EOFException";
                });
            }
            return switch (extension) {
                case "json" -> failing(common, switch (damage) {
                    case "corrupt" -> "JsonParseException";
                    case "truncated" -> "Unexpected end-of-input";
                    default -> "No content to map due to end-of-input";
                });
                case "txt" -> damage.equals("corrupt") ? failing(common, "not UTF-8 text")
                        : new Expectation(Outcome.LOADS_UNNOTICED, List.of());
                case "bin" -> new Expectation(Outcome.LOADS_UNNOTICED, List.of());
                case "csv", "tsv" -> failing(common, switch (damage) {
                    case "corrupt" -> "does not match the components [word, count]";
                    case "truncated" -> "row 3 after the header has 1 cells, expected 2";
                    default -> "the file is empty, expected a header row";
                });
                case "ser" -> failing(common, switch (damage) {
                    case "corrupt" -> "StreamCorruptedException";
                    default -> "EOFException";
                });
                default -> throw new IllegalArgumentException(id);
            };
        }

        private static Expectation failing(List<String> common, String cause) {
            List<String> words = new ArrayList<>(common);
            words.add(cause);
            return new Expectation(Outcome.FAILS, words);
        }
    }
}
