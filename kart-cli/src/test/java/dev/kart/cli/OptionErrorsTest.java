package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How kart words a missing or refused value of one of its own options. */
class OptionErrorsTest {
    private static final String ECHO = "fixtures.Echo";

    @TempDir
    Path workspace;

    @Test
    void anOptionOfKartsWithoutItsValueIsNamedAsTypedWithTheValueItTakes() {
        Cli.Result shortName = Cli.run("run", ECHO, "--workspace", workspace.toString(), "-D");
        Cli.Result longName = Cli.run("run", ECHO, "--workspace", workspace.toString(), "-D", "kart.workers=2", "--set");
        Cli.Result beforeAnOption = Cli.run("run", ECHO, "-D", "--workers", "2", "--workspace", workspace.toString());
        Cli.Result clustered = Cli.run("run", ECHO, "--workspace", workspace.toString(), "-vD");

        assertThat(shortName.exitCode()).as(shortName.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(shortName.err().lines()).as(shortName.toString()).containsExactly(
                "kart: -D needs a value: give -D KEY=VALUE", "Run 'kart run --help' for usage.");
        assertThat(longName.err()).as(longName.toString()).startsWith("kart: --set needs a value: give --set KEY=VALUE\n");
        assertThat(beforeAnOption.err()).as(beforeAnOption.toString()).startsWith("kart: -D needs a value, but the next"
                + " word, --workers, is an option: give -D KEY=VALUE\n");
        assertThat(clustered.err()).as(clustered.toString()).startsWith("kart: -D needs a value: give -D KEY=VALUE\n");
    }

    @Test
    void aWorkspaceUnderATildeNoShellExpandedIsRefusedBeforeADirectoryNamedTildeIsMade() throws IOException {
        Path config = Files.writeString(workspace.resolve("tilde.conf"), "kart.workspace = \"~bob\"\n");
        Cli.Result flag = Cli.run("run", ECHO, "--workspace=~/kart-ws");
        Cli.Result setting = Cli.run("tree", ECHO, "-D", "kart.workspace=~/kart-ws");
        Cli.Result file = Cli.run("run", ECHO, "--config", config.toString());
        Cli.Result uri = Cli.run("run", ECHO, "--workspace=file:~/kart-ws");

        assertThat(flag.exitCode()).as(flag.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(flag.err().lines()).as(flag.toString()).first().isEqualTo("kart: config key 'kart.workspace'"
                + " (--workspace) is '~/kart-ws', and no shell expanded its '~': a shell does so only at the start of a"
                + " word, not after '=' (--workspace=~/x) nor in a config file. Write the directory itself"
                + " ($HOME/kart-ws), or ./~/kart-ws to mean a directory named '~' here");
        assertThat(setting.exitCode()).as(setting.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(setting.err()).as(setting.toString()).startsWith("kart: config key 'kart.workspace' (the command"
                + " line) is '~/kart-ws', and no shell expanded its '~'");
        assertThat(file.exitCode()).as(file.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(file.err()).as(file.toString()).contains("(" + config + ", line 1) is '~bob'",
                "(bob's home directory), or ./~bob to mean a directory named '~bob' here");
        assertThat(uri.exitCode()).as(uri.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(uri.err()).as(uri.toString()).contains("is 'file:~/kart-ws', and no shell expanded its '~'",
                "($HOME/kart-ws), or ./~/kart-ws to mean");
        assertThat(Path.of("~")).as("a directory named ~ in the working directory").doesNotExist();
        assertThat(Path.of("~bob")).doesNotExist();
    }

    @Test
    void everyOptionOfKartsThatTakesAValueSaysSoTheSameWay() {
        Cli.Result workers = Cli.run("run", ECHO, "--workers");
        Cli.Result config = Cli.run("tree", ECHO, "--config", "--depth", "1");
        Cli.Result grace = Cli.run("clean", ECHO, "--temp-grace");
        Cli.Result port = Cli.run("locks", "--redis-port");

        assertThat(workers.exitCode()).as(workers.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(workers.err()).as(workers.toString()).startsWith("kart: --workers needs a value: give --workers N\n")
                .doesNotContain("Missing required parameter");
        assertThat(config.err()).as(config.toString()).startsWith("kart: --config needs a value, but the next word,"
                + " --depth, is an option: give --config FILE\n").doesNotContain("Expected parameter");
        assertThat(grace.err()).as(grace.toString()).startsWith("kart: --temp-grace needs a value: give --temp-grace"
                + " DURATION\n");
        assertThat(port.exitCode()).as(port.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(port.err()).as(port.toString()).startsWith("kart: --redis-port needs a value: give --redis-port PORT\n");
    }

    @Test
    void aValueAnOptionOfKartsCannotTakeIsNamedAsTypedWithWhatTheOptionTakes() {
        Cli.Result workers = Cli.run("run", ECHO, "--workers", "abc", "--workspace", workspace.toString());
        Cli.Result attached = Cli.run("tree", ECHO, "--depth=x", "--workspace", workspace.toString());
        Cli.Result format = Cli.run("tree", ECHO, "--format", "svg", "--workspace", workspace.toString());
        Cli.Result port = Cli.run("locks", "--redis-port", "six");
        Cli.Result grace = Cli.run("clean", ECHO, "--temp-grace", "5q", "--workspace", workspace.toString());
        Cli.Result unitless = Cli.run("clean", ECHO, "--temp-grace", "30", "--workspace", workspace.toString());
        Cli.Result tooLarge = Cli.run("run", ECHO, "--workers=99999999999", "--workspace", workspace.toString());

        assertThat(workers.exitCode()).as(workers.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(workers.err().lines()).as(workers.toString()).containsExactly(
                "kart: --workers needs a whole number, got 'abc'", "Run 'kart run --help' for usage.");
        assertThat(attached.err().lines()).as(attached.toString()).first()
                .isEqualTo("kart: --depth needs a whole number, got 'x'");
        assertThat(format.err().lines()).as(format.toString()).first()
                .isEqualTo("kart: --format needs one of text, json, dot, mermaid, got 'svg'");
        assertThat(port.exitCode()).as(port.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(port.err().lines()).as(port.toString()).first()
                .isEqualTo("kart: --redis-port needs a whole number, got 'six'");
        assertThat(grace.err().lines()).as(grace.toString()).first()
                .isEqualTo("kart: --temp-grace needs a duration with a unit, such as 10m, 90s or PT1H, got '5q'");
        // not 30 ms, as Typesafe Config would read it
        assertThat(unitless.err().lines()).as(unitless.toString()).first()
                .isEqualTo("kart: --temp-grace needs a duration with a unit, such as 10m, 90s or PT1H, got '30'");
        assertThat(tooLarge.err().lines()).as(tooLarge.toString()).first()
                .isEqualTo("kart: --workers needs a whole number of at most 2147483647, got '99999999999'");
    }

    @Test
    void aSettingWithoutItsEqualsSignIsRefusedNamingIt() {
        Cli.Result tookTheTask = Cli.run("run", "-D", "books.BookReport", "--workspace", workspace.toString());
        Cli.Result keyAlone = Cli.run("run", ECHO, "--set", "kart.workers", "--workspace", workspace.toString());
        Cli.Result attached = Cli.run("run", ECHO, "-Dkart.workers", "--workspace", workspace.toString());
        Cli.Result clustered = Cli.run("run", ECHO, "-vD", "kart.workers", "--workspace", workspace.toString());

        assertThat(tookTheTask.exitCode()).as(tookTheTask.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(tookTheTask.err().lines()).as(tookTheTask.toString()).containsExactly(
                "kart: -D needs KEY=VALUE, got 'books.BookReport'", "Run 'kart run --help' for usage.");
        assertThat(keyAlone.exitCode()).as(keyAlone.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(keyAlone.err().lines()).as(keyAlone.toString()).first()
                .isEqualTo("kart: --set needs KEY=VALUE, got 'kart.workers'");
        assertThat(attached.err().lines()).as(attached.toString()).first()
                .isEqualTo("kart: -D needs KEY=VALUE, got 'kart.workers'");
        assertThat(clustered.err().lines()).as(clustered.toString()).first()
                .isEqualTo("kart: -D needs KEY=VALUE, got 'kart.workers'");
    }

    @Test
    void aSettingWhoseKeyIsNoConfigPathIsRefusedNamingIt() {
        Cli.Result emptyKey = Cli.run("run", "books.BookReport", "-D", "=3", "--workspace", workspace.toString());
        Cli.Result doubledDot = Cli.run("run", "books.BookReport", "--set", "a..b=1", "--workspace", workspace.toString());
        Cli.Result attached = Cli.run("tree", "books.BookReport", "-D=kart..workers=2", "--workspace", workspace.toString());

        assertThat(emptyKey.exitCode()).as(emptyKey.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(emptyKey.err().lines()).as(emptyKey.toString()).containsExactly(
                "kart: -D needs KEY=VALUE whose KEY is a config path such as kart.workers, got '=3'",
                "Run 'kart run --help' for usage.");
        assertThat(doubledDot.exitCode()).as(doubledDot.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(doubledDot.err().lines()).as(doubledDot.toString()).first().isEqualTo(
                "kart: --set needs KEY=VALUE whose KEY is a config path such as kart.workers, got 'a..b=1'");
        assertThat(attached.err().lines()).as(attached.toString()).first().isEqualTo(
                "kart: -D needs KEY=VALUE whose KEY is a config path such as kart.workers, got 'kart..workers=2'");
    }
}
