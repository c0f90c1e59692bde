package dev.kart.storage.s3;

import dev.kart.core.Kart;
import dev.kart.test.support.s3.AtomicS3Server;
import dev.kart.test.support.s3.AtomicS3Server.RequestKind;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/**
 * The requests an {@link AtomicS3Server} received since this was taken, by kind, and a kart runtime
 * on one of its buckets: for tests that count what a build asks the store.
 */
final class CountedRequests {
    private final AtomicS3Server server;
    private final Map<RequestKind, Long> before = new EnumMap<>(RequestKind.class);

    private CountedRequests(AtomicS3Server server) {
        this.server = server;
        for (RequestKind kind : RequestKind.values()) {
            before.put(kind, server.requestCount(kind));
        }
    }

    /** @return the counts from now on */
    static CountedRequests from(AtomicS3Server server) {
        return new CountedRequests(server);
    }

    /** @return the requests of this kind since {@link #from} */
    long of(RequestKind kind) {
        return server.requestCount(kind) - before.get(kind);
    }

    /**
     * A runtime on {@code s3://bucket/prefix} of the server, path-style, not durable; credentials and
     * region come from the system properties the surefire configuration sets.
     *
     * @param settings further settings, key and value, such as {@code kart.storage.s3.published-cache-size}
     */
    static Kart kart(AtomicS3Server server, String bucket, String prefix, Map<String, Object> settings) {
        Kart.Builder builder = Kart.builder().workspace(URI.create("s3://" + bucket + "/" + prefix))
                .set("kart.storage.s3.endpoint", server.endpoint().toString())
                .set("kart.storage.s3.path-style-access", true)
                .set("kart.durable", false);
        settings.forEach(builder::set);
        return builder.build();
    }
}
