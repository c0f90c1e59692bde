package dev.kart.bench.lock;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where the CPU of one round of lock operations goes, per operation (an acquire + release, or raw
 * {@code SET NX PX} + {@code DEL}): the benchmark JVM's CPU time (every thread: the callers, a client's
 * event loops, the JIT, the garbage collector), redis-server's ({@code INFO cpu}: user + system), and
 * the time redis-server spent inside the commands themselves ({@code INFO commandstats}; for scripts the
 * {@code EVALSHA} and {@code EVAL} calls, whose inner commands Redis counts within them and again on
 * their own, so those are left out). On two cores shared by the JVM and redis-server, a throughput
 * ratio at many threads is about the ratio of these totals. Used by one thread between rounds.
 */
final class PairCost {
    private final UnifiedJedis redis;
    private final com.sun.management.OperatingSystemMXBean os;
    private long clientNanosAtStart;
    private double serverSecondsAtStart;
    private CommandMicros commandsAtStart;

    /** CPU per operation of one round, in microseconds. */
    record Figures(double clientUs, double serverUs, double commandsUs) {
    }

    /** Microseconds redis-server spent in commands since it started: scripts, and every command. */
    private record CommandMicros(double scripts, double all) {
    }

    /**
     * @param redis a client of the benchmark's own redis-server
     * @throws IllegalStateException when this JVM does not report its process CPU time
     */
    PairCost(UnifiedJedis redis) {
        this.redis = redis;
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (!(bean instanceof com.sun.management.OperatingSystemMXBean processCpu)) {
            throw new IllegalStateException("this JVM does not report its process CPU time (" + bean.getClass() + ")");
        }
        this.os = processCpu;
    }

    /** Starts a round: reads both CPU clocks and the server's command statistics. */
    void start() {
        commandsAtStart = commandMicros(redis.info("commandstats"));
        serverSecondsAtStart = serverCpuSeconds(redis.info("cpu"));
        clientNanosAtStart = os.getProcessCpuTime();
    }

    /**
     * @param operations how many operations the round made
     * @return the round's CPU per operation
     */
    Figures stop(int operations) {
        long clientNanos = os.getProcessCpuTime() - clientNanosAtStart;
        double serverSeconds = serverCpuSeconds(redis.info("cpu")) - serverSecondsAtStart;
        CommandMicros commands = commandMicros(redis.info("commandstats"));
        double scripts = commands.scripts() - commandsAtStart.scripts();
        double commandsUs = scripts > 0 ? scripts : commands.all() - commandsAtStart.all();
        return new Figures(clientNanos / 1e3 / operations, serverSeconds * 1e6 / operations, commandsUs / operations);
    }

    private static double serverCpuSeconds(String info) {
        double seconds = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }

    private static CommandMicros commandMicros(String info) {
        double scripts = 0;
        double all = 0;
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            double usec = 0;
            for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                if (field.startsWith("usec=")) {
                    usec = Double.parseDouble(field.substring("usec=".length()));
                }
            }
            // INFO is the meter's own
            if (name.equals("info")) {
                continue;
            }
            all += usec;
            if (name.equals("evalsha") || name.equals("eval")) {
                scripts += usec;
            }
        }
        return new CommandMicros(scripts, all);
    }
}
