package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kart.core.internal.inject.RuntimePreload;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands with the preload that {@code kart}'s main starts: they print and return what they do without it,
 * and one that ends before assembling does not wait for it.
 */
class KartCommandPreloadTest {
    private static final String ECHO = "fixtures.Echo";
    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path workspace;

    @Test
    void aRunAndARunOfWhatIsCachedPrintWhatTheyPrintWithoutAPreload() {
        Cli.Result first = preloaded("run", ECHO, "--text=hi", "--workspace", workspace.toString());
        Cli.Result second = preloaded("run", ECHO, "--text=hi", "--workspace", workspace.toString());

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.OK);
        assertThat(first.out()).as(first.toString()).contains("1 ran successfully");
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.OK);
        assertThat(second.out()).as(second.toString()).contains("1 was already complete");
        assertThat(first.err() + second.err()).doesNotContain("kart-preload").doesNotContain("Exception");
        Cli.Result without = Cli.run("tree", ECHO, "--text=hi", "--workspace", workspace.toString());
        assertThat(preloaded("tree", ECHO, "--text=hi", "--workspace", workspace.toString())).isEqualTo(without);
    }

    @Test
    void aMalformedReferenceConfOnTheClassPathIsReportedAsWithoutAPreload(@TempDir Path classes) throws IOException {
        Files.writeString(classes.resolve("reference.conf"), "fixtures {\n  size = 7\n");
        String[] args = {"run", ECHO, "--classpath", classes.toString(), "--workspace", workspace.toString()};

        Cli.Result with = preloaded(args);

        assertThat(with.exitCode()).as(with.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(with.err()).contains(classes.resolve("reference.conf").toString());
        assertThat(with).isEqualTo(Cli.run(args));
    }

    @Test
    void aCommandThatEndsBeforeAssemblingNeitherWaitsForThePreloadNorPrintsFromIt() {
        Cli.Result help = preloaded("run", "--help");
        Cli.Result unknown = preloaded("run", "fixtures.NoSuchTask", "--workspace", workspace.toString());
        Cli.Result noEntry = preloaded("run", ECHO, "--classpath", workspace.resolve("missing").toString());

        assertThat(help.exitCode()).as(help.toString()).isEqualTo(ExitCodes.OK);
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(noEntry.exitCode()).as(noEntry.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown).isEqualTo(Cli.run("run", "fixtures.NoSuchTask", "--workspace", workspace.toString()));
    }

    /** Runs the command as {@code kart}'s main does, with a preload started first, within a bound. */
    private static Cli.Result preloaded(String... args) {
        return assertTimeoutPreemptively(BOUND, () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = KartCommand.execute(new PrintWriter(out), new PrintWriter(err), Optional.of(RuntimePreload.start()),
                    args);
            return new Cli.Result(code, out.toString(), err.toString());
        });
    }
}
