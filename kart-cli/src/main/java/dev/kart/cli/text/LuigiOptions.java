package dev.kart.cli.text;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What kart says of luigi's command-line options that a luigi or gokart user types out of habit, where
 * kart has no option of that name: how kart does the same thing, or why it needs nothing. (Those kart
 * accepts as they are, such as {@code --local-scheduler} and {@code --redis-host}, are options of
 * {@code kart run}.) The {@code -D} offered carries the value the user gave with {@code =}, so that it can
 * be copied as it is; without one, an example value.
 */
public final class LuigiOptions {
    private static final Function<Optional<String>, String> RETRY_COUNT = value -> "luigi's retry_count"
            + " (--scheduler-retry-count) is -D kart.retry.count=" + value.orElse("3") + " here (per task"
            + " kart.tasks.\"pkg.Task\".retry-count)";
    /** luigi counts retry_delay in seconds; kart refuses a duration without its unit rather than read milliseconds. */
    private static final Function<Optional<String>, String> RETRY_DELAY = value -> "luigi's retry_delay"
            + " (--scheduler-retry-delay) is -D kart.retry.delay=" + seconds(value, "60s") + " here, with its unit (per"
            + " task kart.tasks.\"pkg.Task\".retry-delay)";
    private static final Map<String, Function<Optional<String>, String>> EQUIVALENTS = Map.ofEntries(
            Map.entry("--module", value -> "luigi's --module " + value.orElse("M") + " Task is kart run "
                    + value.orElse("M") + ".Task here: a task is named by its package and class name (or its class name"
                    + " alone), found in the jars given with --classpath"),
            // luigi's worker_timeout is in seconds, as gokart's redis_timeout is
            Map.entry("--worker-timeout", value -> "luigi's --worker-timeout is kart.task-timeout here (-D"
                    + " kart.task-timeout=" + taskTimeout(value) + "; per task kart.tasks.\"pkg.Task\".task-timeout)"),
            Map.entry("--retcode-task-failed", value -> "kart exits 1 when a task failed for good, 2 on a mistake of the"
                    + " command line or configuration, 3 when the lock backend or workspace store cannot be reached (kart"
                    + " run --help)"),
            Map.entry("--log-level", value -> "luigi's --log-level is -D kart.log.level=" + value.orElse("LEVEL")
                    + " here (or JAVA_OPTS=-Dkart.log.level=" + value.orElse("LEVEL") + ")"),
            Map.entry("--scheduler-host", value -> "kart has no central scheduler: nodes share the lock backend"
                    + " (--redis-host, kart.lock.redis.host) and the workspace instead"),
            Map.entry("--scheduler-port", value -> "kart has no central scheduler: nodes share the lock backend"
                    + " (--redis-port, kart.lock.redis.port) and the workspace instead"),
            // gokart's TaskOnKart parameters, which luigi takes on the command line for the task it runs; a
            // BoolParameter given alone is true
            Map.entry("--redis-fail-on-collision", value -> "gokart's --redis-fail-on-collision is -D"
                    + " kart.lock.fail-on-collision=" + bool(value) + " here (true fails, false waits; per task"
                    + " kart.tasks.\"pkg.Task\".fail-on-collision), or choose the policy with -D"
                    + " kart.lock.on-collision=fail, wait or defer"),
            Map.entry("--redis-timeout", value -> "gokart's --redis-timeout is -D kart.lock.ttl=" + seconds(value, "180s")
                    + " here, with its unit (or kart.lock.redis.timeout, which wins over it for the Redis backend)"),
            Map.entry("--should-lock-run", value -> "gokart's --should-lock-run is -D kart.lock.run-all="
                    + bool(value) + " here (per task @RunWithLock, or kart.tasks.\"pkg.Task\".lock-run=true)"),
            // luigi's [scheduler] retry_count and retry_delay, as its command line spells them, and without the section
            Map.entry("--scheduler-retry-count", RETRY_COUNT),
            Map.entry("--retry-count", RETRY_COUNT),
            Map.entry("--scheduler-retry-delay", RETRY_DELAY),
            Map.entry("--retry-delay", RETRY_DELAY));

    private LuigiOptions() {
    }

    /**
     * @param word an option as typed, with or without {@code =value}, such as {@code --log-level=DEBUG}
     * @return what kart does instead, with the value given when there is one, when it is one of luigi's
     *     options kart does not have
     */
    public static Optional<String> equivalent(String word) {
        int equals = word.indexOf('=');
        String name = equals > 0 ? word.substring(0, equals) : word;
        Optional<String> value = equals > 0 && equals < word.length() - 1 ? Optional.of(word.substring(equals + 1))
                : Optional.empty();
        return Optional.ofNullable(EQUIVALENTS.get(name)).map(equivalent -> equivalent.apply(value));
    }

    /**
     * A number of seconds, as luigi and gokart count their durations (luigi's retry_delay and worker_timeout are
     * floats), with the unit kart asks for; else as given.
     */
    private static String seconds(Optional<String> value, String example) {
        return value.map(given -> given.matches("\\d+(\\.\\d+)?") ? given + "s" : given).orElse(example);
    }

    /** luigi's worker_timeout of 0 means none, which kart.task-timeout says with null. */
    private static String taskTimeout(Optional<String> value) {
        return value.filter(given -> given.matches("0+(\\.0+)?")).isPresent() ? "null" : seconds(value, "10m");
    }

    /** Python's True and False, as a gokart user may type them, in the spelling HOCON reads; true when none is given. */
    private static String bool(Optional<String> value) {
        return value.map(given -> given.equalsIgnoreCase("true") || given.equalsIgnoreCase("false")
                ? given.toLowerCase(Locale.ROOT) : given).orElse("true");
    }
}
