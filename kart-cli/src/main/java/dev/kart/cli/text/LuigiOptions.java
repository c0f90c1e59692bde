package dev.kart.cli.text;

import java.util.Map;
import java.util.Optional;

/**
 * What kart says of luigi's command-line options that a luigi or gokart user types out of habit, where
 * kart has no option of that name: how kart does the same thing, or why it needs nothing. (Those kart
 * accepts as they are, such as {@code --local-scheduler} and {@code --redis-host}, are options of
 * {@code kart run}.)
 */
public final class LuigiOptions {
    private static final String RETRY_COUNT = "luigi's retry_count (--scheduler-retry-count) is -D kart.retry.count=3"
            + " here (per task kart.tasks.\"pkg.Task\".retry-count)";
    /** luigi counts retry_delay in seconds; kart refuses a duration without its unit rather than read milliseconds. */
    private static final String RETRY_DELAY = "luigi's retry_delay (--scheduler-retry-delay) is -D kart.retry.delay=60s"
            + " here, with its unit (per task kart.tasks.\"pkg.Task\".retry-delay)";
    private static final Map<String, String> EQUIVALENTS = Map.ofEntries(
            Map.entry("--module", "luigi's --module M Task is kart run M.Task here: a task is named by its package and"
                    + " class name (or its class name alone), found in the jars given with --classpath"),
            Map.entry("--worker-timeout", "luigi's --worker-timeout is kart.task-timeout here (-D kart.task-timeout=10m;"
                    + " per task kart.tasks.\"pkg.Task\".task-timeout)"),
            Map.entry("--retcode-task-failed", "kart exits 1 when a task failed for good, 2 on a mistake of the command"
                    + " line or configuration, 3 when the lock backend or workspace store cannot be reached (kart run"
                    + " --help)"),
            Map.entry("--log-level", "luigi's --log-level is -D kart.log.level=LEVEL here (or"
                    + " JAVA_OPTS=-Dkart.log.level=LEVEL)"),
            Map.entry("--scheduler-host", "kart has no central scheduler: nodes share the lock backend (--redis-host,"
                    + " kart.lock.redis.host) and the workspace instead"),
            Map.entry("--scheduler-port", "kart has no central scheduler: nodes share the lock backend (--redis-port,"
                    + " kart.lock.redis.port) and the workspace instead"),
            // gokart's TaskOnKart parameters, which luigi takes on the command line for the task it runs
            Map.entry("--redis-fail-on-collision", "gokart's --redis-fail-on-collision is -D"
                    + " kart.lock.fail-on-collision=true here (false waits; per task kart.tasks.\"pkg.Task\""
                    + ".fail-on-collision), or choose the policy with -D kart.lock.on-collision=fail, wait or defer"),
            Map.entry("--redis-timeout", "gokart's --redis-timeout is -D kart.lock.ttl=180s here, with its unit (or"
                    + " kart.lock.redis.timeout, which wins over it for the Redis backend)"),
            Map.entry("--should-lock-run", "gokart's --should-lock-run is -D kart.lock.run-all=true here (per task"
                    + " @RunWithLock, or kart.tasks.\"pkg.Task\".lock-run=true)"),
            // luigi's [scheduler] retry_count and retry_delay, as its command line spells them, and without the section
            Map.entry("--scheduler-retry-count", RETRY_COUNT),
            Map.entry("--retry-count", RETRY_COUNT),
            Map.entry("--scheduler-retry-delay", RETRY_DELAY),
            Map.entry("--retry-delay", RETRY_DELAY));

    private LuigiOptions() {
    }

    /**
     * @param name an option's name as typed, without its value, such as {@code --log-level}
     * @return what kart does instead, when it is one of luigi's options kart does not have
     */
    public static Optional<String> equivalent(String name) {
        return Optional.ofNullable(EQUIVALENTS.get(name));
    }
}
