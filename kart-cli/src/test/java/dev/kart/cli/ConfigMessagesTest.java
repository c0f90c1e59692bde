package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration errors say where the wrong value was set and how to write it right. */
class ConfigMessagesTest {
    private static final String ECHO = "fixtures.Echo";

    @TempDir
    Path workspace;

    @Test
    void aValueOfTheWrongTypeSaysItWasSetOnTheCommandLine() {
        Cli.Result result = Cli.run("run", ECHO, "-D", "kart.workers=many", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("kart: config key 'kart.workers' (the command line) is the string 'many', expected"
                + " a number\n");
    }

    /** An empty value is said to be empty, one way whatever the key's type, not as '' or the string ''. */
    @Test
    void anEmptyValueIsSaidToBeEmptyWhateverItsKey() {
        Cli.Result prefix = Cli.run("run", ECHO, "-D", "kart.lock.prefix=", "--workspace", workspace.toString());
        Cli.Result durable = Cli.run("run", ECHO, "-D", "kart.durable=", "--workspace", workspace.toString());
        Cli.Result collision = Cli.run("run", ECHO, "-D", "kart.lock.on-collision=", "--workspace", workspace.toString());
        Cli.Result mode = Cli.run("run", ECHO, "-D", "kart.task-order.mode=", "--workspace", workspace.toString());
        Cli.Result seed = Cli.run("run", ECHO, "-D", "kart.task-order.seed=", "--workspace", workspace.toString());
        Cli.Result client = Cli.run("run", ECHO, "-D", "kart.lock.redis.client=", "--workspace", workspace.toString());

        assertThat(prefix.err()).as(prefix.toString()).startsWith("kart: config key 'kart.lock.prefix' (the command line)"
                + " is empty, expected a non-empty name without spaces\n");
        assertThat(durable.err()).as(durable.toString()).startsWith("kart: config key 'kart.durable' (the command line)"
                + " is empty, expected a boolean (true or false)\n");
        assertThat(collision.err()).as(collision.toString()).startsWith("kart: config key 'kart.lock.on-collision' (the"
                + " command line) is empty, expected one of fail, wait, defer\n");
        assertThat(mode.err()).as(mode.toString()).startsWith("kart: config key 'kart.task-order.mode' (the command"
                + " line) is empty, expected spread or graph\n");
        assertThat(seed.err()).as(seed.toString()).startsWith("kart: config key 'kart.task-order.seed' (the command"
                + " line) is empty, expected a name");
        assertThat(client.err()).as(client.toString()).contains("config key 'kart.lock.redis.client' (the command line)"
                + " is empty, expected \"auto\", \"jedis\" or \"redisson\"");
    }

    @Test
    void aValueSetAboveAKeyAFlagSetsIsRefusedNotLostWithEveryValueSetUnderIt() {
        Cli.Result result = Cli.run("run", ECHO, "-D", "kart.retry.count=abc", "-D", "kart=x", "--workspace",
                workspace.toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("kart: config key 'kart' (the command line) holds a string, but --workspace"
                + " sets 'kart.workspace' under it: expected an object ({ ... })\n");
    }

    /**
     * A flag replaces the -D value of its key before the configuration is assembled, as -D replaces a
     * config file's: the value is never read, so its type is not checked, and kart says so.
     */
    @Test
    void aDashDValueAFlagReplacesIsNotCheckedButWarnedAboutNamingTheFlag() {
        List<String> replaced = configWarningsOfARun("-D", "kart.lock.redis.port=abc", "--redis-host", "localhost",
                "--redis-port", "6380", "--lock-backend", "in-memory", "-D", "kart.lock.backend=redis");
        List<String> same = configWarningsOfARun("-D", "kart.lock.redis.port=6380", "--redis-host", "localhost",
                "--redis-port", "6380", "--lock-backend", "in-memory");

        assertThat(replaced).filteredOn(message -> message.startsWith("-D ")).containsExactly(
                "-D kart.lock.redis.port=abc is not read, nor its type checked: --redis-port sets kart.lock.redis.port to"
                        + " 6380, and a flag wins over -D; give only one of them",
                "-D kart.lock.backend=redis is not read, nor its type checked: --lock-backend sets kart.lock.backend to"
                        + " in-memory, and a flag wins over -D; give only one of them");
        assertThat(same).noneMatch(message -> message.startsWith("-D "));
    }

    /** --workers, the run command's own option, replaces -D kart.workers as the common flags do, and is named too. */
    @Test
    void aDashDValueThatWorkersReplacesIsWarnedAboutNamingIt() {
        List<String> replaced = configWarningsOfARun("-D", "kart.workers=abc", "--workers", "2");

        assertThat(replaced).filteredOn(message -> message.startsWith("-D ")).containsExactly(
                "-D kart.workers=abc is not read, nor its type checked: --workers sets kart.workers to 2, and a flag"
                        + " wins over -D; give only one of them");
    }

    /** The warning quotes both values, as kart quotes a workspace elsewhere: without its key pair. */
    @Test
    void aReplacedWorkspaceIsWarnedAboutWithoutItsKeyPair() {
        List<String> warnings = configWarningsOfARun("-D", "kart.workspace=s3://AKIAEXAMPLE:s3cr3t@bucket/p");

        assertThat(warnings).filteredOn(message -> message.startsWith("-D ")).singleElement().asString()
                .startsWith("-D kart.workspace=s3://***@bucket/p is not read, nor its type checked: --workspace sets"
                        + " kart.workspace to ")
                .doesNotContain("s3cr3t", "AKIAEXAMPLE");
    }

    @Test
    void taskSectionsThatAreNoObjectAreAOneLineConfigErrorNamingTheKey(@TempDir Path directory) throws IOException {
        Path config = Files.writeString(directory.resolve("tasks.conf"), "kart.tasks = 5\n");
        Path section = Files.writeString(directory.resolve("section.conf"), "kart.tasks.\"dev.kart.fixtures.Echo\" = [1]\n");

        Cli.Result defined = Cli.run("run", ECHO, "-D", "kart.tasks=x", "--workspace", workspace.toString());
        Cli.Result inFile = Cli.run("run", ECHO, "--config", config.toString(), "--workspace", workspace.toString());
        Cli.Result ofATask = Cli.run("run", ECHO, "--config", section.toString(), "--workspace", workspace.toString());

        assertThat(defined.exitCode()).as(defined.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(defined.err()).isEqualTo("kart: config key 'kart.tasks' (the command line) must be an object of task"
                + " sections (kart.tasks.\"com.acme.Report\" { top = 5 }), found the string 'x'\n");
        assertThat(inFile.exitCode()).as(inFile.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(inFile.err()).startsWith("kart: config key 'kart.tasks' (" + config + ", line 1) must be an object")
                .endsWith(", found the number 5\n");
        assertThat(ofATask.exitCode()).as(ofATask.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ofATask.err()).isEqualTo("kart: config key 'kart.tasks.\"dev.kart.fixtures.Echo\"' (" + section
                + ", line 1) must be an object of parameters and settings, found a list [ ... ]\n");
    }

    /** HOME stands for a variable a user sets: a test cannot set its own process's environment. */
    @Test
    void aTaskParameterSetFromAVariableAnApplicationConfReadsNamesTheVariableInTheTasksHelp(@TempDir Path classes)
            throws IOException {
        Files.writeString(classes.resolve("application.conf"), "kart.tasks.\"dev.kart.fixtures.Echo\".text = ${?HOME}\n");

        Cli.Result help = Cli.run("run", ECHO, "--classpath", classes.toString(), "--help");

        assertThat(help.exitCode()).as(help.toString()).isZero();
        // the help wraps its lines
        assertThat(help.out().replaceAll("\\s+", " ")).contains(".Echo\".text, environment variable HOME), used when not"
                + " given here.");
    }

    @Test
    void aLogLevelInAConfigFileSaysWhereTheConsolesLevelIsSetInsteadOfSuggestingLock(@TempDir Path classes)
            throws IOException {
        Path application = Files.writeString(classes.resolve("application.conf"), "kart.log.level = DEBUG\n");

        Cli.Result result = Cli.run("run", ECHO, "--classpath", classes.toString(), "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: config key 'kart.log.level' (" + application
                + ", line 1) is no setting of the configuration: kart's console log level is the JVM system property"
                + " kart.log.level (JAVA_OPTS=-Dkart.log.level=DEBUG, or kart run -D kart.log.level=DEBUG)");
    }

    @Test
    void aSubstitutionOfAnApplicationConfThatNothingSetsNamesTheKeyTheFileAndTheLine(@TempDir Path classes)
            throws IOException {
        // a variable no environment sets
        String unset = "KART_TEST_NEVER_SET_7F3C";
        assumeThat(System.getenv(unset)).isNull();
        Path application = Files.writeString(classes.resolve("application.conf"), "kart.retry.delay = ${?" + unset + "}s\n"
                + "kart.retry.count = ${retries}\n");

        Cli.Result required = Cli.run("run", ECHO, "--classpath", classes.toString(), "--workspace", workspace.toString());
        Files.writeString(application, "kart.retry.delay = ${?" + unset + "}s\n");
        Cli.Result optional = Cli.run("run", ECHO, "--classpath", classes.toString(), "--workspace", workspace.toString());

        assertThat(required.exitCode()).as(required.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(required.err().lines()).as(required.toString()).containsExactly("kart: config key 'kart.retry.count' ("
                + application + ", line 2) reads ${retries}, which is neither a config key nor a set environment variable;"
                + " write ${?retries} to make it optional");
        assertThat(optional.exitCode()).as(optional.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(optional.err().lines()).as(optional.toString()).containsExactly("kart: config key 'kart.retry.delay' ("
                + application + ", line 1) is 's', expected a duration such as 30s or 5m (units: ns, us, ms, s, m, h, d);"
                + " it reads the environment variable "
                + unset + ", which is not set");
    }

    @Test
    void aSubstitutionThatNothingSetsInATaskJarsReferenceConfNamesThatFileNotKartsDefaults(@TempDir Path directory)
            throws IOException {
        Path jar = jar(directory.resolve("tasks.jar"), Map.of("reference.conf", "myapp {\n  x = ${missing.key}\n}\n"));

        Cli.Result result = Cli.run("run", ECHO, "--classpath", jar.toString(), "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: config key 'myapp.x' (jar:"
                + jar.toUri().toURL() + "!/reference.conf, line 2) reads ${missing.key}, which is neither a config key nor a set"
                + " environment variable; write ${?missing.key} to make it optional");
    }

    @Test
    void anIncludeCycleIsOneLineNamingTheFilesOfTheCycle(@TempDir Path directory, @TempDir Path classes)
            throws IOException {
        Path config = Files.writeString(directory.resolve("kart.conf"), "include \"a.conf\"\nkart.workers = 2\n");
        Path a = Files.writeString(directory.resolve("a.conf"), "include \"b.conf\"\n");
        Path b = Files.writeString(directory.resolve("b.conf"), "kart.retry.count = 1\ninclude \"a.conf\"\n");
        Files.writeString(classes.resolve("application.conf"), "include \"application.conf\"\n");

        Cli.Result inFile = Cli.run("run", ECHO, "--config", config.toString(), "--workspace", workspace.toString());
        Cli.Result onClassPath = Cli.run("run", ECHO, "--classpath", classes.toString(), "--workspace",
                workspace.toString());

        assertThat(inFile.exitCode()).as(inFile.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(inFile.err().lines()).as(inFile.toString()).containsExactly("kart: invalid configuration: the config"
                + " files include each other in a cycle: " + a + " includes " + b + ", which includes " + a + " again;"
                + " expected includes that end: remove one of them");
        assertThat(onClassPath.exitCode()).as(onClassPath.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(onClassPath.err().lines()).as(onClassPath.toString()).containsExactly("kart: invalid configuration:"
                + " the config files include each other in a cycle: application.conf on the class path includes itself;"
                + " expected includes that end: remove one of them");
    }

    /** kart's own reference.conf comes first on the class path, and the first one's value wins. */
    @Test
    void aWorkspaceThatATaskJarsReferenceConfSetsIsWarnedAboutAsNotReadNamingTheJar(@TempDir Path directory)
            throws IOException {
        Path jar = jar(directory.resolve("tasks.jar"), Map.of("reference.conf", "kart.workspace = "
                + directory.resolve("from-jar") + "\n"));
        assertThat(configWarningsOfARun("--classpath", jar.toString(), "--dry-run"))
                .containsExactly("config key 'kart.workspace' (jar:" + jar.toUri().toURL() + "!/reference.conf, line 1) is"
                        + " not read: kart's own reference.conf sets it first, and a reference.conf holds the defaults of its"
                        + " own library's keys only; set it in application.conf (in the tasks' jar, or a directory given"
                        + " with --classpath), a --config file or with -D");
    }

    @Test
    void aTaskSectionGivenAsAJvmSystemPropertyIsAOneLineConfigErrorNamingThePropertyAndTheKeyToGiveInstead() {
        // as JAVA_TOOL_OPTIONS='-Dkart.tasks."dev.kart.fixtures.Echo".text=hi' gives it: the JVM drops the quotes
        String property = "kart.tasks.dev.kart.fixtures.Echo.text";
        System.setProperty(property, "hi");
        ConfigFactory.invalidateCaches();
        Cli.Result result;
        try {
            result = Cli.run("tree", ECHO, "--workspace", workspace.toString());
        } finally {
            System.clearProperty(property);
            ConfigFactory.invalidateCaches();
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: JVM system property"
                + " 'kart.tasks.dev.kart.fixtures.Echo.text' (java -D..., as in JAVA_OPTS, JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS) sets a"
                + " key of a task section, which a system property cannot: Typesafe Config splits a system property's name"
                + " at every dot and reads no quotes, so it names no task class. Give it with kart's own -D instead, after"
                + " any command (kart COMMAND ... -D 'kart.tasks.\"dev.kart.fixtures.Echo\".text=hi'), in application.conf,"
                + " or in a file given with --config");
    }

    /**
     * As JAVA_OPTS=-Dkart.workrs=2 gives it; the surefire run itself passes kart.jar and kart.fixtures, which
     * are no slips of kart's keys and are left alone, as kart.log.level is.
     */
    @Test
    void anUnknownKeyGivenAsAJvmSystemPropertyIsAConfigErrorNamingTheProperty() {
        Cli.Result typo = withSystemProperty("kart.workrs", "2", () -> Cli.run("run", ECHO, "--workspace",
                workspace.toString()));
        Cli.Result level = withSystemProperty("kart.log.level", "WARN", () -> Cli.run("run", ECHO, "--workspace",
                workspace.toString()));
        Cli.Result tasks = withSystemProperty("kart.tasks", "abc", () -> Cli.run("run", ECHO, "--workspace",
                workspace.toString()));

        assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err().lines()).as(typo.toString()).containsExactly("kart: unknown config key 'kart.workrs' (JVM"
                + " system property -Dkart.workrs); did you mean 'kart.workers'?");
        assertThat(level.exitCode()).as(level.toString()).isZero();
        assertThat(tasks.err().lines()).as(tasks.toString()).containsExactly("kart: config key 'kart.tasks' (JVM system"
                + " property -Dkart.tasks) must be an object of task sections (kart.tasks.\"com.acme.Report\" { top = 5 }),"
                + " found the string 'abc'");
    }

    private static Cli.Result withSystemProperty(String name, String value, java.util.function.Supplier<Cli.Result> run) {
        System.setProperty(name, value);
        ConfigFactory.invalidateCaches();
        try {
            return run.get();
        } finally {
            System.clearProperty(name);
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void aWorkspaceOfAnUnknownSchemeIsAOneLineConfigErrorNamingTheSchemesAndTheS3Module() {
        for (String command : new String[] {"run", "tree", "info", "clean"}) {
            // kart-cli ships kart-storage-s3, so s3 is among the schemes found; gs is not
            Cli.Result result = Cli.run(command, ECHO, "--workspace", "gs://bucket/prefix");

            assertThat(result.exitCode()).as(command + ": " + result).isEqualTo(ExitCodes.USAGE);
            String first = result.err().lines().findFirst().orElse("");
            assertThat(first).as(command).startsWith("kart: config key 'kart.workspace' (--workspace) is"
                    + " 'gs://bucket/prefix'").contains("schemes found: file, s3.", "kart-storage-s3");
        }
    }

    @Test
    void aConfigurationErrorIsOneLineWithoutTheUsageHintThatAUsageErrorGets() {
        Cli.Result config = Cli.run("run", ECHO, "-D", "kart.workers=0", "--workspace", workspace.toString());
        Cli.Result usage = Cli.run("run", "fixtures.NoSuchTask", "--workspace", workspace.toString());

        assertThat(config.exitCode()).as(config.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(config.err().lines()).as(config.toString()).containsExactly("kart: config key 'kart.workers' (the command"
                + " line) is 0, expected at least 1");
        assertThat(usage.exitCode()).as(usage.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err().lines()).as(usage.toString()).last().isEqualTo("Run 'kart run --help' for usage.");
    }

    @Test
    void anEmptyWorkspaceIsAOneLineConfigErrorNotTheWorkingDirectory() {
        Cli.Result flag = Cli.run("run", ECHO, "--workspace", "");
        Cli.Result defined = Cli.run("run", ECHO, "-D", "kart.workspace=");
        Cli.Result blank = Cli.run("run", ECHO, "--workspace", " ");

        assertThat(flag.exitCode()).as(flag.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(flag.err().lines()).as(flag.toString()).containsExactly("kart: config key 'kart.workspace'"
                + " (--workspace) is empty, expected a directory (or a path where kart may create one; . for the working"
                + " directory)");
        assertThat(defined.exitCode()).as(defined.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(defined.err()).as(defined.toString()).startsWith("kart: config key 'kart.workspace' (the command line)"
                + " is empty, expected a directory");
        assertThat(blank.exitCode()).as(blank.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(blank.err()).as(blank.toString()).startsWith("kart: config key 'kart.workspace' (--workspace) is"
                + " blank (' '), expected a directory");
        assertThat(Path.of("log")).as("task info kart would have written in the working directory").doesNotExist();
    }

    @Test
    void aWorkspaceLikeAStorageUriMissingItsColonIsAOneLineConfigErrorNotALocalDirectory() {
        // relative, so that the directory the bug made would be in the working directory
        for (String scheme : new String[] {"s3", "file", "S3"}) {
            String written = scheme + "//kart-colon-" + scheme.toLowerCase(java.util.Locale.ROOT) + "/p";
            Cli.Result result = Cli.run("run", ECHO, "--workspace", written);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: config key 'kart.workspace'"
                    + " (--workspace) is '" + written + "', which looks like an " + scheme.toLowerCase(java.util.Locale.ROOT)
                    + ":// URI missing its ':' and would be taken as a local directory; write " + scheme + ":"
                    + written.substring(scheme.length()) + ", or ./" + written + " to mean that directory");
            assertThat(Path.of(scheme)).as("the directory kart would have made").doesNotExist();
        }
        Cli.Result withKeys = Cli.run("run", ECHO, "--workspace", "s3//AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG@b/p");
        assertThat(withKeys.exitCode()).as(withKeys.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(withKeys.err()).contains("is 's3//***@b/p'", "write s3://***@b/p")
                .doesNotContain("wJalr", "AKIAIOSFODNN7EXAMPLE");
        // a path that does not start with the scheme is the directory, '//' and all, as before
        Cli.Result path = Cli.run("run", ECHO, "--workspace", workspace + "/s3//bucket/p");
        assertThat(path.exitCode()).as(path.toString()).isZero();
        assertThat(workspace.resolve("s3/bucket/p")).isDirectory();
    }

    @Test
    void anS3WorkspaceWithAnEmptySegmentIsAOneLineConfigErrorNamingIt() {
        for (String written : new String[] {"s3://kart-bucket//p", "s3://kart-bucket/a//b", "s3://kart-bucket/p//"}) {
            Cli.Result result = Cli.run("run", ECHO, "--workspace", written);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: workspace " + written
                    + " (kart.workspace) has an empty segment (a doubled '/') in its prefix; expected"
                    + " s3://bucket/prefix/of/segments, no segment empty, '.' or '..' (one trailing '/' is allowed)");
        }
    }

    @Test
    void aKeyPairWrittenIntoTheWorkspaceIsNeverShownEvenWhenItBreaksTheUri() {
        // AWS secrets may hold '/', '%' or spaces: the URI then has no user information, or does not parse
        for (String workspace : new String[] {"s3://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCY@team-bucket/p",
                "s3://AKIAIOSFODNN7EXAMPLE:wJalr XUtn%FEMI@team-bucket/p", "gs://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI@b/p"}) {
            Cli.Result result = Cli.run("run", ECHO, "-v", "--workspace", workspace);

            assertThat(result.exitCode()).as(workspace + ": " + result).isEqualTo(ExitCodes.USAGE);
            String redacted = workspace.substring(0, 5) + "***" + workspace.substring(workspace.lastIndexOf('@'));
            assertThat(result.err() + result.out()).as(workspace).contains(redacted)
                    .doesNotContain("wJalr", "AKIAIOSFODNN7EXAMPLE");
        }
    }

    @Test
    void aFileUriWorkspaceIsTheDirectory() {
        Cli.Result byUri = Cli.run("run", ECHO, "--workspace", workspace.toUri().toString());
        Cli.Result byPath = Cli.run("run", ECHO, "--workspace", workspace.toString());

        assertThat(byUri.exitCode()).as(byUri.toString()).isZero();
        assertThat(byPath.exitCode()).as(byPath.toString()).isZero();
        assertThat(byPath.out()).contains("1 was already complete");
    }

    /** -D karts.workers=2 is as unread as the same key in a config file, and warned about the same way. */
    @Test
    void aKartKeyOutsideKartGivenWithDIsWarnedAboutAsInAConfigFile() {
        assertThat(configWarningsOfARun("-D", "karts.workers=2")).containsExactly("config key 'karts' (the command line)"
                + " is not under 'kart', so kart does not read it; did you mean 'kart.workers'?");
    }

    @Test
    void aGokartSettingNameGivenWithDAtTheTopLevelIsWarnedAboutWithKartsKey() {
        // by name, as -D values have no line; in the same order every run
        assertThat(configWarningsOfARun("-D", "retry_count=2", "-D", "redis_fail_on_collision=true"))
                .containsExactly("config key 'redis_fail_on_collision' (the command line) is not under 'kart',"
                        + " so kart does not read it; did you mean 'kart.lock.fail-on-collision'?",
                        "config key 'retry_count' (the command line) is not under 'kart', so kart does not read it; did"
                        + " you mean 'kart.retry.count'?");
    }

    /**
     * @param options given after {@code run ECHO}, before {@code --workspace}
     * @return the run of {@code ECHO} in the test's workspace
     */
    private Cli.Result runEcho(String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "run";
        args[1] = ECHO;
        System.arraycopy(options, 0, args, 2, options.length);
        args[args.length - 2] = "--workspace";
        args[args.length - 1] = workspace.toString();
        return Cli.run(args);
    }

    /**
     * @param options given after {@code run ECHO}, before {@code --workspace}
     * @return what a run that succeeds with them logged on {@code dev.kart.config}
     */
    private List<String> configWarningsOfARun(String... options) {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("dev.kart.config");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        List<String> arguments = new java.util.ArrayList<>(List.of("run", ECHO));
        arguments.addAll(List.of(options));
        arguments.addAll(List.of("--workspace", workspace.toString()));
        Cli.Result result;
        try {
            result = Cli.run(arguments.toArray(String[]::new));
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return logged.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aValueOfTheWrongTypeInTheSectionOfABackendNotChosenStopsKartAtStartNamingTheKey() {
        // the in-memory backend: nothing of this run reads kart.lock.redis, whose port would stop a run that did
        Cli.Result port = Cli.run("run", ECHO, "-D", "kart.lock.redis.port=abc", "--workspace", workspace.toString());
        Cli.Result ssl = Cli.run("run", ECHO, "-D", "kart.lock.redis.ssl=maybe", "--workspace", workspace.toString());
        Cli.Result timeout = Cli.run("run", ECHO, "-D", "kart.lock.redis.connect-timeout=5", "--workspace",
                workspace.toString());
        Cli.Result word = Cli.run("run", ECHO, "-D", "kart.lock.redis.connect-timeout=abc", "--workspace",
                workspace.toString());
        Cli.Result fraction = Cli.run("run", ECHO, "-D", "kart.lock.redis.pool-size=1.5", "--workspace",
                workspace.toString());

        for (Cli.Result result : List.of(port, ssl, timeout, word, fraction)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.out()).as("nothing ran").isEmpty();
        }
        assertThat(port.err().lines()).as(port.toString()).containsExactly("kart: config key 'kart.lock.redis.port' (the"
                + " command line) is the string 'abc', expected a number");
        assertThat(ssl.err()).as(ssl.toString()).startsWith("kart: config key 'kart.lock.redis.ssl' (the command line)"
                + " is the string 'maybe', expected a boolean");
        assertThat(timeout.err()).as(timeout.toString()).startsWith("kart: config key 'kart.lock.redis.connect-timeout'"
                + " (the command line) is 5 without a unit");
        assertThat(word.err().lines()).as(word.toString()).containsExactly("kart: config key"
                + " 'kart.lock.redis.connect-timeout' (the command line) is 'abc', expected a duration such as 30s or 5m"
                + " (units: ns, us, ms, s, m, h, d)");
        // read as 1 unsaid before
        assertThat(fraction.err().lines()).as(fraction.toString()).containsExactly("kart: config key"
                + " 'kart.lock.redis.pool-size' (the command line) is 1.5, expected a whole number");
    }

    /**
     * A key whose default is null has no type in reference.conf to compare with: the Redis module checks its own
     * section at start, also when the in-memory backend is chosen, without connecting.
     */
    @Test
    void aMalformedValueOfANullableRedisKeyStopsKartAtStartWhenTheInMemoryBackendIsChosen(@TempDir Path directory)
            throws IOException {
        Path config = Files.writeString(directory.resolve("kart.conf"),
                "kart.lock {\n  backend = in-memory\n  redis.timeout = abc\n}\n");

        Cli.Result timeout = runEcho("--config", config.toString());
        Cli.Result url = runEcho("-D", "kart.lock.backend=in-memory", "-D", "kart.lock.redis.url=http://x");
        Cli.Result port = runEcho("-D", "kart.lock.redis.port=70000");
        Cli.Result client = runEcho("-D", "kart.lock.redis.client=lettuce");

        for (Cli.Result result : List.of(timeout, url, port, client)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.out()).as("nothing ran").isEmpty();
            assertThat(result.err().lines()).as(result.toString()).hasSize(1);
        }
        assertThat(timeout.err()).isEqualTo("kart: config key 'kart.lock.redis.timeout' (" + config + ", line 3) is"
                + " 'abc', expected a duration such as 30s or 5m (units: ns, us, ms, s, m, h, d)\n");
        assertThat(url.err()).startsWith("kart: config key 'kart.lock.redis.url' (the command line)")
                .contains("expected redis://");
        assertThat(port.err()).isEqualTo("kart: config key 'kart.lock.redis.port' (the command line) is 70000, expected"
                + " a TCP port from 1 to 65535\n");
        assertThat(client.err()).startsWith("kart: config key 'kart.lock.redis.client' (the command line) is 'lettuce'");
    }

    /** What depends on other keys, such as the command timeout against the lease TTL, is Redis's to check only when chosen. */
    @Test
    void aRedisSettingThatOnlyClashesWithAnotherKeyDoesNotStopTheInMemoryBackend() {
        // the default command-timeout, 5s, is not below a renew interval of 3s: a Redis run would refuse it
        Cli.Result result = Cli.run("run", ECHO, "-D", "kart.lock.ttl=9s", "-D", "kart.lock.redis.timeout=9s",
                "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    /** The Redis backend's own range checks name where the value was set, as the runtime's do. */
    @Test
    void aRedisSettingOutOfRangeNamesWhereItWasSet(@TempDir Path directory) throws IOException {
        Path config = directory.resolve("redis.conf");
        Files.writeString(config, "kart.lock.redis {\n  host = localhost\n  pool-size = 0\n}\n");

        Cli.Result fromFile = Cli.run("run", ECHO, "--config", config.toString(), "--workspace", workspace.toString());
        Cli.Result fromDefine = Cli.run("run", ECHO, "--redis-host", "localhost", "-D", "kart.lock.redis.command-timeout=1m",
                "--workspace", workspace.toString());

        assertThat(fromFile.exitCode()).as(fromFile.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromFile.err()).startsWith("kart: config key 'kart.lock.redis.pool-size' (" + config + ", line 3) is 0,"
                + " expected at least 1\n");
        assertThat(fromDefine.exitCode()).as(fromDefine.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromDefine.err()).startsWith("kart: config key 'kart.lock.redis.command-timeout' (the command line) is"
                + " 1m, expected less than the renew interval (1m, a third of the default kart.lock.ttl = 180s), ");
    }

    /** HOCON reads 180 as milliseconds, gokart's redis_timeout = 180 means seconds: a bare number is refused. */
    @Test
    void aDurationWithoutAUnitIsRefusedNamingTheKeyWhereverItWasSet(@TempDir Path directory) throws IOException {
        Path config = directory.resolve("redis.conf");
        Files.writeString(config, "kart.lock.redis {\n  host = localhost\n  timeout = 180\n}\n");

        Cli.Result redis = Cli.run("run", ECHO, "--config", config.toString(), "--workspace", workspace.toString());
        Cli.Result ttl = Cli.run("run", ECHO, "-D", "kart.lock.ttl=180", "--workspace", workspace.toString());
        Cli.Result zero = Cli.run("run", ECHO, "-D", "kart.retry.delay=0", "--workspace", workspace.toString());
        Cli.Result iso = Cli.run("run", ECHO, "-D", "kart.retry.delay=PT5M", "--workspace", workspace.toString());
        Cli.Result negative = Cli.run("run", ECHO, "-D", "kart.retry.delay=-5", "--workspace", workspace.toString());

        assertThat(redis.exitCode()).as(redis.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(redis.err().lines()).as(redis.toString()).containsExactly("kart: config key 'kart.lock.redis.timeout' ("
                + config + ", line 3) is 180 without a unit, which would be read as 180 milliseconds; write the unit,"
                + " such as 180s or 180ms");
        assertThat(ttl.exitCode()).as(ttl.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ttl.err().lines()).as(ttl.toString()).containsExactly("kart: config key 'kart.lock.ttl' (the command"
                + " line) is 180 without a unit, which would be read as 180 milliseconds; write the unit, such as 180s or 180ms");
        assertThat(zero.exitCode()).as("0 is 0 in every unit").isZero();
        assertThat(iso.exitCode()).as("ISO-8601, as the docs and task parameters take it: " + iso).isZero();
        assertThat(negative.err().lines()).as(negative.toString()).containsExactly("kart: config key 'kart.retry.delay'"
                + " (the command line) is -5, expected a non-negative duration such as 30s or 5m");
    }

    @Test
    void aValueOutOfRangeNamesTheFileAndLineThatSetIt(@TempDir Path directory) throws IOException {
        Path config = directory.resolve("site.conf");
        Files.writeString(config, "kart {\n  retry.count = -1\n}\n");
        Path policy = directory.resolve("policy.conf");
        Files.writeString(policy, "kart.lock.on-collision = sometimes\n");
        Path order = directory.resolve("order.conf");
        Files.writeString(order, "\nkart.task-order.mode = random\n");

        Cli.Result count = Cli.run("run", ECHO, "--config", config.toString(), "--workspace", workspace.toString());
        Cli.Result collision = Cli.run("run", ECHO, "--config", policy.toString(), "--workspace", workspace.toString());
        Cli.Result mode = Cli.run("run", ECHO, "--config", order.toString(), "--workspace", workspace.toString());

        assertThat(count.exitCode()).as(count.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(count.err()).contains("config key 'kart.retry.count' (" + config + ", line 2) is -1, expected at"
                + " least 0");
        assertThat(collision.err()).contains("config key 'kart.lock.on-collision' (" + policy + ", line 1) is"
                + " 'sometimes', expected one of fail, wait, defer");
        assertThat(mode.err()).contains("config key 'kart.task-order.mode' (" + order + ", line 2) is 'random',"
                + " expected spread or graph");
    }

    @Test
    void aRenewIntervalNotBelowTheTtlNamesBothAsWrittenNotInIsoForm() {
        Cli.Result result = Cli.run("run", ECHO, "-D", "kart.lock.ttl=5m", "-D", "kart.lock.renew-interval=10m",
                "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines()).as(result.toString()).containsExactly("kart: config key 'kart.lock.renew-interval'"
                + " (the command line) is 10m, expected less than kart.lock.ttl = 5m so leases are renewed before they expire");

        // as the user wrote them, not the 1m and 2m they equal
        Cli.Result seconds = Cli.run("run", ECHO, "-D", "kart.lock.ttl=60s", "-D", "kart.lock.renew-interval=120s",
                "--workspace", workspace.toString());
        assertThat(seconds.err().lines()).as(seconds.toString()).containsExactly("kart: config key 'kart.lock.renew-interval'"
                + " (the command line) is 120s, expected less than kart.lock.ttl = 60s so leases are renewed before they"
                + " expire");
    }

    /**
     * Typesafe Config reads a duration in nanoseconds, a long of them: it would read 1000000d as about 292 years
     * without a word, and a count no long holds as no number. Both are refused with the bound; the bound itself is
     * read and quoted whole.
     */
    @Test
    void aDurationLongerThanALongOfNanosecondsIsRefusedWithTheLongestThatIsRead(@TempDir Path directory)
            throws IOException {
        Path config = Files.writeString(directory.resolve("forever.conf"), "kart.lock.ttl = 1000000d\n");

        Cli.Result days = runEcho("--config", config.toString());
        Cli.Result nanos = runEcho("-D", "kart.interrupt-grace=9223372036854775808ns");
        Cli.Result longest = runEcho("-D", "kart.lock.ttl=9223372036854775807ns", "-D",
                "kart.lock.renew-interval=9223372036854775807ns");

        assertThat(days.exitCode()).as(days.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(days.err().lines()).as(days.toString()).containsExactly("kart: config key 'kart.lock.ttl' (" + config
                + ", line 1) is '1000000d', expected at most 106751d (durations are read in nanoseconds, which a long"
                + " counts up to 9223372036854775807ns, about 292 years; ISO-8601 holds a longer one, such as P1000000D)");
        assertThat(nanos.exitCode()).as(nanos.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(nanos.err()).as(nanos.toString()).contains("kart: config key 'kart.interrupt-grace' (the command line)"
                + " is '9223372036854775808ns', expected at most 106751d (");
        assertThat(longest.err().lines()).as(longest.toString()).containsExactly("kart: config key"
                + " 'kart.lock.renew-interval' (the command line) is 9223372036854775807ns, expected less than kart.lock.ttl"
                + " = 9223372036854775807ns so leases are renewed before they expire");
    }

    @Test
    void anUnknownLockBackendListsTheBackendsOnTheClassPath() {
        Cli.Result result = Cli.run("run", ECHO, "--lock-backend", "zookeeper", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("config key 'kart.lock.backend' (--lock-backend) is 'zookeeper', but no lock"
                + " backend of that name is on the class path; found: in-memory, redis, or auto (")
                .doesNotContain("kart-lock-zookeeper");
    }

    @Test
    void aTaskSectionWhoseClassNameIsNotQuotedSaysHowToQuoteIt() {
        Cli.Result result = Cli.run("run", ECHO, "-D", "kart.tasks.dev.kart.fixtures.Echo.text=hi", "--workspace",
                workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("config key 'kart.tasks.\"dev\"' (the command line) names no task class",
                "because the class name is not quoted; write it as -D 'kart.tasks.\"dev.kart.fixtures.Echo\".text=hi'")
                .doesNotContain("withValue");
        Cli.Result quoted = Cli.run("run", ECHO, "-D", "kart.tasks.\"dev.kart.fixtures.Echo\".text=hi", "--workspace",
                workspace.toString());
        assertThat(quoted.exitCode()).as(quoted.toString()).isZero();
    }

    @Test
    void aTaskSectionWithAMisspeltClassNameSuggestsTheIndexedTaskItMeant() {
        Cli.Result result = Cli.run("run", ECHO, "-D", "kart.tasks.\"dev.kart.fixtures.Ecko\".text=hi", "--workspace",
                workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("config key 'kart.tasks.\"dev.kart.fixtures.Ecko\"' (the command line) names no"
                + " task class dev.kart.fixtures.Ecko on the class path",
                "(did you mean 'kart.tasks.\"dev.kart.fixtures.Echo\"'?)");
    }

    @Test
    void aTaskSectionKeyedByATasksShortNameSuggestsItsFullyQualifiedName() {
        Cli.Result result = Cli.run("run", ECHO, "-D", "kart.tasks.Echo.text=hi", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains(
                "config key 'kart.tasks.\"Echo\"' (the command line) names no task class Echo on the class path",
                "keyed by the task's fully qualified class name (did you mean 'kart.tasks.\"dev.kart.fixtures.Echo\"'?)");
    }

    @Test
    void aTaskSectionWithAWrongPackageAndAMisspeltSimpleNameSuggestsTheTaskOfTheNearestSimpleName() {
        Cli.Result result = Cli.run("run", ECHO, "-D", "kart.tasks.\"fixtures.Ecko\".text=hi", "--workspace",
                workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("(did you mean 'kart.tasks.\"dev.kart.fixtures.Echo\"'?)");
    }

    @Test
    void aTaskSectionNamingNothingLikeAnIndexedTaskSuggestsNone() {
        Cli.Result result = Cli.run("run", ECHO, "-D", "kart.tasks.\"org.example.Unrelated\".text=hi", "--workspace",
                workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("names no task class org.example.Unrelated on the class path")
                .doesNotContain("did you mean");
    }

    @Test
    void aParameterValueOfTheWrongTypeInAFileNamesTheKeyTheFileAndTheLineWithoutTheUsageHint(@TempDir Path directory)
            throws IOException {
        Path config = directory.resolve("tasks.conf");
        Files.writeString(config, "kart.tasks.\"dev.kart.fixtures.Slow\" {\n  n = \"twenty\"\n}\n");

        Cli.Result result = Cli.run("run", "fixtures.Slow", "--seconds=0", "--config", config.toString(), "--workspace",
                workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("config key 'kart.tasks.\"dev.kart.fixtures.Slow\".n' (" + config
                + ", line 2) is a bad value for parameter 'n' of task dev.kart.fixtures.Slow: 'twenty' is not a valid int")
                .doesNotContain("--help");
    }

    @Test
    void aBadParameterValueInTheSectionOfATaskTheBuildDoesNotMakeStopsItAtStart() {
        Cli.Result result = Cli.run("run", ECHO, "-D", "kart.tasks.\"dev.kart.fixtures.Slow\".n=five", "--workspace",
                workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("config key 'kart.tasks.\"dev.kart.fixtures.Slow\".n' (the command line)"
                + " is a bad value for parameter 'n' of task dev.kart.fixtures.Slow: 'five' is not a valid int");
        assertThat(result.out()).as("nothing ran").doesNotContain("ran successfully");
    }

    @Test
    void aTaskSectionInAFileWhoseClassNameIsNotQuotedSaysHowToWriteItThere(@TempDir Path directory) throws IOException {
        Path config = directory.resolve("tasks.conf");
        Files.writeString(config, "kart.tasks.dev.kart.fixtures.Echo {\n  text = hi\n}\n");

        Cli.Result result = Cli.run("run", ECHO, "--config", config.toString(), "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("config key 'kart.tasks.\"dev\"' (" + config + ", line 1) names no task class",
                "write it as kart.tasks.\"dev.kart.fixtures.Echo\".text = \"hi\"");
    }

    /** A jar of these entries, written as the JDK's jar tool writes one. */
    private static Path jar(Path jar, Map<String, String> entries) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
