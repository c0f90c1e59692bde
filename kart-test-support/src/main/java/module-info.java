/**
 * For lock-backend authors and kart's own tests and benchmarks: the lock contract suite, a real
 * {@code redis-server} (or a container) for tests, an in-memory S3 endpoint with atomic conditional
 * writes, worker JVMs, and config sections built in code; for storage authors, the storage contract suite.
 */
module dev.kart.test.support {
    requires transitive dev.kart.api;
    requires transitive org.junit.jupiter.api;
    // only for ContainerRedis, where a Docker engine runs; the jar has no module name of its own
    requires testcontainers;
    requires com.github.dockerjava.api;
    // the root file system of the image built from the redis-server on PATH, for docker import
    requires org.apache.commons.compress;
    // AtomicS3Server, the S3 endpoint of storage tests
    requires jdk.httpserver;

    exports dev.kart.test.support.config;
    exports dev.kart.test.support.lock;
    exports dev.kart.test.support.process;
    exports dev.kart.test.support.redis;
    exports dev.kart.test.support.s3;
    exports dev.kart.test.support.storage;
    // JUnit runs the contract suite's tests and calls the extensions
    opens dev.kart.test.support.lock to org.junit.platform.commons;
    opens dev.kart.test.support.redis to org.junit.platform.commons;
    opens dev.kart.test.support.storage to org.junit.platform.commons;

    // Testcontainers' last way to a Docker engine: a dockerd of the test JVM's own
    provides org.testcontainers.dockerclient.DockerClientProviderStrategy
            with dev.kart.test.support.internal.TestDockerdStrategy;
}
