package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.support.redis.LocalRedisServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

class LocksCommandTest {

    @Test
    void saysWhenNoLockIsHeldAndWhatTheInMemoryBackendCanSee(@TempDir Path workspace) {
        Cli.Result result = Cli.run("locks", "--lock-backend", "in-memory", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("No locks held under prefix 'kart' in the in-memory lock backend.",
                "sees only the locks of its own process");
        assertThat(result.err()).as("--workspace, accepted but not used").contains("kart: warning: kart locks reads no"
                + " workspace: --workspace is checked for its form but not used, and the locks listed are those of every"
                + " workspace under the key prefix (kart.lock.prefix) in the lock backend");
    }

    @Test
    void saysNothingOfTheWorkspaceWhenNoneWasGiven() {
        Cli.Result result = Cli.run("locks", "--lock-backend", "in-memory");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).doesNotContain("--workspace");
    }

    @Test
    void anUnknownBackendIsAConfigurationError(@TempDir Path workspace) {
        Cli.Result result = Cli.run("locks", "--lock-backend", "zookeeper", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("kart.lock.backend", "zookeeper", "in-memory");
    }

    /**
     * Redisson grants its lock before kart writes the holder record that names the node and its token. Redisson's own
     * API takes the lock here, with no record ever written: the row says the holder is not known, not Redisson's raw
     * lock field, and shows no token, since 0 is none, and no age, which is not known either. The Jedis client, which
     * takes run locks as strings, lists the lock the same way rather than skip a hash it did not write.
     */
    @Test
    void aRedissonRunLockWithoutAHolderRecordIsListedWithItsHolderNotKnownAndNoTokenNorAge(@TempDir Path workspace)
            throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            Config config = new Config();
            config.useSingleServer().setAddress("redis://" + redis.host() + ":" + redis.port());
            RedissonClient other = Redisson.create(config);
            try {
                RLock lock = other.getLock("kart:run:0123456789abcdef0123456789abcdef");
                lock.lock();
                Cli.Result result = Cli.run("locks", "--workspace", workspace.toString(), "--redis-host", redis.host(),
                        "--redis-port", String.valueOf(redis.port()), "-D", "kart.lock.redis.client=redisson");

                assertThat(result.exitCode()).as(result.toString()).isZero();
                String row = result.out().lines().filter(line -> line.startsWith("kart:run:0123")).findFirst()
                        .orElseThrow(() -> new AssertionError("no row for the lock: " + result));
                assertThat(row.split("\\s{2,}")).as(row)
                        .containsSequence("exclusive", LocksCommand.UNKNOWN_HOLDER, "-", "-");
                assertThat(result.out()).doesNotContain("redisson holder");
                Cli.Result otherClient = Cli.run("locks", "--workspace", workspace.toString(), "--redis-host",
                        redis.host(), "--redis-port", String.valueOf(redis.port()), "-D", "kart.lock.redis.client=jedis");
                String otherRow = otherClient.out().lines().filter(line -> line.startsWith("kart:run:0123")).findFirst()
                        .orElseThrow(() -> new AssertionError("no row with the Jedis client: " + otherClient));
                assertThat(otherRow.split("\\s{2,}")).as("listed with the Jedis client: %s", otherRow)
                        .containsSequence("exclusive", LocksCommand.UNKNOWN_HOLDER, "-", "-");
                lock.unlock();
            } finally {
                other.shutdown();
            }
        }
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
    void helpListsNoWorkspaceAndSaysWhatVerboseShowsOfThisCommand() {
        Cli.Result locks = Cli.run("locks", "--help");
        Cli.Result run = Cli.run("run", "--help");

        assertThat(locks.exitCode()).as(locks.toString()).isZero();
        String locksHelp = String.join(" ", locks.out().split("\\s+"));
        assertThat(locksHelp).as("kart locks reads no workspace: the key prefix names its locks")
                .doesNotContain("--workspace")
                .contains("-v, --verbose Show stack traces, with their causes: of an error that stops the command,")
                .doesNotContain("attempt", "kart run", "kart info");
        assertThat(String.join(" ", run.out().split("\\s+"))).contains("--workspace=DIR|URI",
                "Show stack traces, with their causes: of every failed attempt, on stderr before the summary, of an"
                        + " error that stops the command");
    }

    @Test
    void aMisspeltOptionGetsTheHintTaskParametersGetToo() {
        Cli.Result result = Cli.run("locks", "--redis-hots", "localhost");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("unknown option '--redis-hots' (did you mean --redis-host?)")
                .doesNotContain("Possible solutions");
    }

    @Test
    void aMisspeltOptionIsNeverPointedToTheHiddenWorkspaceOption() {
        Cli.Result result = Cli.run("locks", "--worksapce", "/tmp");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("unknown option '--worksapce'").doesNotContain("--workspace");
    }
}
