package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kart.config.KartConfigException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class KartConfigLoaderTest {
    /** A variable no environment sets. */
    private static final String UNSET = "KART_TEST_NEVER_SET_7F3C";
    private static final String QUOTED = "kart.tasks.\"com.acme.Report\".top";
    private final ClassLoader classLoader = getClass().getClassLoader();

    /**
     * Typesafe Config merges the reference.conf files in class path order, the first one's value winning, and
     * kart's own come before a task jar's: the jar's value for a key of kart's is never read, and is said so.
     */
    @Test
    void aKeyOfKartsThatATaskJarsReferenceConfSetsTooIsWarnedAboutNamingTheJarTheKeyAndWhereToSetIt(
            @TempDir Path directory) throws Exception {
        Path jar = directory.resolve("tasks.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("reference.conf"));
            // kart.durable and kart.retry.delay as kart's own file sets them: a jar bundling kart's reference.conf
            // in neither the parse's hash map's order (retry, workspace, workers) nor the keys' names'
            out.write(("myapp.size = 1\nkart.workspace = /from/the/jar\nkart.retry { count = 3, delay = 5s }\n"
                    + "kart.workers = 9\n"
                    + "kart.tasks.\"com.acme.Report\".top = 3\nkart.durable = true\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Logger logger = (Logger) LoggerFactory.getLogger("dev.kart.config");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        String where = "jar:" + jar.toUri().toURL() + "!/reference.conf";
        String instead = " is not read: kart's own reference.conf sets it first, and a reference.conf holds the defaults of"
                + " its own library's keys only; set it in application.conf (in the tasks' jar, or a directory given with"
                + " --classpath), a --config file or with -D";
        try (URLClassLoader tasks = new URLClassLoader(new URL[] {jar.toUri().toURL()}, classLoader)) {
            Config loaded = KartConfigLoader.load(tasks, Optional.empty(), ConfigFactory.empty());

            assertThat(loaded.getString("kart.workspace")).isNotEqualTo("/from/the/jar");
            assertThat(loaded.getInt("kart.retry.count")).isZero();
            assertThat(loaded.getInt(QUOTED)).as("a task's section, which kart's file leaves empty, is read").isEqualTo(3);
            // in the file's order
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "config key 'kart.workspace' (" + where + ", line 2)" + instead,
                    "config key 'kart.retry.count' (" + where + ", line 3)" + instead,
                    "config key 'kart.workers' (" + where + ", line 4)" + instead);
        } finally {
            logger.detachAppender(logged);
        }
    }

    /** Of several unknown keys, the error names the file's first, not the first of the parse's hash map. */
    @Test
    void ofSeveralUnknownKeysTheFirstLineOfTheFileIsNamed(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("kart.conf");
        // first in neither the parse's hash map (workrs, or -D's retyr merged in) nor by name (durble)
        Files.writeString(file, "kart {\n  workspce = x\n  workrs = 2\n  retry.cuont = 1\n  lock.tll = 10s\n"
                + "  durble = false\n  task-timeot = 1h\n}\n");

        assertThatThrownBy(() -> KartConfigLoader.load(classLoader, Optional.of(file), ConfigFactory.parseMap(
                java.util.Map.of("kart.retyr.count", "2"), "the command line")))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("unknown config key 'kart.workspce' (" + file + ", line 2); did you mean 'kart.workspace'?");
    }

    /**
     * {@code ''}, empty text in YAML and Python, is two quote characters in HOCON: refused where it is written, saying
     * what the key takes instead, as {@code -D KEY=''} is; a password may be two quotes.
     */
    @Test
    void twoSingleQuotesAreRefusedNamingTheKeyTheLineAndHowToWriteEmptyText(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("kart.conf"), "kart {\n  workers = 2\n  lock.prefix = ''\n}\n");
        // a backend's password key, as a lock backend module's reference.conf declares it
        Path classes = Files.createDirectories(directory.resolve("classes"));
        Files.writeString(classes.resolve("reference.conf"), "kart.lock.vault { password = null }\n");
        Path password = Files.writeString(directory.resolve("password.conf"), "kart.lock.vault.password = ''\n");

        assertThatThrownBy(() -> KartConfigLoader.load(classLoader, Optional.of(file), ConfigFactory.empty()))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.lock.prefix' (" + file + ", line 3) is '': HOCON has no single-quoted"
                        + " strings, so this is the two characters '', not the empty text; nor does kart.lock.prefix take"
                        + " the empty text: write kart.lock.prefix = VALUE, where VALUE is a non-empty name without spaces");
        try (URLClassLoader withBackend = new URLClassLoader(new URL[] {classes.toUri().toURL()}, classLoader)) {
            assertThat(KartConfigLoader.load(withBackend, Optional.of(password), ConfigFactory.empty())
                    .getString("kart.lock.vault.password")).isEqualTo("''");
        }
    }

    /** A system property (or an environment variable) of {@code ''} is no HOCON: told what to set it to instead. */
    @Test
    void twoSingleQuotesInASystemPropertyAreRefusedSayingWhatToSetItTo() {
        System.setProperty("kart.lock.prefix", "''");
        ConfigFactory.invalidateCaches();
        try {
            assertThatThrownBy(() -> KartConfigLoader.load(classLoader, Optional.empty(), ConfigFactory.empty()))
                    .isInstanceOf(KartConfigException.class)
                    .hasMessageStartingWith("config key 'kart.lock.prefix' (")
                    .hasMessageContaining("-Dkart.lock.prefix")
                    .hasMessageEndingWith(" is '', the two quote characters, not the empty text; nor does kart.lock.prefix"
                            + " take the empty text: set it to VALUE, where VALUE is a non-empty name without spaces");
        } finally {
            System.clearProperty("kart.lock.prefix");
            ConfigFactory.invalidateCaches();
        }
    }

    /** The line to look at is where the misspelt key is written, not that of the first key inside its block. */
    @Test
    void anUnknownKeyWrittenAsABlockInsideKartIsPlacedAtItsOwnLine(@TempDir Path directory) throws Exception {
        Path nested = Files.writeString(directory.resolve("nested.conf"), "kart {\n  lok {\n\n\n    ttl = 5s\n  }\n}\n");
        Path dotted = Files.writeString(directory.resolve("dotted.conf"), "kart.lok {\n\n  ttl = 5s\n}\n");

        assertThatThrownBy(() -> KartConfigLoader.load(classLoader, Optional.of(nested), ConfigFactory.empty()))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("unknown config key 'kart.lok' (" + nested + ", line 2); did you mean 'kart.lock'?");
        assertThatThrownBy(() -> KartConfigLoader.load(classLoader, Optional.of(dotted), ConfigFactory.empty()))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("unknown config key 'kart.lok' (" + dotted + ", line 1); did you mean 'kart.lock'?");
    }

    /**
     * docs/configuration.md's order: application.conf's keys before the --config file's, whatever the files are
     * called, and a file the --config file includes in the --config file's place.
     */
    @Test
    void ofUnknownKeysInSeveralFilesApplicationConfsIsNamedBeforeTheConfigFilesAndWhatItIncludes(
            @TempDir Path directory) throws Exception {
        Path classes = Files.createDirectories(directory.resolve("classes"));
        Path application = Files.writeString(classes.resolve("application.conf"), "# the application's\n\nkart.workrs = 2\n");
        // both named before classes/application.conf, as a path sorts
        Path file = Files.writeString(directory.resolve("a.conf"), "kart.retyr.count = 1\n");
        Path including = Files.writeString(directory.resolve("b.conf"), "include \"a.conf\"\nkart.lock.tll = 10s\n");
        String expected = "unknown config key 'kart.workrs' (" + application + ", line 3); did you mean"
                + " 'kart.workers'?";
        try (URLClassLoader withApplication = new URLClassLoader(new URL[] {classes.toUri().toURL()}, classLoader)) {
            assertThatThrownBy(() -> KartConfigLoader.load(withApplication, Optional.of(file), ConfigFactory.empty()))
                    .isInstanceOf(KartConfigException.class).hasMessage(expected);
            assertThatThrownBy(() -> KartConfigLoader.load(withApplication, Optional.of(including), ConfigFactory.empty()))
                    .isInstanceOf(KartConfigException.class).hasMessage(expected);
        }
        // the --config file's keys before -D's, and within it what it includes by the two files' names
        assertThatThrownBy(() -> KartConfigLoader.load(classLoader, Optional.of(including), ConfigFactory.parseMap(
                java.util.Map.of("kart.durble", "false"), "the command line")))
                .hasMessageStartingWith("unknown config key 'kart.retyr' (" + file + ", line 1)");
    }

    @Test
    void aSystemPropertyUnderTaskSectionsIsRefusedNamingItAndWhereToGiveItInstead() {
        assertThatThrownBy(() -> KartConfigLoader.refuseTaskSections(properties(QUOTED, "3"), classLoader))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("JVM system property 'kart.tasks.\"com.acme.Report\".top' (java -D..., as in JAVA_OPTS,"
                        + " JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS) sets a key of a task section, which a system property cannot: Typesafe"
                        + " Config splits a system property's name at every dot and reads no quotes, so it names no"
                        + " task class. Give it with kart's own -D instead, after any command (kart COMMAND ... -D"
                        + " 'kart.tasks.\"com.acme.Report\".top=3'), in application.conf, or in a file given with"
                        + " --config");
        // the shell took the quotes away, or none were written, and no task class is named: where the class name
        // ends cannot be told
        assertThatThrownBy(() -> KartConfigLoader.refuseTaskSections(properties("kart.tasks.com.acme.Report.top", "3"),
                classLoader)).hasMessageStartingWith("JVM system property 'kart.tasks.com.acme.Report.top' (java -D...")
                .hasMessageContaining("(kart COMMAND ... -D 'kart.tasks.\"CLASS\".KEY=VALUE')");
        Properties two = properties(QUOTED, "3");
        two.setProperty("kart.tasks.a.B.x", "1");
        assertThatThrownBy(() -> KartConfigLoader.refuseTaskSections(two, classLoader))
                .hasMessageStartingWith("JVM system properties 'kart.tasks.\"com.acme.Report\".top', 'kart.tasks.a.B.x'"
                        + " (java -D..., as in JAVA_OPTS, JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS) set keys of a task section");
    }

    @Test
    void aSystemPropertyWhoseQuotesTheJvmTookAwayIsGivenBackWithTheTaskClassItNamesQuoted() {
        // JAVA_TOOL_OPTIONS='-Dkart.tasks."a.B".x=1': the JVM splits that variable at spaces and drops the quotes
        String unquoted = "kart.tasks.dev.kart.core.fixtures.SampleTasks$Counts.min-count";

        assertThatThrownBy(() -> KartConfigLoader.refuseTaskSections(properties(unquoted, "2"), classLoader))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("JVM system property 'kart.tasks.dev.kart.core.fixtures.SampleTasks$Counts.min-count' (java"
                        + " -D..., as in JAVA_OPTS, JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS) sets a key of a task section,"
                        + " which a system property cannot: Typesafe Config splits a system property's name at every dot and reads no"
                        + " quotes, so it names no task class. Give it with kart's own -D instead, after any command"
                        + " (kart COMMAND ... -D 'kart.tasks.\"dev.kart.core.fixtures.SampleTasks$Counts\".min-count=2'),"
                        + " in application.conf, or in a file given with --config");
        // a class that is no task is no task section's
        assertThatThrownBy(() -> KartConfigLoader.refuseTaskSections(properties("kart.tasks.java.lang.String.x", "1"),
                classLoader)).hasMessageContaining("(kart COMMAND ... -D 'kart.tasks.\"CLASS\".KEY=VALUE')");
    }

    @Test
    void otherSystemPropertiesOfKartsAreLeftToTheConfiguration() {
        assertThatCode(() -> KartConfigLoader.refuseTaskSections(properties("kart.workers", "4"), classLoader))
                .doesNotThrowAnyException();
        assertThatCode(() -> KartConfigLoader.refuseTaskSections(properties("kart.tasks", "{}"), classLoader))
                .doesNotThrowAnyException();
    }

    @Test
    void loadingTheConfigurationChecksTheJvmsSystemProperties() {
        System.setProperty(QUOTED, "3");
        ConfigFactory.invalidateCaches();
        try {
            assertThatThrownBy(() -> KartConfigLoader.load(getClass().getClassLoader(), Optional.empty(),
                    ConfigFactory.empty())).isInstanceOf(KartConfigException.class)
                    .hasMessageStartingWith("JVM system property 'kart.tasks.\"com.acme.Report\".top'");
        } finally {
            System.clearProperty(QUOTED);
            ConfigFactory.invalidateCaches();
        }
        Config loaded = KartConfigLoader.load(getClass().getClassLoader(), Optional.empty(), ConfigFactory.empty());
        assertThat(loaded.hasPath("kart.workers")).isTrue();
    }

    /** JAVA_OPTS=-Dkart.workrs=2: Typesafe Config reads every system property into the configuration. */
    @Test
    void anUnknownKeyGivenAsAJvmSystemPropertyIsReportedNamingTheProperty() {
        assertThatThrownBy(() -> loadWith("kart.workrs", "2")).isInstanceOf(KartConfigException.class)
                .hasMessage("unknown config key 'kart.workrs' (JVM system property -Dkart.workrs); did you mean"
                        + " 'kart.workers'?");
        assertThatThrownBy(() -> loadWith("kart.retry.cuont", "2")).hasMessage("unknown config key 'kart.retry.cuont'"
                + " (JVM system property -Dkart.retry.cuont); did you mean 'kart.retry.count'?");
        // under a section of kart's, any name is meant for kart
        assertThatThrownBy(() -> loadWith("kart.retry.later.x", "2")).hasMessageStartingWith("unknown config key"
                + " 'kart.retry.later' (JVM system property -Dkart.retry.later.x); known keys here: [count, delay]");
        assertThatThrownBy(() -> checkWith("kart.workrs", "2")).hasMessageStartingWith("unknown config key 'kart.workrs'"
                + " (JVM system property -Dkart.workrs)");
        assertThatThrownBy(() -> loadWith("kart.retry_count", "2")).hasMessage("unknown config key 'kart.retry_count'"
                + " (JVM system property -Dkart.retry_count); did you mean 'kart.retry.count'?");
    }

    @Test
    void aKnownKeyGivenAsAJvmSystemPropertyIsRead() {
        assertThat(loadWith("kart.workers", "3").getInt("kart.workers")).isEqualTo(3);
        assertThat(checkWith("kart.retry.count", "2").getInt("kart.retry.count")).isEqualTo(2);
    }

    /**
     * kart.storage.file.durable defaults to ${kart.durable}: kart.durable = false must reach it, or every publish
     * fsyncs the file and its directory (a cold task ten times slower) though the user turned that off.
     */
    @Test
    void aDefaultThatReadsAnotherKeyFollowsTheValueGivenToThatKey() {
        Config off = ConfigFactory.parseMap(java.util.Map.of("kart.durable", false), "the command line");

        Config loaded = KartConfigLoader.load(classLoader, Optional.empty(), off);
        Config checked = KartConfigLoader.check(off, classLoader);

        assertThat(loaded.getBoolean("kart.storage.file.durable")).isFalse();
        assertThat(checked.getBoolean("kart.storage.file.durable")).isFalse();
        assertThat(KartConfigLoader.load(classLoader, Optional.empty(), ConfigFactory.empty())
                .getBoolean("kart.storage.file.durable")).as("the default").isTrue();
    }

    /** docs/configuration.md's order: the command line's flags and -D win over JVM system properties (JAVA_OPTS). */
    @Test
    void theCommandLineWinsOverAJvmSystemPropertyOfTheSameKey() {
        Config commandLine = ConfigFactory.parseMap(java.util.Map.of("kart.workers", 2), "the command line");

        Config loaded = withSystemProperty("kart.workers", "3", () -> KartConfigLoader.load(classLoader, Optional.empty(),
                commandLine));

        assertThat(loaded.getInt("kart.workers")).isEqualTo(2);
        assertThat(ConfigOrigins.origin(loaded.getValue("kart.workers"))).isEqualTo("the command line");
    }

    /**
     * kart.log.level sets kart's console, and tests and benchmarks pass properties of their own under kart
     * (kart.jar, kart.bench.soak.seed): a name right under kart that is no slip of one of kart's keys is not
     * taken for one.
     */
    @Test
    void aSystemPropertyRightUnderKartThatIsNoSlipOfAKeyIsLeftToWhatReadsIt() {
        for (String name : new String[] {"kart.log.level", "kart.jar", "kart.bench.soak.seed", "kart.test.run-log"}) {
            assertThatCode(() -> loadWith(name, "1")).as(name).doesNotThrowAnyException();
        }
    }

    @Test
    void aSubstitutionThatNothingSetsNamesTheKeyReadingItAndHowToMakeItOptional(@TempDir Path classes) throws Exception {
        Path application = Files.writeString(classes.resolve("application.conf"), "# retries\nkart.retry.count = ${retries}\n");
        Path site = Files.writeString(classes.resolve("site.conf"), "kart {\n  retry.delay = ${DELAY_NOT_SET}s\n}\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, classLoader)) {
            assertThatThrownBy(() -> KartConfigLoader.load(loader, Optional.empty(), ConfigFactory.empty()))
                    .isInstanceOf(KartConfigException.class).hasMessage("config key 'kart.retry.count' (" + application
                            + ", line 2) reads ${retries}, which is neither a config key nor a set environment variable;"
                            + " write ${?retries} to make it optional");
        }
        assertThatThrownBy(() -> KartConfigLoader.load(classLoader, Optional.of(site), ConfigFactory.empty()))
                .hasMessage("config key 'kart.retry.delay' (" + site + ", line 2) reads ${DELAY_NOT_SET}, which is neither"
                        + " a config key nor a set environment variable; write ${?DELAY_NOT_SET} to make it optional");
    }

    @Test
    void aSubstitutionOfAKeyThatReadsAVariableThatIsNotSetNamesTheVariable(@TempDir Path classes) throws Exception {
        assumeThat(System.getenv(UNSET)).as("a variable no one sets").isNull();
        Path application = Files.writeString(classes.resolve("application.conf"), "retries = ${?" + UNSET + "}\n"
                + "kart.retry.count = ${retries}\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, classLoader)) {
            assertThatThrownBy(() -> KartConfigLoader.load(loader, Optional.empty(), ConfigFactory.empty()))
                    .hasMessage("config key 'kart.retry.count' (" + application + ", line 2) reads ${retries}, which is"
                            + " neither a config key nor a set environment variable (retries reads the environment"
                            + " variable " + UNSET + ", which is not set); write ${?retries} to make it optional");
        }
    }

    private Config loadWith(String property, String value) {
        return withSystemProperty(property, value, () -> KartConfigLoader.load(classLoader, Optional.empty(),
                ConfigFactory.empty()));
    }

    private Config checkWith(String property, String value) {
        return withSystemProperty(property, value, () -> KartConfigLoader.check(ConfigFactory.empty(), classLoader));
    }

    private static Config withSystemProperty(String property, String value, java.util.function.Supplier<Config> load) {
        System.setProperty(property, value);
        ConfigFactory.invalidateCaches();
        try {
            return load.get();
        } finally {
            System.clearProperty(property);
            ConfigFactory.invalidateCaches();
        }
    }

    private static Properties properties(String name, String value) {
        Properties properties = new Properties();
        properties.setProperty(name, value);
        return properties;
    }
}
