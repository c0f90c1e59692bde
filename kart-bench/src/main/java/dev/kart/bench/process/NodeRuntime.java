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

    /**
     * Arguments {@link #open} reads when given: a Sentinel deployment's master name and its sentinels
     * ({@code host:port,host:port,...}), or {@code cluster}, a Redis Cluster's seed nodes (the same
     * form; empty for none), which then stand for host and port.
     */
    public static final List<String> OPTIONAL_KEYS = List.of("sentinel-master", "sentinel-nodes", "cluster");

    private NodeRuntime() {
    }

    /**
     * @param options the node's arguments, parsed by {@link NodeArguments}, holding every key of {@link #KEYS}
     *     (host and port unused when a non-empty {@code cluster} or the sentinel keys of {@link #OPTIONAL_KEYS}
     *     are given)
     * @return the runtime
     */
    public static Kart open(Map<String, String> options) {
        Kart.Builder builder = Kart.builder();
        String cluster = options.getOrDefault("cluster", "");
        if (!cluster.isEmpty()) {
            // a Redis Cluster's seed nodes, host:port separated by commas; host and port are left unset
            builder.set("kart.lock.redis.cluster.nodes", List.of(cluster.split(",")));
        } else if (options.containsKey("sentinel-master")) {
            builder.set("kart.lock.redis.sentinel.master", options.get("sentinel-master"))
                    .set("kart.lock.redis.sentinel.nodes", List.of(options.get("sentinel-nodes").split(",")));
        } else {
            builder.set("kart.lock.redis.host", options.get("host"))
                    .set("kart.lock.redis.port", Integer.parseInt(options.get("port")));
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
