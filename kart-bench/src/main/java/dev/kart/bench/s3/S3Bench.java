package dev.kart.bench.s3;

import dev.kart.core.Kart;
import dev.kart.test.support.s3.AtomicS3Server;
import dev.kart.test.support.s3.AtomicS3Server.RequestKind;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 scenarios' store: an {@link AtomicS3Server} in this JVM on a free loopback port with one
 * bucket, kart runtimes on {@code s3://} workspaces in it, and a raw SDK client with the settings
 * kart-storage-s3 gives its own (path-style, checksums only where required, the Apache 5 HTTP
 * client with kart's default timeouts and pool), for the baselines. Closing it stops the server.
 */
public final class S3Bench implements AutoCloseable {
    static final String BUCKET = "kart-bench";
    private static final String REGION = "us-east-1";

    private final AtomicS3Server server;

    private S3Bench(AtomicS3Server server) {
        this.server = server;
    }

    /**
     * Starts the server and points the SDK's default chain at test credentials: system properties
     * come before the environment and profiles, so a machine's real credentials are never sent,
     * and the EC2 metadata address is never asked.
     *
     * @return the running store
     */
    public static S3Bench start() {
        System.setProperty("aws.accessKeyId", "kart-bench");
        System.setProperty("aws.secretAccessKey", "kart-bench-secret");
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.disableEc2Metadata", "true");
        return new S3Bench(AtomicS3Server.start().createBucket(BUCKET));
    }

    /** @return the server */
    public AtomicS3Server server() {
        return server;
    }

    /**
     * @param prefix the workspace's prefix in the bucket, without slashes
     * @param workers worker threads
     * @return a runtime on {@code s3://kart-bench/<prefix>}, durable mode off; close it after use
     */
    public Kart runtime(String prefix, int workers) {
        return runtime(prefix, workers, Map.of());
    }

    /**
     * @param prefix the workspace's prefix in the bucket, without slashes
     * @param workers worker threads
     * @param settings more configuration keys and their values
     * @return a runtime on {@code s3://kart-bench/<prefix>}, durable mode off; close it after use
     */
    public Kart runtime(String prefix, int workers, Map<String, Object> settings) {
        Kart.Builder builder = Kart.builder().workspace(URI.create("s3://" + BUCKET + "/" + prefix)).workers(workers)
                .set("kart.durable", false)
                .set("kart.storage.s3.endpoint", server.endpoint().toString())
                .set("kart.storage.s3.path-style-access", true)
                .set("kart.storage.s3.region", REGION);
        settings.forEach(builder::set);
        return builder.build();
    }

    /** @return a raw client configured as kart-storage-s3 configures its own by default; close it after use */
    S3Client rawClient() {
        return S3Client.builder()
                .region(Region.of(REGION))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofMinutes(10)).build())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .connectionAcquisitionTimeout(Duration.ofMinutes(10))
                        .maxConnections(32))
                .endpointOverride(server.endpoint())
                .build();
    }

    /** @return the server's request counts so far, by kind */
    public Map<RequestKind, Long> counts() {
        Map<RequestKind, Long> counts = new EnumMap<>(RequestKind.class);
        for (RequestKind kind : RequestKind.values()) {
            counts.put(kind, server.requestCount(kind));
        }
        return counts;
    }

    /**
     * @param before counts taken earlier with {@link #counts}
     * @return the requests answered since, by kind
     */
    public Map<RequestKind, Long> since(Map<RequestKind, Long> before) {
        Map<RequestKind, Long> counts = counts();
        counts.replaceAll((kind, now) -> now - before.get(kind));
        return counts;
    }

    @Override
    public void close() {
        server.close();
    }
}
