package dev.kart.bench.lock;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.measure.Samples;
import dev.kart.lock.CacheLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.test.support.redis.LocalRedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * {@code lock-redis-jedis} and {@code lock-redis-redisson}: acquire (with a timeout, as
 * {@code CacheStore} does) + release of the Redis backend's exclusive cache lock, each time on a new
 * key, at 1 and at 8 threads, against a redis-server the scenario starts. The backend is opened as an
 * embedding application's would be, with {@code new RedisLockBackendProvider().open(settings)}, the
 * settings built with {@link RedisLockSettings#builder} and kart's defaults (TTL 180 s, renewal every
 * 60 s, a pool of 16). The baseline, in the same run on the same server,
 * is the floor of any Redis lock: the same number of raw {@code SET key token NX PX ttl} + {@code DEL
 * key} pairs through a Jedis pooled client sized for 8 threads. Measured and baseline rounds
 * alternate (the order swapped every round), and each ratio is the median of the rounds' ratios.
 * Targets at 8 threads: at least 0.85 of raw for the Jedis binding (both cost 2 round trips), at least
 * 0.5 for the Redisson binding (2 calls too, each a hop to Redisson's event-loop threads and back).
 */
public final class LockRedisScenario implements Scenario {
    /** The smallest allowed ratio of binding to raw throughput, for the Jedis binding. */
    public static final double TARGET_RATIO = 0.85;
    /** The smallest allowed ratio of binding to raw throughput, for the Redisson binding. */
    public static final double REDISSON_TARGET_RATIO = 0.5;
    /** Thread counts measured: one, and as many as a busy node's workers. */
    static final int MANY_THREADS = 8;
    private static final Duration WAIT = Duration.ofMinutes(1);

    private final String name;
    private final String client;
    private final int operationsPerThread;
    private final int warmups;
    private final int repetitions;

    /**
     * @param name the scenario's name
     * @param client the binding, {@code jedis} or {@code redisson}
     * @param operationsPerThread acquire + release pairs per thread per round at 8 threads; a round at
     *     one thread does 4 times as many
     * @param warmups untimed rounds (of each kind) first
     * @param repetitions timed rounds; the medians are reported
     */
    public LockRedisScenario(String name, String client, int operationsPerThread, int warmups, int repetitions) {
        this.name = name;
        this.client = client;
        this.operationsPerThread = operationsPerThread;
        this.warmups = warmups;
        this.repetitions = repetitions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "redis exclusive cache lock acquire+release (" + client + " binding) on distinct keys, 1 and "
                + MANY_THREADS + " threads, vs raw SET NX PX + DEL through Jedis";
    }

    @Override
    public Result run() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            LeaseSettings lease = BenchLockSettings.defaults("bench");
            try (LockBackend backend = new RedisLockBackendProvider().open(BenchLockSettings.redis(lease, redis.host(),
                    redis.port(), client));
                    RedisClient raw = rawClient(redis)) {
                return figures(backend, raw, lease.ttl().toMillis());
            }
        }
    }

    private Result figures(LockBackend backend, RedisClient raw, long ttlMillis) throws InterruptedException {
        PairCost cost = new PairCost(raw);
        CacheLock cacheLock = backend.cacheLock();
        KeyedThroughput.KeyOperation locked = key -> {
            try (Lease lease = cacheLock.acquire(key, LockMode.EXCLUSIVE, WAIT).orElseThrow(
                    () -> new IllegalStateException("the free key " + key + " was not granted within " + WAIT))) {
                if (!lease.isHeld()) {
                    throw new IllegalStateException("a fresh lease on " + key + " is not held");
                }
            }
        };
        KeyedThroughput.KeyOperation baseline = key -> {
            String token = Thread.currentThread().getName() + ":" + key;
            if (!"OK".equals(raw.set("raw:" + key, token, SetParams.setParams().nx().px(ttlMillis)))) {
                throw new IllegalStateException("raw SET NX of the free key raw:" + key + " was refused");
            }
            if (raw.del("raw:" + key) != 1) {
                throw new IllegalStateException("raw DEL of raw:" + key + " deleted nothing");
            }
        };
        Figures many = measure(locked, baseline, MANY_THREADS, operationsPerThread, cost);
        Figures one = measure(locked, baseline, 1, operationsPerThread * 4, cost);
        if (!backend.heldLocks().isEmpty()) {
            throw new IllegalStateException("locks are still held after every lease was closed: "
                    + backend.heldLocks());
        }
        Result result = Result.of(name)
                .with("client", client)
                .with("threads", MANY_THREADS)
                .with("ops_per_s", many.ops())
                .with("raw_ops_per_s", many.raw())
                .with("ratio", many.ratio())
                .with("ops_per_s_1t", one.ops())
                .with("raw_ops_per_s_1t", one.raw())
                .with("ratio_1t", one.ratio())
                .with("ratio_min", many.ratioMin())
                .with("ratio_max", many.ratioMax())
                .with("ratio_1t_min", one.ratioMin())
                .with("ratio_1t_max", one.ratioMax())
                .with("client_cpu_us", many.lockedCost().clientUs())
                .with("raw_client_cpu_us", many.rawCost().clientUs())
                .with("server_cpu_us", many.lockedCost().serverUs())
                .with("raw_server_cpu_us", many.rawCost().serverUs())
                .with("server_cmd_us", many.lockedCost().commandsUs())
                .with("raw_server_cmd_us", many.rawCost().commandsUs())
                .with("cpu_ratio", (many.rawCost().clientUs() + many.rawCost().serverUs())
                        / (many.lockedCost().clientUs() + many.lockedCost().serverUs()));
        double target = client.equals("jedis") ? TARGET_RATIO : REDISSON_TARGET_RATIO;
        result = result.with("target_ratio", target).withVerdict("met", many.ratio() >= target);
        return result.with("reps", repetitions);
    }

    private static RedisClient rawClient(LocalRedisServer redis) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(MANY_THREADS);
        pool.setMaxIdle(MANY_THREADS);
        pool.setJmxEnabled(false);
        return RedisClient.builder().hostAndPort(new HostAndPort(redis.host(), redis.port()))
                .clientConfig(DefaultJedisClientConfig.builder().build()).poolConfig(pool).build();
    }

    /**
     * Medians of one thread count: the binding's and raw throughput, of the rounds' ratios, and of the
     * CPU per operation of the binding's and of raw rounds (each figure's median on its own).
     */
    private record Figures(double ops, double raw, double ratio, double ratioMin, double ratioMax, PairCost.Figures lockedCost,
            PairCost.Figures rawCost) {
    }

    /** The medians of the rounds' CPU figures, each on its own. */
    private static PairCost.Figures median(List<PairCost.Figures> rounds) {
        Samples.Recorder client = new Samples.Recorder();
        Samples.Recorder server = new Samples.Recorder();
        Samples.Recorder commands = new Samples.Recorder();
        for (PairCost.Figures round : rounds) {
            client.add(round.clientUs());
            server.add(round.serverUs());
            commands.add(round.commandsUs());
        }
        return new PairCost.Figures(client.samples().median(), server.samples().median(), commands.samples().median());
    }

    private Figures measure(KeyedThroughput.KeyOperation locked, KeyedThroughput.KeyOperation baseline, int threads, int perThread,
            PairCost cost) throws InterruptedException {
        for (int i = 0; i < warmups; i++) {
            opsPerSecond(locked, threads, perThread, "warm-" + threads + "-" + i + "-a");
            opsPerSecond(baseline, threads, perThread, "warm-" + threads + "-" + i + "-b");
        }
        Samples.Recorder ops = new Samples.Recorder();
        Samples.Recorder raw = new Samples.Recorder();
        Samples.Recorder ratios = new Samples.Recorder();
        List<PairCost.Figures> lockedCosts = new ArrayList<>();
        List<PairCost.Figures> rawCosts = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            double lockedOps;
            double rawOps;
            String prefix = "t" + threads + "-" + i;
            if (i % 2 == 0) {
                lockedOps = costed(locked, threads, perThread, prefix + "-a", cost, lockedCosts);
                rawOps = costed(baseline, threads, perThread, prefix + "-b", cost, rawCosts);
            } else {
                rawOps = costed(baseline, threads, perThread, prefix + "-a", cost, rawCosts);
                lockedOps = costed(locked, threads, perThread, prefix + "-b", cost, lockedCosts);
            }
            ops.add(lockedOps);
            raw.add(rawOps);
            ratios.add(lockedOps / rawOps);
        }
        Samples r = ratios.samples();
        return new Figures(ops.samples().median(), raw.samples().median(), r.median(), r.min(), r.max(), median(lockedCosts),
                median(rawCosts));
    }

    /** {@link #opsPerSecond}, its CPU per operation added to {@code costs}. */
    private static double costed(KeyedThroughput.KeyOperation operation, int threads, int perThread, String round, PairCost cost,
            List<PairCost.Figures> costs) throws InterruptedException {
        cost.start();
        double ops = opsPerSecond(operation, threads, perThread, round);
        costs.add(cost.stop(threads * perThread));
        return ops;
    }

    /** One round on keys of its own: every round's keys are new to Redis. */
    private static double opsPerSecond(KeyedThroughput.KeyOperation operation, int threads, int perThread, String round)
            throws InterruptedException {
        return KeyedThroughput.opsPerSecond(KeyedThroughput.keys("bench/lock/" + round + "/", threads, perThread), operation);
    }
}
