package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the runnable jar shows when Redis goes away in the middle of a build: a real redis-server,
 * stopped while a task holds its run lock inside {@code run()}. Each failure is one summary line,
 * kart's words first and the cause at the end, no Lua script, no client library's stack trace on
 * the console; {@code -v} shows the traces.
 */
class RedisOutageConsoleIT {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    /** A hang guard only: Gated waits for its gate for as long as the test takes to open it. */
    private static final Duration STARTED_WITHIN = Duration.ofMinutes(2);
    /** Each summary line's text after its task's label, which is as long as the task's parameters make it. */
    private static final int LINE_CHARS = 300;

    @TempDir
    Path directory;

    @BeforeEach
    void redisRuns() {
        // the test before stopped it
        REDIS.server().restart();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redisson", "jedis"})
    void eachFailureIsOneSummaryLineEndingWithTheCauseAndNoStackTraceReachesTheConsole(String client) throws Exception {
        Cli.Result result = buildWhileRedisStops(client);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
        String label = "dev.kart.fixtures.Gated(gate=gate)[";
        List<String> failures = result.out().lines().filter(line -> line.startsWith("    - " + label)).toList();
        assertThat(failures).as(result.toString()).hasSize(1);
        String text = failures.get(0).substring(failures.get(0).indexOf("] after ") + 2);
        TestRedis redis = REDIS.server();
        assertThat(text).as(result.toString()).hasSizeLessThanOrEqualTo(LINE_CHARS)
                .startsWith("after 1 attempt: LockException: no retries left (kart.retry.count = 0): Redis lock backend ("
                        + client + "): ")
                // a request sent as Redis goes away waits for its reply instead of being refused, which a busy
                // machine makes likelier: each is one line naming its setting
                .containsAnyOf(" failed: cannot reach Redis at " + redis.host() + ":" + redis.port()
                        + " (kart.lock.redis.host/port): ", " failed: no answer from Redis at " + redis.host() + ":"
                        + redis.port() + " within kart.lock.redis.command-timeout = 5s")
                .doesNotContain("redis.call", "EVAL", "Exception:  ", "retried per", "..")
                // kart's words, then the root cause once: the address is named once, no client
                // library's wrapper follows its own cause, no bare class name stands for a cause
                .doesNotContain("ConnectionException", "Failed to connect")
                .doesNotContainPattern(":\\s*\\w+Exception$");
        assertThat(text.split(java.util.regex.Pattern.quote(redis.host() + ":" + redis.port()), -1))
                .as("how often %s names the address, plus one", text).hasSize(2);
        assertThat(result.out()).contains("      task info, with every attempt's stack trace: resources/log/dev/kart/"
                + "fixtures/Gated_");
        assertThat(result.err().lines()).as("every log line is one line: %s", result)
                .allMatch(line -> line.matches("(INFO|WARN|ERROR) \\S+: .*"))
                .noneMatch(line -> line.contains("redis.call"));
    }

    /** With a retry left, the first attempt's error says it will be retried, and the last one that none is left. */
    @Test
    void verboseShowsTheStackTracesAndEachAttemptSaysTrulyWhetherItIsRetried() throws Exception {
        Cli.Result result = buildWhileRedisStops("redisson", "-v", "-D", "kart.retry.count=1", "-D",
                "kart.retry.delay=10ms");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TASK_FAILED);
        String task = "kart: dev\\.kart\\.fixtures\\.Gated\\(gate=gate\\)\\[[0-9a-f]{32}\\]: ";
        assertThat(result.err()).as(result.toString())
                .containsPattern(task + "attempt 1 of 2 failed:\ndev\\.kart\\.lock\\.LockException: it will be retried"
                        + " \\(1 retry left\\): Redis lock backend \\(redisson\\): ")
                .containsPattern(task + "attempt 2 of 2 failed:\ndev\\.kart\\.lock\\.LockException: no retries left"
                        + " \\(kart.retry.count = 1\\): Redis lock backend \\(redisson\\): ")
                .contains("\tat ", "Caused by: dev.kart.lock.LockException: Redis lock backend (redisson): ",
                        "Caused by: org.redisson.");
    }

    /**
     * Runs fixtures.Gated against the Redis, stops Redis once the task is inside {@code run()} under
     * its run lock, then lets it finish: its publish needs the cache lock.
     */
    private Cli.Result buildWhileRedisStops(String client, String... more) throws Exception {
        TestRedis redis = REDIS.server();
        List<String> args = new java.util.ArrayList<>(List.of("run", "fixtures.Gated", "--gate=gate",
                "--classpath", KartProcess.tasksClasspath(), "--redis-host", redis.host(), "--redis-port",
                String.valueOf(redis.port()), "-D", "kart.lock.redis.client=" + client));
        args.addAll(List.of(more));
        CompletableFuture<Cli.Result> build = CompletableFuture.supplyAsync(() -> {
            try {
                return KartProcess.runJar(directory, args.toArray(String[]::new));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        Instant deadline = Instant.now().plus(STARTED_WITHIN);
        while (!Files.exists(directory.resolve("gate.started"))) {
            assertThat(build).as("the build ended before its task started: %s", build.isDone() ? build.join() : "")
                    .isNotDone();
            assertThat(Instant.now()).as("Gated started").isBefore(deadline);
            Thread.sleep(50);
        }
        redis.stop();
        Files.writeString(directory.resolve("gate"), "");
        return build.join();
    }
}
