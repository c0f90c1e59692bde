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
    private static final Map<String, String> EQUIVALENTS = Map.of(
            "--module", "luigi's --module M Task is kart run M.Task here: a task is named by its package and class"
                    + " name (or its class name alone), found in the jars given with --classpath",
            "--worker-timeout", "luigi's --worker-timeout is kart.task-timeout here (-D kart.task-timeout=10m; per task"
                    + " kart.tasks.\"pkg.Task\".task-timeout)",
            "--retcode-task-failed", "kart exits 1 when a task failed for good, 2 on a mistake of the command line or"
                    + " configuration, 3 when the lock backend or workspace store cannot be reached (kart run --help)",
            "--log-level", "luigi's --log-level is -D kart.log.level=LEVEL here (or JAVA_OPTS=-Dkart.log.level=LEVEL)",
            "--scheduler-host", "kart has no central scheduler: nodes share the lock backend (--redis-host,"
                    + " kart.lock.redis.host) and the workspace instead",
            "--scheduler-port", "kart has no central scheduler: nodes share the lock backend (--redis-port,"
                    + " kart.lock.redis.port) and the workspace instead");

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
