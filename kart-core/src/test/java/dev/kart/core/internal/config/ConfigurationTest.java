package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kart.core.fixtures.Internals;
import dev.kart.config.KartConfigException;
import dev.kart.core.Kart;
import dev.kart.core.internal.inject.RuntimeAssembly;
import dev.kart.core.internal.inject.RuntimeSpec;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {
    @TempDir
    Path directory;

    record Tuned(int size) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return size;
        }
    }

    private Path file(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Kart withFile(String content) throws IOException {
        return Kart.builder().configFile(file("kart.conf", content)).workspace(directory.resolve("ws")).build();
    }

    /** The library asks for "a close parentheses ')'" where a } is missing: the message says what is. */
    @Test
    void aFileThatEndsInsideABraceSaysSoBesideTheLibrarysWords() {
        assertThatThrownBy(() -> withFile("kart.tasks.\"hello.Greet\" {\n  name = \"x\"\n"))
                .isInstanceOf(KartConfigException.class).hasMessageStartingWith("invalid configuration: ")
                .hasMessageContaining("kart.conf").hasMessageEndingWith(": the file ends before the { of line 1 is"
                        + " closed (it, or a { opened after it, lacks its })").hasMessageNotContaining("parentheses");
        assertThatThrownBy(() -> withFile("kart.tasks.x = [1, 2,\n")).hasMessageContaining("kart.conf")
                .hasMessageEndingWith(": the file ends before the [ of line 1 is closed (it, or a [ opened after it,"
                        + " lacks its ])").hasMessageNotContaining("double-quote");
        // without a line break at the end the library words it otherwise; a list in an object names the list
        assertThatThrownBy(() -> withFile("kart.tasks.\"hello.Greet\" {\n  name = \"x\""))
                .hasMessageEndingWith(": the file ends before the { of line 1 is closed (it, or a { opened after it,"
                        + " lacks its })");
        assertThatThrownBy(() -> withFile("kart.lock {\n  redis.cluster.nodes = [\n    \"a:1\""))
                .hasMessageEndingWith(": the file ends before the [ of line 2 is closed (it, or a [ opened after it,"
                        + " lacks its ])");
        // braces in strings, comments and substitutions are no openings; closed blocks before it are passed by
        assertThatThrownBy(() -> withFile("# a { in a comment\nkart.workers = 2 // and here {\nkart.retry {\n"
                + "  count = 3\n}\nkart.tasks.\"hello.Greet\" {\n  name = \"{x\\\" [\"\n  note = \"\"\"a {\nb [\"\"\"\n"
                + "  path = ${?HOME}\n  inner { a = 1 }\n"))
                .hasMessageEndingWith(": the file ends before the { of line 6 is closed (it, or a { opened after it,"
                        + " lacks its })");
        // a """ string never closed: where it opened, without the library's advice to rename the file
        assertThatThrownBy(() -> withFile("kart.workers = 2\nkart.tasks.x.note = \"\"\"first\nsecond\n"))
                .hasMessageEndingWith("kart.conf: 4: the file ends inside a \"\"\" string opened on line 2, whose closing"
                        + " \"\"\" is missing").hasMessageNotContaining(".properties");
        // a ] missing mid-file: the library names the token after it
        assertThatThrownBy(() -> withFile("kart.tasks.x {\n  b = [1, 2\n}\nkart.workers = 2\n"))
                .hasMessageEndingWith("kart.conf: 3: a ] is missing: the [ of line 2 is not closed (it, or a [ opened after"
                        + " it, lacks its ])").hasMessageNotContaining("comma");
        // a } missing inside a list, mid-file: HOCON has no parentheses
        assertThatThrownBy(() -> withFile("kart.lock.redis.cluster.nodes = [\n  { a = 1\n]\n"))
                .hasMessageEndingWith(": expecting a } here, not: ']'").hasMessageNotContaining("parentheses");
        // no brace or bracket open: the library's words alone
        assertThatThrownBy(() -> withFile("kart.workers = 2 }\n")).hasMessageNotContaining("the file ends before");
        assertThatThrownBy(() -> withFile("kart.workers =\n")).hasMessageContaining("end of file")
                .hasMessageNotContaining("the file ends before");
    }

    @Test
    void anUnknownKeyIsAnErrorNamingItsPathItsFileAndTheClosestKnownKey() {
        assertThatThrownBy(() -> withFile("kart {\n  wokers = 2\n}\n")).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("unknown config key 'kart.wokers'")
                .hasMessageContaining("kart.conf, line 2")
                .hasMessageContaining("did you mean 'kart.workers'");
        assertThatThrownBy(() -> withFile("kart.retry.cont = 2")).hasMessageContaining("'kart.retry.count'");
    }

    @Test
    void aBackendKeyWithoutItsModuleSaysWhichModuleIsMissing() {
        assertThatThrownBy(() -> withFile("kart.lock.redis.host = \"localhost\"")).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.lock.redis").hasMessageContaining("lock backend 'redis'")
                .hasMessageContaining("known only when its module is on the class path");
    }

    @Test
    void aWrongTypeOrRangeIsAnErrorNamingTheKeyAndWhatWasExpected() throws IOException {
        assertThatThrownBy(() -> withFile("kart.workers = many")).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.workers").hasMessageContaining("is the string 'many', expected a number");
        assertThatThrownBy(() -> withFile("kart.workers = 0")).hasMessageContaining("kart.workers")
                .hasMessageContaining("expected at least 1");
        // Typesafe's getInt would cut these to 1, 0 and 1 unsaid
        assertThatThrownBy(() -> withFile("kart.workers = 1.5")).hasMessageContaining("kart.workers")
                .hasMessageContaining("is 1.5, expected a whole number");
        assertThatThrownBy(() -> withFile("kart.complete-check-threads = 0.5"))
                .hasMessageContaining("kart.complete-check-threads").hasMessageContaining("is 0.5, expected a whole number");
        assertThatThrownBy(() -> withFile("kart.retry.count = \"1.25\"")).hasMessageContaining("kart.retry.count")
                .hasMessageContaining("expected a whole number");
        assertThatThrownBy(() -> withFile("kart.complete-check-threads = 2147483647"))
                .hasMessageContaining("kart.complete-check-threads").hasMessageContaining("expected at most 256");
        assertThatThrownBy(() -> withFile("kart.workers = 2147483647"))
                .hasMessageContaining("kart.workers").hasMessageContaining("expected at most 1024");
        assertThatThrownBy(() -> withFile("kart.complete-check-threads = -1"))
                .hasMessageContaining("kart.complete-check-threads").hasMessageContaining("expected at least 0");
        withFile("kart.complete-check-threads = 256\nkart.workers = 1e1").close();
        assertThatThrownBy(() -> withFile("kart.load-threads = 257"))
                .hasMessageContaining("kart.load-threads").hasMessageContaining("expected at most 256");
        assertThatThrownBy(() -> withFile("kart.load-threads = -1"))
                .hasMessageContaining("kart.load-threads").hasMessageContaining("expected at least 0");
        assertThatThrownBy(() -> withFile("kart.load-threads = all"))
                .hasMessageContaining("kart.load-threads").hasMessageContaining("expected a number");
        withFile("kart.load-threads = 256").close();
        assertThatThrownBy(() -> withFile("kart.retry.delay = soon")).hasMessageContaining("kart.retry.delay")
                .hasMessageEndingWith(" is 'soon', expected a duration such as 30s or 5m (units: ns, us, ms, s, m, h, d)");
        assertThatThrownBy(() -> withFile("kart.interrupt-grace = true")).hasMessageContaining("kart.interrupt-grace")
                .hasMessageEndingWith(" is the boolean true, expected a duration such as 30s or 5m (units: ns, us, ms, s,"
                        + " m, h, d)");
        assertThatThrownBy(() -> withFile("kart.interrupt-grace = [1s]")).hasMessageContaining("kart.interrupt-grace")
                .hasMessageEndingWith(" is a list [ ... ], expected a duration such as 30s or 5m (units: ns, us, ms, s, m,"
                        + " h, d)");
        assertThatThrownBy(() -> withFile("kart.lock.on-collision = retry")).hasMessageContaining("kart.lock.on-collision")
                .hasMessageContaining("fail, wait, defer");
        assertThatThrownBy(() -> withFile("kart.lock.renew-interval = 10m")).hasMessageContaining("kart.lock.renew-interval")
                .hasMessageContaining("is 10m, expected less than the default kart.lock.ttl = 180s so leases are renewed");
        assertThatThrownBy(() -> withFile("kart.retry = 3")).hasMessageContaining("'kart.retry'")
                .hasMessageContaining("must be an object");
    }

    /** Every value error says where the value was set, whichever setting it concerns. */
    @Test
    void everyValueErrorNamesTheFileAndLineThatSetTheValue() throws IOException {
        String where = "(" + directory.resolve("kart.conf") + ", line 2)";
        for (String setting : new String[] {"kart.workers = many", "kart.workers = 0", "kart.retry.count = -1",
            "kart.retry.delay = soon", "kart.retry.delay = -1s", "kart.durable = maybe", "kart.lock.on-collision = retry",
            "kart.lock.renew-interval = 10m", "kart.lock.prefix = \"a b\"", "kart.task-order.mode = shuffled",
            "kart.task-order.seed = \" \"", "kart.lock.backend = zookeeper", "kart.retry = 3",
            "kart.formats.java.allow = {}", "kart.tasks.\"" + Tuned.class.getName() + "\".retry-count = -2"}) {
            String key = setting.substring(0, setting.indexOf(" = "));
            assertThatThrownBy(() -> withFile("\n" + setting + "\n")).as(setting).isInstanceOf(KartConfigException.class)
                    .hasMessageStartingWith("config key '" + key + "' " + where + " ");
        }
        Path file = file("notes.txt", "a file\n");
        // the builder's own workspace would win over the file's
        Path config = file("kart.conf", "\nkart.workspace = \"" + file + "\"\n");
        assertThatThrownBy(() -> Kart.builder().configFile(config).build())
                .hasMessageStartingWith("config key 'kart.workspace' " + where + " is '" + file + "', but " + file
                        + " is a file, expected a directory");
        Path under = file.resolve("sub/ws");
        Path configUnder = file("kart-under.conf", "\nkart.workspace = \"" + under + "\"\n");
        assertThatThrownBy(() -> Kart.builder().configFile(configUnder).build())
                .hasMessageStartingWith("config key 'kart.workspace' (" + configUnder + ", line 2) is '" + under + "', but a file stands at "
                        + file + ", where a directory belongs, so no directory can be made there")
                .hasMessageContaining("expected a directory (or a path where kart may create one): move what stands there"
                        + " away, or set kart.workspace to another path");
    }

    @Test
    void aTaskOrderModeOtherThanSpreadOrGraphOrABlankSeedIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> withFile("kart.task-order.mode = shuffled")).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.task-order.mode").hasMessageContaining("'shuffled'")
                .hasMessageContaining("expected spread or graph");
        assertThatThrownBy(() -> withFile("kart.task-order.seed = \" \"")).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.task-order.seed").hasMessageContaining("blank");
    }

    @Test
    void malformedHoconAndMissingFilesAreNamed() {
        assertThatThrownBy(() -> withFile("kart { workers = ")).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.conf");
        assertThatThrownBy(() -> Kart.builder().configFile(directory.resolve("absent.conf")).build())
                .isInstanceOf(KartConfigException.class).hasMessageContaining("absent.conf").hasMessageContaining("does not exist");
    }

    /** The library's own message repeats the cycle until fifty includes are nested: some two thousand characters. */
    @Test
    void anIncludeCycleOfThreeFilesNamesThemInTheOrderTheyIncludeEachOther() throws IOException {
        Path p = file("p.conf", "include \"q.conf\"\n");
        Path q = file("q.conf", "include \"r.conf\"\n");
        Path r = file("r.conf", "include \"p.conf\"\n");

        assertThatThrownBy(() -> withFile("include \"p.conf\"\nkart.workers = 2\n")).isInstanceOf(KartConfigException.class)
                .hasMessage("invalid configuration: the config files include each other in a cycle: " + p + " includes " + q
                        + ", which includes " + r + ", which includes " + p + " again; expected includes that end: remove"
                        + " one of them");
    }

    @Test
    void taskSectionsAreCheckedAtStart() {
        String section = "kart.tasks.\"" + Tuned.class.getName() + "\"";
        assertThatThrownBy(() -> withFile("kart.tasks.\"com.example.Missing\".size = 1"))
                .isInstanceOf(KartConfigException.class).hasMessageContaining("no task class com.example.Missing");
        assertThatThrownBy(() -> withFile(section + ".sise = 1")).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("has no parameter of that name (did you mean '" + section + ".size'?); its parameters: ")
                .hasMessageContaining("the settings a section may hold: [fail-on-collision, lock-run, ");
        assertThatThrownBy(() -> withFile(section + ".colour = 1")).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("has no parameter of that name; its parameters: ").hasMessageNotContaining("did you mean");
        assertThatThrownBy(() -> withFile(section + ".retry-count = lots")).isInstanceOf(KartConfigException.class)
                .hasMessageContaining(section + ".retry-count");
        assertThatThrownBy(() -> withFile(section + ".on-collision = later")).hasMessageContaining("fail, wait, defer");
    }

    /** A section or a key of one written as a block is placed where its name is written, not at its first inner key. */
    @Test
    void aTaskSectionOrAKeyOfOneWrittenAsABlockIsPlacedAtItsOwnLine() {
        Path file = directory.resolve("kart.conf");
        String section = "\"" + Tuned.class.getName() + "\"";
        assertThatThrownBy(() -> withFile("kart.tasks {\n  \"com.example.Missing\" {\n\n    size = 1\n  }\n}\n"))
                .isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("config key 'kart.tasks.\"com.example.Missing\"' (" + file + ", line 2) names no"
                        + " task class");
        assertThatThrownBy(() -> withFile("kart.tasks {\n  " + section + " {\n    colour {\n\n      red = 1\n    }\n  }\n}\n"))
                .isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("unknown config key 'kart.tasks." + section + ".colour' (" + file + ", line 3)");
    }

    @Test
    void ofSeveralRefusedTaskSectionKeysTheOneSetFirstIsNamed() {
        String section = "kart.tasks.\"" + Tuned.class.getName() + "\"";
        assertThatThrownBy(() -> withFile(section + " {\n  zzz = 2\n  aaa = x\n}\n")).isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("unknown config key '" + section + ".zzz' (");
        assertThatThrownBy(() -> withFile("kart.tasks.\"com.example.Missing\".x = 1\n" + section + ".colour = 1\n"))
                .isInstanceOf(KartConfigException.class).hasMessageContaining("no task class com.example.Missing");
        assertThatThrownBy(() -> withFile(section + ".colour = 1\nkart.tasks.\"com.example.Missing\".x = 1\n"))
                .isInstanceOf(KartConfigException.class).hasMessageStartingWith("unknown config key '" + section + ".colour' (");
    }

    @Test
    void aWorkspaceThatIsAFileIsRefused() throws IOException {
        Path notADirectory = file("plain-file", "x");
        assertThatThrownBy(() -> Kart.builder().workspace(notADirectory).build()).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.workspace").hasMessageContaining(notADirectory.toString())
                .hasMessageContaining("is a file");
    }

    @Test
    void aWorkspaceThatIsAFifoIsRefusedAsSomethingOtherThanAFile() throws Exception {
        Path fifo = directory.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> Kart.builder().workspace(fifo).build()).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("is '" + fifo + "', but something other than a file (a FIFO, a socket or a device)"
                        + " stands at " + fifo + ", where a directory belongs");
    }

    @Test
    void aWorkspaceUnderALinkToNothingIsRefusedNamingTheLink() throws IOException {
        Path dangling = Files.createSymbolicLink(directory.resolve("gone-link"), directory.resolve("gone"));
        Path workspace = dangling.resolve("ws");
        assertThatThrownBy(() -> Kart.builder().workspace(workspace).build()).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.workspace").hasMessageContaining("is '" + workspace + "', but a symbolic link"
                        + " to nothing (" + directory.resolve("gone") + " does not exist) stands at " + dangling + ", where a"
                        + " directory belongs, so no directory can be made"
                        + " there");
        assertThat(directory.resolve("gone")).doesNotExist();
    }

    @Test
    void anUnknownWorkspaceSchemeIsAConfigErrorListingTheSchemesFoundAndTheS3Module() {
        assertThatThrownBy(() -> Kart.builder().set("kart.workspace", "s3://bucket/prefix").build())
                .isInstanceOf(KartConfigException.class).hasMessageStartingWith("config key 'kart.workspace'")
                .hasMessageContaining("'s3://bucket/prefix'").hasMessageContaining("schemes found: file")
                .hasMessageContaining("kart-storage-s3").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Kart.builder().set("kart.workspace", "s3://bucket/my ws").build())
                .hasMessageContaining("which is not a valid URI: ").hasMessageEndingWith(" (a space in a URI is written %20)");
    }

    @Test
    void aWorkspaceUriWithNothingAfterItsSchemeSaysWhatBelongsThere() {
        assertThatThrownBy(() -> Kart.builder().set("kart.workspace", "s3://").build()).isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("config key 'kart.workspace'")
                .hasMessageContaining("is 's3://', which names nothing after s3://; expected s3://bucket/prefix")
                .hasMessageNotContaining("index");
        assertThatThrownBy(() -> Kart.builder().set("kart.workspace", "S3://").build())
                .hasMessageContaining("is 'S3://', which names nothing after S3://; expected s3://bucket/prefix");
        assertThatThrownBy(() -> Kart.builder().set("kart.workspace", "file://").build())
                .hasMessageContaining("is 'file://', which names nothing after file://; expected file:///absolute/path");
        // the root holds everything else: a build would write its package folders among them
        for (String root : List.of("/", "file:///", "/tmp/..")) {
            assertThatThrownBy(() -> Kart.builder().set("kart.workspace", root).build())
                    .hasMessageContaining("is '" + root + "', the file system's root /: expected a directory of the"
                            + " workspace's own, such as /srv/kart-workspace");
        }
        // a scheme no storage serves keeps the parser's words
        assertThatThrownBy(() -> Kart.builder().set("kart.workspace", "gs://").build())
                .hasMessageContaining("is 'gs://', which is not a valid URI: ");
    }

    @Test
    void aFileUriAndAPlainPathNameTheSameWorkspace() throws Exception {
        Path workspace = directory.resolve("ws");
        try (Kart byUri = Kart.builder().workspace(workspace.toUri()).build();
                Kart byPath = Kart.builder().workspace(workspace).build()) {
            assertThat(byUri.workspace()).isEqualTo(byPath.workspace()).isEqualTo(workspace.toAbsolutePath());
            assertThat(byUri.workspaceLocation()).isEqualTo(byPath.workspaceLocation());
            assertThat(byUri.workspaceLocation().toString()).startsWith("file:/").endsWith("/ws/");
        }
    }

    @Test
    void anUnknownLockBackendListsTheOnesFound() {
        assertThatThrownBy(() -> Kart.builder().workspace(directory).set("kart.lock.backend", "zookeeper").build())
                .isInstanceOf(KartConfigException.class).hasMessageContaining("'zookeeper'")
                .hasMessageContaining("found: in-memory, or auto (").hasMessageContaining("provides dev.kart.lock.LockBackendProvider")
                .hasMessageNotContaining("did you mean");
        for (String otherwise : List.of("In-Memory", "InMemory", "in_memory")) {
            assertThatThrownBy(() -> Kart.builder().workspace(directory).set("kart.lock.backend", otherwise).build())
                    .hasMessageContaining("is '" + otherwise + "', which is written 'in-memory': backend names are matched"
                            + " as written").hasMessageNotContaining("class path");
        }
    }

    @Test
    void builderValuesWinOverTheFileWhichWinsOverApplicationConf() throws Exception {
        Path resources = directory.resolve("classpath");
        file("classpath/application.conf", "kart { workers = 2, retry.count = 5, retry.delay = 7s }\n"
                + "kart.tasks.\"" + Tuned.class.getName() + "\".size = 11\n");
        Path extra = file("extra.conf", "kart { workers = 3, retry.count = 6 }");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {resources.toUri().toURL()}, getClass().getClassLoader());
                Internals kart = RuntimeAssembly.create(RuntimeSpec.defaults().withClassLoader(loader).withConfigFile(extra)
                        .with("kart.workspace", directory.resolve("ws").toString(), "test").with("kart.workers", 4, "test"),
                        Internals.class)) {
            assertThat(kart.settings().workers()).isEqualTo(4);
            assertThat(kart.settings().retryCount()).isEqualTo(6);
            assertThat(kart.settings().retryDelay().value()).hasSeconds(7);
            assertThat(kart.task(Tuned.class, Map.of())).isEqualTo(new Tuned(11));
            assertThat(kart.task(Tuned.class, Map.of("size", "12"))).isEqualTo(new Tuned(12));
        }
    }

    /**
     * A TTL another class loader's reference.conf set (a task jar's, given with --classpath) is no default of kart's: the
     * user can find and change it there, so it is quoted without saying "the default"; kart's own is.
     */
    @Test
    void aTtlFromATaskJarsReferenceConfIsNotCalledTheDefault() throws Exception {
        Path resources = directory.resolve("taskjar");
        file("taskjar/reference.conf", "kart.lock { prefix = kart, ttl = 5m }\n");
        // no parent: only the task jar's reference.conf, as kart's own would win over it where both set the key
        try (URLClassLoader loader = new URLClassLoader(new URL[] {resources.toUri().toURL()}, null)) {
            Config taskJars = ConfigFactory.parseResources(loader, "reference.conf").resolve();

            assertThat(LeaseConfig.read(taskJars, "node-1").ttlSetting()).isEqualTo("kart.lock.ttl = 5m");
        }
        assertThat(LeaseConfig.read(ConfigFactory.defaultReference(getClass().getClassLoader()), "node-1").ttlSetting())
                .isEqualTo("the default kart.lock.ttl = 180s");
    }

    /**
     * A TTL a task jar's reference.conf set is quoted as that file writes it, as one a config file set is: 300s stays
     * 300s, not kart's 5m, so the user finds the line; it is not kart's default either.
     */
    @Test
    void aTtlFromATaskJarsReferenceConfIsQuotedAsWritten() throws Exception {
        Path resources = directory.resolve("taskjar");
        file("taskjar/reference.conf", "kart.lock { prefix = kart, ttl = 300s }\n");
        // no parent, as above: kart's own reference.conf would win over the task jar's
        try (URLClassLoader loader = new URLClassLoader(new URL[] {resources.toUri().toURL()}, null)) {
            Config taskJars = ConfigFactory.parseResources(loader, "reference.conf").resolve();

            assertThat(LeaseConfig.read(taskJars, "node-1").ttlSetting()).isEqualTo("kart.lock.ttl = 300s");
        }
    }

    /**
     * A task section's durations a task jar's reference.conf sets, its task-timeout and retry-delay, are quoted as that
     * file writes them, as its TTL is: 120s stays 120s, not kart's 2m, so the user finds the line.
     */
    @Test
    void taskSectionDurationsFromATaskJarsReferenceConfAreQuotedAsWritten() throws Exception {
        Path resources = directory.resolve("taskjar");
        file("taskjar/reference.conf", "kart.tasks.\"com.acme.Report\" { task-timeout = 120s, retry-delay = 120s }\n");
        String section = "kart.tasks.\"com.acme.Report\"";
        // no parent, as above: only the task jar's reference.conf
        try (URLClassLoader loader = new URLClassLoader(new URL[] {resources.toUri().toURL()}, null)) {
            Config taskJars = ConfigFactory.parseResources(loader, "reference.conf").resolve();

            assertThat(TaskTimeout.read(taskJars, section + ".task-timeout").orElseThrow().setting().setting())
                    .isEqualTo(section + ".task-timeout = 120s");
            assertThat(DurationSetting.read(taskJars, section + ".retry-delay").setting())
                    .isEqualTo(section + ".retry-delay = 120s");
        }
        assertThat(DurationSetting.read(ConfigFactory.defaultReference(getClass().getClassLoader()),
                "kart.interrupt-grace").written()).as("kart's own default is worded by kart").isEmpty();
    }

    /**
     * The durations messages quote with their keys keep the text the user wrote (90s, not the 1m30s it equals; ISO-8601
     * as ISO-8601), from a config file as from the command line; a default is worded by kart.
     */
    @Test
    void quotedDurationsKeepTheirTextAsWritten() throws Exception {
        Path conf = file("written.conf", "kart { interrupt-grace = 90s, lock.wait-timeout = PT90S }");
        try (Internals kart = RuntimeAssembly.create(RuntimeSpec.defaults().withConfigFile(conf)
                .with("kart.workspace", directory.resolve("ws").toString(), "test")
                .with("kart.lock.cache-wait-timeout", " 90000ms ", "test"), Internals.class)) {
            assertThat(kart.settings().interruptGrace().setting()).isEqualTo("kart.interrupt-grace = 90s");
            assertThat(kart.settings().waitTimeout().setting()).isEqualTo("kart.lock.wait-timeout = PT90S");
            assertThat(kart.settings().cacheWaitTimeout().setting()).isEqualTo("kart.lock.cache-wait-timeout = 90000ms");
            assertThat(kart.settings().waitTimeout().value()).isEqualTo(Duration.ofSeconds(90));
        }
        try (Internals kart = RuntimeAssembly.create(RuntimeSpec.defaults()
                .with("kart.workspace", directory.resolve("ws").toString(), "test"), Internals.class)) {
            assertThat(kart.settings().interruptGrace().setting()).isEqualTo("kart.interrupt-grace = 10s");
            assertThat(kart.settings().cacheWaitTimeout().setting()).isEqualTo("kart.lock.cache-wait-timeout = 10m");
        }
    }

    @Test
    void environmentVariablesOverrideTheDefaults() throws Exception {
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PrintSettings.class.getName())
                .redirectErrorStream(true);
        child.environment().put("KART_WORKERS", "7");
        child.environment().put("KART_WORKSPACE", directory.resolve("from-env").toString());
        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("workers=7", "workspace=" + directory.resolve("from-env"));
    }

    /**
     * Typesafe Config looks for an include beside the file that includes it only when that file's path has a
     * directory: {@code --config kart.conf}, given in the directory that holds it, read none of its includes.
     */
    @Test
    void aConfigFileNamedWithoutADirectoryReadsTheFilesItIncludesBesideIt() throws Exception {
        file("kart.conf", "include \"more.conf\"\n");
        file("more.conf", "kart.workers = 5\n");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PrintSettings.class.getName(), "kart.conf")
                .directory(directory.toFile()).redirectErrorStream(true);
        child.environment().remove("KART_WORKERS");
        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("workers=5");
    }

    /** Prints the settings a default runtime sees, for the environment test and the config file's. */
    public static final class PrintSettings {
        private PrintSettings() {
        }

        /** @param args the config file to read, as the command line gives it, if any */
        public static void main(String[] args) {
            RuntimeSpec spec = args.length > 0 ? RuntimeSpec.defaults().withConfigFile(Path.of(args[0])) : RuntimeSpec.defaults();
            try (Internals kart = RuntimeAssembly.create(spec, Internals.class)) {
                System.out.println("workers=" + kart.settings().workers());
                System.out.println("workspace=" + java.nio.file.Path.of(kart.settings().workspace()));
            }
        }
    }
}
