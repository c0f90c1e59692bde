package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocksCommandTest {

    @Test
    void saysWhenNoLockIsHeldAndWhatTheInMemoryBackendCanSee(@TempDir Path workspace) {
        Cli.Result result = Cli.run("locks", "--lock-backend", "in-memory", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("No locks held under prefix 'kart' in the in-memory lock backend.",
                "sees only the locks of its own process");
    }

    @Test
    void anUnknownBackendIsAConfigurationError(@TempDir Path workspace) {
        Cli.Result result = Cli.run("locks", "--lock-backend", "zookeeper", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("kart.lock.backend", "zookeeper", "in-memory");
    }

    /** The table's holder (vm:823#1.t59rsw) is read from the help alone, without the docs at hand. */
    @Test
    void helpSaysWhatTheHolderColumnHolds() {
        Cli.Result result = Cli.run("locks", "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(String.join(" ", result.out().split("\\s+"))).contains("HOLDER is the node that holds the lease"
                + " (host:pid), then after # what tells its leases apart, a number (and a tag) per lock binding"
                + " (docs/cli.md, kart locks).");
    }

    @Test
    void versionPrintsWhatKartsOwnPrints() {
        Cli.Result result = Cli.run("locks", "-V");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(Cli.run("--version").out()).startsWith("kart ");
    }

    @Test
    void aMisspeltOptionGetsTheHintTaskParametersGetToo() {
        Cli.Result result = Cli.run("locks", "--redis-hots", "localhost");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("unknown option '--redis-hots' (did you mean --redis-host?)")
                .doesNotContain("Possible solutions");
    }
}
