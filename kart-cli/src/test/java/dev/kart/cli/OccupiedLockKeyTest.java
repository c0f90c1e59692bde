package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.examples.sample.SomeTask;
import dev.kart.test.support.redis.RedisServerExtension;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * A lock key holding another application's value, as the commands meet it: {@code kart run} fails the task at once
 * however many retries it has, and says why; {@code kart clean --delete} stops as on a configuration error (exit 2),
 * naming the key; the value is left as it was, and once it is gone the same commands work.
 */
class OccupiedLockKeyTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path workspace;

    @ParameterizedTest
    @ValueSource(strings = {"jedis", "redisson"})
    void aRunKeyHoldingAListFailsTheTaskWithoutRetriesUntilTheListIsGone(String client) {
        String prefix = "occupied-run-" + UUID.randomUUID();
        String key = prefix + ":run:" + uniqueId(new SomeTask("taken"));
        try (Jedis admin = admin()) {
            admin.rpush(key, "another application's item");

            Cli.Result refused = Cli.run(with(client, prefix, "run", "sample.SomeTask", "--name=taken", "-D",
                    "kart.retry.count=3", "-D", "kart.retry.delay=30s"));

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.TASK_FAILED);
            assertThat(refused.out()).as(refused.toString()).contains("] after 1 attempt: LockKeyOccupiedException: Redis"
                    + " lock backend (" + client + "): acquiring " + key + " failed: ")
                    .contains("; not retried: no retry can take a lock whose key holds another application's value\n")
                    .doesNotContain("retrying in");
            assertThat(admin.lrange(key, 0, -1)).as("left as it was").containsExactly("another application's item");

            admin.del(key);
            Cli.Result ran = Cli.run(with(client, prefix, "run", "sample.SomeTask", "--name=taken"));

            assertThat(ran.exitCode()).as(ran.toString()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jedis", "redisson"})
    void cleanDeleteMeetingACacheKeyHoldingAHashStopsAsAConfigurationErrorNamingTheKey(String client) {
        String prefix = "occupied-cache-" + UUID.randomUUID();
        // an output no longer reached (another name's): what clean --delete deletes, under its exclusive cache lock
        Cli.Result ran = Cli.run(with(client, prefix, "run", "sample.SomeTask", "--name=stale"));
        assertThat(ran.exitCode()).as(ran.toString()).isZero();
        Path stale;
        try (Kart kart = Kart.builder().workspace(workspace).build()) {
            stale = Path.of(kart.outputs(new SomeTask("stale")).get(0).uri());
        }
        String key = prefix + ":cache:" + workspace.toAbsolutePath().relativize(stale).toString().replace('\\', '/');
        try (Jedis admin = admin()) {
            admin.hset(key, "field", "value");
            admin.pexpire(key, 600_000);

            Cli.Result refused = Cli.run(with(client, prefix, "clean", "sample.SomeTask", "--name=current", "--delete"));

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(refused.err()).as(refused.toString()).contains(key)
                    .contains("holds another application's value there, not a kart lock");
            assertThat(stale).as("not deleted").exists();
            assertThat(admin.hget(key, "field")).as("left as it was").isEqualTo("value");

            admin.del(key);
            Cli.Result cleaned = Cli.run(with(client, prefix, "clean", "sample.SomeTask", "--name=current", "--delete"));

            assertThat(cleaned.exitCode()).as(cleaned.toString()).isZero();
            assertThat(stale).as("deleted").doesNotExist();
        }
    }

    private String uniqueId(SomeTask task) {
        try (Kart kart = Kart.builder().workspace(workspace).build()) {
            return kart.uniqueId(task);
        }
    }

    private static Jedis admin() {
        return new Jedis(REDIS.server().host(), REDIS.server().port());
    }

    /** The command with its options, then the Redis server's, the client's, the prefix and the workspace. */
    private String[] with(String client, String prefix, String... command) {
        String[] options = {"--redis-host", REDIS.server().host(), "--redis-port", String.valueOf(REDIS.server().port()),
            "-D", "kart.lock.redis.client=" + client, "-D", "kart.lock.prefix=" + prefix, "--workspace",
            workspace.toString()};
        String[] args = new String[command.length + options.length];
        System.arraycopy(command, 0, args, 0, command.length);
        System.arraycopy(options, 0, args, command.length, options.length);
        return args;
    }
}
