package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runnable jar and the launcher show on the console, started as separate processes the way
 * a user starts them: task log lines, {@code --quiet}, {@code --json}, {@code kart} alone,
 * {@code --version}, and {@code bin/kart} called through a symbolic link or from PATH.
 */
class KartConsoleIT {
    @TempDir
    Path directory;

    @Test
    void taskLogLinesReachStderrAtInfoEachNamingTheTaskOnce() throws Exception {
        Cli.Result result = KartProcess.runJar(directory, "run", "fixtures.Chatty", "--word=hello",
                "--classpath", KartProcess.tasksClasspath());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as("INFO and up, as luigi shows them; the task's class names it once")
                .isEqualTo("INFO Chatty: through the run context: hello\nINFO Chatty: through its own logger: hello\n");
        assertThat(result.out()).contains("* 1 ran successfully:").doesNotContain("hello\n", "INFO");
    }

    @Test
    void quietHidesTheTaskLogLinesButNotTheSummary() throws Exception {
        Cli.Result result = KartProcess.runJar(directory, "run", "fixtures.Chatty", "--word=hush", "--quiet",
                "--classpath", KartProcess.tasksClasspath());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("* 1 ran successfully:", "dev.kart.fixtures.Chatty(word=hush)");
    }

    @Test
    void kartLogLevelSetsTheLevelOfTheConsole() throws Exception {
        Cli.Result debug = KartProcess.run(directory, Map.of(), List.of(KartProcess.java(), "-Dkart.log.level=DEBUG",
                "-jar", KartProcess.jar().toString(), "run", "fixtures.Chatty", "--word=deep", "--classpath",
                KartProcess.tasksClasspath()));
        Cli.Result warn = KartProcess.run(directory, Map.of(), List.of(KartProcess.java(), "-Dkart.log.level=warn",
                "-jar", KartProcess.jar().toString(), "run", "fixtures.Chatty", "--word=shallow", "--classpath",
                KartProcess.tasksClasspath()));

        assertThat(debug.exitCode()).as(debug.toString()).isZero();
        assertThat(debug.err()).as(debug.toString()).contains("INFO Chatty: through the run context: deep\n",
                "DEBUG Chatty: a detail: deep\n");
        assertThat(debug.err()).as("the summary is printed on stdout, never logged").doesNotContain("execution summary");
        assertThat(warn.exitCode()).as(warn.toString()).isZero();
        assertThat(warn.err()).as(warn.toString()).doesNotContain("Chatty");
    }

    @Test
    void kartsOwnDashDSetsTheLevelAsTheSystemPropertyDoesAndQuietStillWins() throws Exception {
        Cli.Result debug = KartProcess.runJar(directory, "run", "fixtures.Chatty", "--word=deep", "-D", "kart.log.level=debug",
                "--classpath", KartProcess.tasksClasspath());
        Cli.Result quiet = KartProcess.runJar(directory, "run", "fixtures.Chatty", "--word=hush", "-D", "kart.log.level=DEBUG",
                "--quiet", "--classpath", KartProcess.tasksClasspath());
        Cli.Result bogus = KartProcess.runJar(directory, "run", "fixtures.Chatty", "--word=plain", "-D", "kart.log.level=loud",
                "--classpath", KartProcess.tasksClasspath());

        assertThat(debug.exitCode()).as(debug.toString()).isZero();
        assertThat(debug.err()).as(debug.toString()).contains("DEBUG Chatty: a detail: deep\n")
                .doesNotContain("unknown config key");
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).as("--quiet wins over -D, as flags do").isEmpty();
        assertThat(bogus.exitCode()).as(bogus.toString()).isZero();
        assertThat(bogus.err()).as(bogus.toString()).startsWith("kart: kart.log.level 'loud' is no log level")
                .contains("INFO Chatty: through the run context: plain\n").doesNotContain("a detail");
    }

    @Test
    void aLogbackConfigurationOfOnesOwnReplacesKartsAndQuietLeavesItAlone() throws Exception {
        Path configuration = Files.writeString(directory.resolve("my-logback.xml"), """
                <configuration>
                  <conversionRule conversionWord="cause" class="dev.kart.cli.ConsoleCauseConverter"/>
                  <appender name="mine" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>MINE %level [%logger] %msg%cause%n</pattern></encoder>
                  </appender>
                  <root level="DEBUG"><appender-ref ref="mine"/></root>
                </configuration>
                """);
        Cli.Result result = KartProcess.run(directory, Map.of(), List.of(KartProcess.java(),
                "-Dlogback.configurationFile=" + configuration, "-jar", KartProcess.jar().toString(), "run",
                "fixtures.Chatty", "--word=mine", "--quiet", "--classpath", KartProcess.tasksClasspath()));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString()).contains(
                "MINE INFO [dev.kart.fixtures.Chatty] through the run context: mine\n",
                "MINE DEBUG [dev.kart.fixtures.Chatty] a detail: mine\n");
        assertThat(result.out()).contains("* 1 ran successfully:");
    }

    @Test
    void jsonKeepsStdoutForTheReportAndLogLinesOnStderr() throws Exception {
        Cli.Result result = KartProcess.runJar(directory, "run", "fixtures.Chatty", "--word=json", "--json",
                "--classpath", KartProcess.tasksClasspath());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("{").endsWith("}\n").contains("\"schemaVersion\" : 1");
        assertThat(result.err()).contains("INFO Chatty: through the run context: json");
    }

    @Test
    void kartAlonePrintsTheUsageAndExitsWithTwo() throws Exception {
        Cli.Result result = KartProcess.runJar(directory);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: kart", "generate-completion");
    }

    @Test
    void versionNamesKartsReleaseAndTheJdk() throws Exception {
        Cli.Result result = KartProcess.runJar(directory, "--version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).matches("(?s)kart \\d+\\.\\d+\\.\\d+\\S*\\nJava \\S+ \\(.+\\)\\n")
                .contains("Java " + Runtime.version(), System.getProperty("java.vendor"));
    }

    @Test
    void theLauncherWorksThroughASymbolicLinkFromAnotherDirectoryAndFromPath() throws Exception {
        Path bin = Files.createDirectories(directory.resolve("my-bin"));
        Files.createSymbolicLink(bin.resolve("kart"), KartProcess.launcher().toAbsolutePath());
        Path elsewhere = Files.createDirectories(directory.resolve("elsewhere"));
        Map<String, String> environment = Map.of("KART_CDS", "off");

        Cli.Result linked = KartProcess.run(elsewhere, environment, List.of(bin.resolve("kart").toString(), "--version"));
        Cli.Result fromPath = KartProcess.run(elsewhere, Map.of("KART_CDS", "off",
                "PATH", bin + ":" + System.getenv("PATH")), List.of("bash", "-c", "kart --version"));

        for (Cli.Result result : List.of(linked, fromPath)) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).startsWith("kart ").contains("Java ");
            assertThat(result.err()).isEmpty();
        }
    }
}
