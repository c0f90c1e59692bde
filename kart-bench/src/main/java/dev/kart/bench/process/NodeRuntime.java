package dev.kart.bench.process;

import dev.kart.core.Kart;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The kart runtime of a node JVM, as {@code kart run} on one machine of a cluster would open it:
 * the shared workspace, the Redis lock backend under the scenario's key prefix, the node's collision
 * policy, workers and retries, durable mode off.
 */
public final class NodeRuntime {
    /** The arguments {@link #open} reads. */
    public static final List<String> KEYS = List.of("host", "port", "workspace", "prefix", "policy", "workers",
            "retry-count", "retry-delay");

    private NodeRuntime() {
    }

    /**
     * @param options the node's arguments, parsed by {@link NodeArguments}, holding every key of {@link #KEYS};
     *     and, when it holds a non-empty {@code cluster} (seed nodes, {@code host:port} separated by
     *     commas), a Redis Cluster instead of {@code host} and {@code port}
     * @return the runtime
     */
    public static Kart open(Map<String, String> options) {
        Kart.Builder builder = Kart.builder();
        String cluster = options.getOrDefault("cluster", "");
        if (cluster.isEmpty()) {
            builder.set("kart.lock.redis.host", options.get("host"))
                    .set("kart.lock.redis.port", Integer.parseInt(options.get("port")));
        } else {
            // a Redis Cluster's seed nodes, host:port separated by commas; host and port are left unset
            builder.set("kart.lock.redis.cluster.nodes", List.of(cluster.split(",")));
        }
        return builder.workspace(Path.of(options.get("workspace")))
                .workers(Integer.parseInt(options.get("workers")))
                .set("kart.durable", false)
                .set("kart.retry.count", Integer.parseInt(options.get("retry-count")))
                .set("kart.retry.delay", options.get("retry-delay"))
                .set("kart.lock.backend", "redis")
                .set("kart.lock.prefix", options.get("prefix"))
                .set("kart.lock.on-collision", options.get("policy"))
                .build();
    }
}
