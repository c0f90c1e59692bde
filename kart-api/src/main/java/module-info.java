/**
 * kart's API, for task authors ({@code dev.kart.task}), format authors ({@code dev.kart.format}) and
 * lock-backend authors ({@code dev.kart.lock}, {@code dev.kart.config}), storage authors ({@code dev.kart.storage}), and the errors kart raises
 * on purpose ({@code dev.kart}). It depends on nothing but the JDK. It also holds the annotation
 * processor that writes a jar's task index ({@code dev.kart.task.index}, not exported: javac finds
 * it as a service), and, exported only to kart's own modules, how the runtime and the Redis backend load
 * registered services ({@code dev.kart.internal.service}) and how they all word a duration
 * ({@code dev.kart.internal.text}).
 */
module dev.kart.api {
    // only javac needs it, to run the task index processor; tasks at run time do not
    requires static java.compiler;
    // and javac's own API, for the processor to list only the task classes javac wrote
    requires static jdk.compiler;

    exports dev.kart;
    exports dev.kart.config;
    exports dev.kart.format;
    exports dev.kart.lock;
    exports dev.kart.storage;
    exports dev.kart.task;
    // kart's own modules that discover services share how a bad registration is told; not API
    exports dev.kart.internal.service to dev.kart.core, dev.kart.lock.redis;
    // and how they word a duration, in the commands' output and in the runtime's and backends' messages
    exports dev.kart.internal.text to dev.kart.core, dev.kart.cli, dev.kart.lock.redis, dev.kart.lock.redis.jedis,
            dev.kart.lock.redis.redisson, dev.kart.storage.s3;

    provides javax.annotation.processing.Processor with dev.kart.task.index.TaskIndexProcessor;
}
