/**
 * kart's benchmarks ({@code bench/run}): end-to-end scenarios and JMH micro benchmarks, each printing
 * its figure with a baseline measured in the same run. It measures kart-core's internals too, which
 * kart-core exports to it by name.
 */
module dev.kart.bench {
    requires dev.kart.core;
    requires dev.kart.lock.inmemory;
    requires dev.kart.lock.redis;
    requires dev.kart.test.support;
    requires dev.kart.storage.s3;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.http.apache5;
    requires redis.clients.jedis;
    requires typesafe.config;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires jmh.core;
    requires java.management;
    requires jdk.management;

    uses dev.kart.bench.ScenarioProvider;
    provides dev.kart.bench.ScenarioProvider with dev.kart.bench.CoreScenarios, dev.kart.bench.RedisScenarios,
            dev.kart.bench.MicroScenarios, dev.kart.bench.S3Scenarios;
    provides ch.qos.logback.classic.spi.Configurator with dev.kart.bench.BenchLogging;

    // JMH runs the benchmark classes reflectively; kart's runtime reads the scenarios' task records
    opens dev.kart.bench.micro;
    opens dev.kart.bench.contention;
    opens dev.kart.bench.dag;
    opens dev.kart.bench.nodes;
    opens dev.kart.bench.soak;
}
